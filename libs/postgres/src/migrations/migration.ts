/** A versioned schema change: applied once, in name order, inside the start-up transaction. */
export interface Migration {
  readonly name: string;
  readonly up: string;
}
