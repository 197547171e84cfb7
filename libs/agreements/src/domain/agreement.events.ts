import type { Actor } from './actor';
import type { Activity, AgreementTerms, Audiensi, Draft, Review, Signing } from './agreement.parts';
import type { ApprovalStep } from './agreement.vocabulary';

interface Event<TType extends string, TData> {
  readonly type: TType;
  readonly data: TData;
}

export type AgreementProposed = Event<
  'AgreementProposed',
  AgreementTerms & { agreementId: string; renewalOf?: string }
>;
export type AudiensiHeld = Event<'AudiensiHeld', Audiensi>;
export type DraftSubmitted = Event<'DraftSubmitted', Draft & { draftVersion: number }>;
export type DraftApproved = Event<'DraftApproved', { draftVersion: number; step: ApprovalStep; note?: string }>;
export type DraftDeclined = Event<'DraftDeclined', { draftVersion: number; step: ApprovalStep; note: string }>;
export type AgreementSigned = Event<'AgreementSigned', Signing & { draftVersion: number }>;
export type ExecutionStarted = Event<'ExecutionStarted', { startedOn: string }>;
export type ActivityRecorded = Event<'ActivityRecorded', Activity>;
export type AgreementReviewed = Event<'AgreementReviewed', Review>;
export type ExecutionContinued = Event<'ExecutionContinued', { reason?: string }>;
export type AmendmentStarted = Event<'AmendmentStarted', { reason: string }>;
export type AgreementClosed = Event<'AgreementClosed', { reason: string }>;
export type AgreementRenewed = Event<'AgreementRenewed', { renewedBy: string; title: string }>;
export type AgreementWithdrawn = Event<'AgreementWithdrawn', { reason: string }>;
export type AgreementTerminated = Event<'AgreementTerminated', { reason: string }>;

export type AgreementEvent =
  | AgreementProposed
  | AudiensiHeld
  | DraftSubmitted
  | DraftApproved
  | DraftDeclined
  | AgreementSigned
  | ExecutionStarted
  | ActivityRecorded
  | AgreementReviewed
  | ExecutionContinued
  | AmendmentStarted
  | AgreementClosed
  | AgreementRenewed
  | AgreementWithdrawn
  | AgreementTerminated;

export type AgreementEventType = AgreementEvent['type'];

/** What the domain needs to know of an event once it is recorded: who, when, and its place. */
export interface Recorded {
  readonly actor: Actor;
  readonly at: string;
  readonly version: number;
}

export type RecordedAgreementEvent = AgreementEvent & { readonly recorded: Recorded };
