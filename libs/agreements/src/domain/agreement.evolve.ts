import type { Actor } from './actor';
import type { AgreementEventType, RecordedAgreementEvent } from './agreement.events';
import type { LifecycleState } from './lifecycle.states';
import { exists, type ActorRef, type Agreement, type AgreementState } from './agreement.state';
import { NO_ACTIVITIES, withActivity } from './execution-totals';

/**
 * Where each fact leaves the agreement. A fact's outcome never depends on the state it came
 * from, so histories recorded under an older machine version still fold.
 */
export const EVENT_OUTCOME: Record<AgreementEventType, LifecycleState> = {
  AgreementProposed: 'proposed',
  AudiensiHeld: 'audiensiHeld',
  DraftSubmitted: 'drafted',
  DraftApproved: 'drafted',
  DraftDeclined: 'drafted',
  AgreementSigned: 'signed',
  ExecutionStarted: 'inExecution',
  ActivityRecorded: 'inExecution',
  AgreementReviewed: 'reviewed',
  ExecutionContinued: 'inExecution',
  AmendmentStarted: 'drafted',
  AgreementClosed: 'closed',
  AgreementRenewed: 'closed',
  AgreementWithdrawn: 'withdrawn',
  AgreementTerminated: 'terminated',
};

const refOf = (actor: Actor): ActorRef => ({ sub: actor.sub, name: actor.name });

function proposed(event: Extract<RecordedAgreementEvent, { type: 'AgreementProposed' }>): Agreement {
  const { agreementId, renewalOf, ...terms } = event.data;
  return {
    status: EVENT_OUTCOME.AgreementProposed,
    id: agreementId,
    terms,
    version: event.recorded.version,
    createdAt: event.recorded.at,
    updatedAt: event.recorded.at,
    audiensi: [],
    draft: null,
    approvals: [],
    signing: null,
    execution: null,
    activities: NO_ACTIVITIES,
    reviews: [],
    amendments: [],
    ending: null,
    renewalOf: renewalOf ?? null,
    renewedBy: null,
  };
}

/**
 * What a fact changes of the agreement beside its status, version and time. What the proposal
 * set (its id, terms, creation time and the agreement it renews) no later fact changes.
 */
type FactChanges = Partial<
  Omit<Agreement, 'status' | 'version' | 'updatedAt' | 'id' | 'terms' | 'createdAt' | 'renewalOf'>
>;

function changesOf(agreement: Agreement, event: RecordedAgreementEvent): FactChanges {
  const { actor, at } = event.recorded;
  switch (event.type) {
    case 'AgreementProposed':
      throw new Error(`Agreement ${agreement.id} was proposed twice.`);
    case 'AudiensiHeld':
      return { audiensi: [...agreement.audiensi, event.data] };
    case 'DraftSubmitted': {
      const { draftVersion, ...draft } = event.data;
      const current = { ...draft, version: draftVersion, submittedBy: refOf(actor), submittedAt: at, signed: false };
      return { draft: current, approvals: [] };
    }
    case 'DraftApproved':
    case 'DraftDeclined': {
      const decision = event.type === 'DraftApproved' ? 'APPROVE' : 'DECLINE';
      const record = { ...event.data, decision, by: refOf(actor), at } as const;
      return { approvals: [...agreement.approvals, record] };
    }
    case 'AgreementSigned': {
      const draft = agreement.draft && { ...agreement.draft, signed: true };
      const firstSignedOn = agreement.firstSignedOn ?? agreement.signing?.signedOn ?? event.data.signedOn;
      return { draft, signing: { ...event.data, recordedBy: refOf(actor) }, firstSignedOn };
    }
    case 'ExecutionStarted':
      return { execution: { startedOn: event.data.startedOn } };
    case 'ActivityRecorded':
      return { activities: withActivity(agreement.activities, event.data) };
    case 'AgreementReviewed':
      return { reviews: [...agreement.reviews, event.data] };
    case 'ExecutionContinued':
      return {};
    case 'AmendmentStarted':
      // The signed draft's approvals stand until the addendum's draft voids them (PRODUCT.md: a
      // new draft version voids all earlier approvals), as its history shows them.
      return { amendments: [...agreement.amendments, { reason: event.data.reason, at, by: refOf(actor) }] };
    case 'AgreementRenewed':
      return {
        renewedBy: event.data.renewedBy,
        ending: { reason: `Renewed as ${event.data.renewedBy}.`, at, by: refOf(actor) },
      };
    case 'AgreementClosed':
    case 'AgreementWithdrawn':
    case 'AgreementTerminated':
      return { ending: { reason: event.data.reason, at, by: refOf(actor) } };
    default:
      return unreachable(event);
  }
}

function unreachable(event: never): never {
  throw new Error(`Unknown agreement event ${(event as { type: string }).type}.`);
}

/** Folds one recorded fact into the agreement. */
export function evolve(state: AgreementState, event: RecordedAgreementEvent): AgreementState {
  if (!exists(state)) {
    if (event.type !== 'AgreementProposed') throw new Error(`${event.type} before the agreement was proposed.`);
    return proposed(event);
  }
  // One copy of the agreement per fact: besides the write side, the agreements read model folds
  // every event of the log but the activities through here.
  return {
    ...state,
    ...changesOf(state, event),
    status: EVENT_OUTCOME[event.type],
    version: event.recorded.version,
    updatedAt: event.recorded.at,
  };
}
