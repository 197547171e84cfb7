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

/** The kinds of unit that are parties on the inside of an agreement: the UPTs. */
export const UPT_KINDS: ReadonlySet<UnitKind> = new Set(['LAPAS', 'RUTAN', 'LPKA', 'BAPAS']);

/**
 * A Kanwil or headquarters named among an agreement's units. Its parties on the inside are UPTs
 * (PRODUCT.md); a Kanwil among them would bring its legal reviewer and head into the agreement's
 * scope, and its own staff into the UPT's roles, without any of its UPTs being a party.
 */
export class UnitNotAParty extends Error {
  readonly code = 'unit-not-a-party';
  constructor(readonly units: readonly Pick<Unit, 'code' | 'kind'>[]) {
    const named = units.map((u) => `${u.code} is a ${u.kind}`).join(', ');
    super(`${named}: an agreement's units are UPTs (LAPAS, RUTAN, LPKA or BAPAS).`);
    this.name = 'UnitNotAParty';
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
