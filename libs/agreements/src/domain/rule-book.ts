/**
 * The rules a version of the lifecycle machine decided by, where they differ from today's. Every
 * event records the machine version that decided it, and verification judges each fact by its own
 * version's rules: a rule tightened later does not turn a fact recorded before it into a breach.
 * Tighten a rule only with a new machine version and a flag here.
 */
export interface RuleBook {
  /**
   * The days a command names are not after the day it is recorded, nor before what they follow:
   * a signing before the audiensi, an execution before the signing, an activity or a review before
   * the execution (agreement@3).
   */
  readonly businessDatesInOrder: boolean;
}

export const TODAYS_RULES: RuleBook = { businessDatesInOrder: true };

const BEFORE_AGREEMENT_3: RuleBook = { businessDatesInOrder: false };

const RULES_OF_OLDER_VERSIONS: ReadonlyMap<string, RuleBook> = new Map([
  ['agreement@1', BEFORE_AGREEMENT_3],
  ['agreement@2', BEFORE_AGREEMENT_3],
]);

/** The rules the machine version recorded with a fact decided by; today's for this version. */
export function rulesOf(machineVersion: string): RuleBook {
  return RULES_OF_OLDER_VERSIONS.get(machineVersion) ?? TODAYS_RULES;
}
