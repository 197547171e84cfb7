import type { AgreementTerms, Audiensi, Draft, Review, Signing } from './agreement.parts';
import type { ApprovalDecision, ApprovalStep } from './agreement.vocabulary';
import type { LifecycleState } from './lifecycle.states';

export interface ActorRef {
  readonly sub: string;
  readonly name: string;
}

export interface CurrentDraft extends Draft {
  readonly version: number;
  readonly submittedBy: ActorRef;
  readonly submittedAt: string;
  /** A signed draft stays current until an addendum replaces it, but awaits no approval. */
  readonly signed: boolean;
}

export interface ApprovalRecord {
  readonly step: ApprovalStep;
  readonly decision: ApprovalDecision;
  readonly draftVersion: number;
  readonly by: ActorRef;
  readonly at: string;
  readonly note?: string;
}

export interface SigningRecord extends Signing {
  readonly draftVersion: number;
  readonly recordedBy: ActorRef;
}

export interface ExecutionTotals {
  readonly count: number;
  readonly participants: number;
  readonly revenueIdr: number;
}

export interface Ending {
  readonly reason: string;
  readonly at: string;
  readonly by: ActorRef;
}

export interface Agreement {
  readonly status: LifecycleState;
  readonly id: string;
  readonly terms: AgreementTerms;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly audiensi: readonly Audiensi[];
  readonly draft: CurrentDraft | null;
  /** Approvals and declines given on the current draft version, in order. */
  readonly approvals: readonly ApprovalRecord[];
  /** The latest signing: an addendum's replaces the agreement's. */
  readonly signing: SigningRecord | null;
  /**
   * The day it was first signed, which no addendum moves. Absent from a state folded before it was
   * kept (a read model's row not rebuilt since): `signing` was the first signing until an addendum.
   */
  readonly firstSignedOn?: string;
  readonly execution: { readonly startedOn: string } | null;
  readonly activities: ExecutionTotals;
  readonly reviews: readonly Review[];
  readonly amendments: readonly Ending[];
  readonly ending: Ending | null;
  readonly renewalOf: string | null;
  readonly renewedBy: string | null;
}

/** Before its proposal an agreement does not exist. */
export interface NoAgreement {
  readonly status: 'none';
}

export type AgreementState = NoAgreement | Agreement;

export function initialState(): AgreementState {
  return { status: 'none' };
}

export function exists(state: AgreementState): state is Agreement {
  return state.status !== 'none';
}
