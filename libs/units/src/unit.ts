/** A unit's code: upper-case words joined by hyphens, e.g. LAPAS-MAROS. */
export const UNIT_CODE = /^[A-Z0-9]+(-[A-Z0-9]+)*$/;
export const UNIT_CODE_MAX = 64;

export const UNIT_KINDS = ['LAPAS', 'RUTAN', 'LPKA', 'BAPAS', 'KANWIL', 'DITJEN'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** A correctional unit (UPT), a regional office (Kanwil) or headquarters. */
export interface Unit {
  readonly code: string;
  readonly name: string;
  readonly kind: UnitKind;
  /** The Kanwil a unit belongs to; a Kanwil or headquarters names itself. */
  readonly kanwil: string;
  readonly province: string;
}

export class UnitNotFound extends Error {
  readonly code = 'unit-not-found';
  constructor(readonly codes: readonly string[]) {
    super(`No such unit: ${codes.join(', ')}.`);
    this.name = 'UnitNotFound';
  }
}

export class UnitAlreadyExists extends Error {
  readonly code = 'unit-exists';
  constructor(readonly unitCode: string) {
    super(`Unit ${unitCode} already exists.`);
    this.name = 'UnitAlreadyExists';
  }
}

/** A unit that cannot stand as given: its Kanwil is not a Kanwil, or a Kanwil names another. */
export class UnitRejected extends Error {
  readonly code = 'unit-rejected';
  constructor(
    readonly field: keyof Unit,
    message: string,
  ) {
    super(message);
    this.name = 'UnitRejected';
  }
}
