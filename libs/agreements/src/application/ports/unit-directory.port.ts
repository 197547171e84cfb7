import type { UnitRef } from '../../domain';

/** Resolves unit codes to the units (and their Kanwil) an agreement is proposed for. */
export interface UnitDirectory {
  /** Throws an error with code `unit-not-found` when any code names no unit. */
  resolve(codes: readonly string[]): Promise<UnitRef[]>;
}

export const UNIT_DIRECTORY = Symbol('UnitDirectory');
