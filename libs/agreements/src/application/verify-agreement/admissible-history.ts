import { isDeepStrictEqual } from 'node:util';
import { verifyChain, type ChainVerification, type StoredEvent } from '@kemitraan/event-store';
import {
  authorizationRefusal,
  commandRecordedBy,
  decide,
  evolve,
  initialState,
  isRole,
  machineVersionRank,
  rulesAtRank,
  type AgreementEvent,
  type RuleBook,
  type CommandMetadata,
  type RenewAgreement,
} from '../../domain';
import { toRecorded } from '../agreement-streams';

export interface InadmissibleFact {
  readonly version: number;
  /** Why deciding its command again on the agreement before it does not give this fact. */
  readonly why: string;
}

/** A stream as /verification and verify-export judge it, and the fact that broke the rules, if any. */
export interface HistoryVerification {
  readonly chain: ChainVerification;
  readonly inadmissible: InadmissibleFact | null;
}

/** Every hash, link and time of the chain first; then, on an intact chain, every fact against the rules. */
export function verifyHistory(agreementId: string, events: readonly StoredEvent[]): HistoryVerification {
  const chain = verifyChain(events);
  const inadmissible = chain.valid ? firstInadmissibleFact(agreementId, events) : null;
  if (!inadmissible) return { chain, inadmissible };
  return { chain: { valid: false, events: events.length, firstBrokenVersion: inadmissible.version }, inadmissible };
}

/**
 * The first fact of a stream that its command, decided again on the agreement as it stood before,
 * would not have given: refused (a step approved after it was declined, a signing with approvals
 * missing, an actor out of scope or without the role, the drafter approving) or a different fact
 * (a draft version out of turn). The hash chain proves the stream was not changed since written;
 * this, that whoever wrote it around the server kept to the rules.
 *
 * Each fact is decided by the rules of the machine version that recorded it (rule-book.ts): no
 * day after today from agreement@3 on. A stream never goes back to an older machine's rules: a
 * fact that names an older version than one before it is judged by the newer one's, so a forger
 * cannot claim agreement@2 to slip past a rule of @3 in a stream @3 wrote (in a stream only older
 * versions wrote, such a claim is not told from a fact they wrote: SECURITY.md). Two rules were
 * tightened earlier without a version of their own, under agreement@1: 4ad689f (2026-11-23)
 * refused the withdrawal of an agreement under an addendum, fefa011 (2026-12-03) totals past
 * 2^53 - 1; a database holding such facts from before them shows those facts as breaking the rules.
 *
 * A successor's first fact (AgreementProposed with renewalOf) was decided with its predecessor's
 * renewal: it is checked as the renewal's actor would be, a head of one of its units.
 */
export function firstInadmissibleFact(agreementId: string, events: readonly StoredEvent[]): InadmissibleFact | null {
  let state = initialState();
  let newest = -1;
  for (const event of events) {
    const fact = { type: event.type, data: event.data } as AgreementEvent;
    newest = Math.max(newest, machineVersionRank(event.metadata.machineVersion));
    const why = whyNotDecided(agreementId, fact, event, state, rulesAtRank(newest));
    if (why) return { version: event.version, why };
    try {
      state = evolve(state, toRecorded(event));
    } catch (error) {
      return { version: event.version, why: error instanceof Error ? error.message : String(error) };
    }
  }
  return null;
}

function whyNotDecided(
  agreementId: string,
  fact: AgreementEvent,
  event: StoredEvent,
  state: ReturnType<typeof initialState>,
  rules: RuleBook,
): string | null {
  const { actor, at, commandId, correlationId, causationId } = event.metadata;
  const metadata: CommandMetadata = {
    commandId,
    correlationId,
    causationId,
    actor: { ...actor, roles: actor.roles.filter(isRole) },
    now: at,
  };
  try {
    if (fact.type === 'AgreementProposed' && fact.data.renewalOf !== undefined && event.version === 1) {
      const renewal: RenewAgreement = {
        type: 'renewal',
        agreementId: fact.data.renewalOf,
        data: { successorId: agreementId },
        metadata,
      };
      return authorizationRefusal(renewal, fact.data.units)?.message ?? null;
    }
    const decided = decide(commandRecordedBy(agreementId, fact, metadata), state, rules);
    const same =
      decided.length === 1 && decided[0]!.type === fact.type && isDeepStrictEqual(decided[0]!.data, fact.data);
    return same ? null : `deciding its command again gives ${decided.map((e) => e.type).join(', ')} otherwise`;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
