import { LIFECYCLE_VERSION } from './agreement.machine';

/**
 * The rules a version of the lifecycle machine decided by, where they differ from today's. Every
 * event records the machine version that decided it, and verification judges each fact by its
 * version's rules: a rule tightened later does not turn a fact recorded before it into a breach.
 * Tighten a rule only with a new machine version, listed here, and a flag.
 */
export interface RuleBook {
  /** The day a command says something happened on is not after today in Indonesia (agreement@3). */
  readonly noDaysAfterToday: boolean;
}

export const TODAYS_RULES: RuleBook = { noDaysAfterToday: true };

const BEFORE_AGREEMENT_3: RuleBook = { noDaysAfterToday: false };

/**
 * Every machine version that recorded facts, oldest first, with its rules. The last is this code's
 * own: when the machine's version is bumped, the one it replaces is listed before it here.
 */
const MACHINE_VERSIONS: readonly (readonly [string, RuleBook])[] = [
  ['agreement@1', BEFORE_AGREEMENT_3],
  ['agreement@2', BEFORE_AGREEMENT_3],
  [LIFECYCLE_VERSION, TODAYS_RULES],
];

/** Where a machine version stands among those known, oldest first; one not known is the newest. */
export function machineVersionRank(machineVersion: string): number {
  const rank = MACHINE_VERSIONS.findIndex(([version]) => version === machineVersion);
  return rank === -1 ? MACHINE_VERSIONS.length : rank;
}

/** The rules of the machine version at `rank` (machineVersionRank); today's for one not known. */
export function rulesAtRank(rank: number): RuleBook {
  return MACHINE_VERSIONS[rank]?.[1] ?? TODAYS_RULES;
}

/** The rules the machine version recorded with a fact decided by; today's for one not known. */
export function rulesOf(machineVersion: string): RuleBook {
  return rulesAtRank(machineVersionRank(machineVersion));
}
