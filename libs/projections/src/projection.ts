import type { ReadModelEvent } from '@kemitraan/event-store';

/**
 * A read model as a pure function over one row: which row an event changes, and what the row
 * becomes. The runner does the reading, the writing and the checkpoint around it.
 */
export interface Projection<Row extends object = object> {
  /** Stable: the name of the read model in the database and in `GET /api/admin/projections`. */
  readonly name: string;
  /**
   * True when each row is changed by the events of one stream only (its key follows from the
   * stream): a rebuild may then read the log stream by stream, folding each row whole.
   */
  readonly oneStreamPerRow?: boolean;
  // Properties, not methods: TypeScript checks a method's parameter loosely, and a projection
  // declared to take a whole StoredEvent would compile, then miss what a rebuild's pass leaves out.
  /** The key of the row the event changes, or null when this read model ignores the event. */
  readonly keyOf: (event: ReadModelEvent) => string | null;
  /**
   * The row after the event (null removes it); the very row it was given when the event changes
   * nothing, so that nothing is written. Throws on an event it cannot make sense of.
   */
  readonly apply: (row: Row | null, event: ReadModelEvent) => Row | null;
}

export type AnyProjection = Projection<any>;
