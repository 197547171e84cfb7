import type { Actor } from './actor';
import type { Activity, AgreementTerms, Audiensi, Draft, Review, Signing } from './agreement.parts';
import type { ApprovalDecision, ApprovalStep } from './agreement.vocabulary';

/** Who, when and why-chain of a command: it comes in with the command, never from a clock. */
export interface CommandMetadata {
  readonly commandId: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly actor: Actor;
  /** ISO-8601 instant at which the command is decided. */
  readonly now: string;
}

interface Command<TType extends string, TData> {
  readonly type: TType;
  readonly agreementId: string;
  readonly data: TData;
  readonly metadata: CommandMetadata;
}

export type ProposeAgreement = Command<'proposal', AgreementTerms>;
export type RecordAudiensi = Command<'audiensi', Audiensi>;
export type SubmitDraft = Command<'drafts', Draft>;
export type DecideApproval = Command<
  'approvals',
  { draftVersion: number; step: ApprovalStep; decision: ApprovalDecision; note?: string }
>;
export type SignAgreement = Command<'signing', Signing>;
export type StartExecution = Command<'execution', { startedOn: string }>;
export type RecordActivity = Command<'activities', Activity>;
export type ReviewAgreement = Command<'reviews', Review>;
export type ContinueExecution = Command<'continuation', { reason?: string }>;
export type StartAmendment = Command<'amendment', { reason: string }>;
export type CloseAgreement = Command<'closure', { reason: string }>;
/** `successorId` is the id the renewed agreement will carry; ids come in with the command. */
export type RenewAgreement = Command<'renewal', { successorId: string; title?: string }>;
export type WithdrawAgreement = Command<'withdrawal', { reason: string }>;
export type TerminateAgreement = Command<'termination', { reason: string }>;

/** Commands that move an existing agreement along its lifecycle. */
export type LifecycleCommand =
  | RecordAudiensi
  | SubmitDraft
  | DecideApproval
  | SignAgreement
  | StartExecution
  | RecordActivity
  | ReviewAgreement
  | ContinueExecution
  | StartAmendment
  | CloseAgreement
  | RenewAgreement
  | WithdrawAgreement
  | TerminateAgreement;

export type AgreementCommand = ProposeAgreement | LifecycleCommand;

/** The name of a lifecycle command: the last segment of its HTTP path. */
export type LifecycleCommandName = LifecycleCommand['type'];
export type AgreementCommandName = AgreementCommand['type'];

/** The reason a command carries, recorded in every event's metadata. */
export function reasonOf(command: AgreementCommand): string | undefined {
  switch (command.type) {
    case 'continuation':
    case 'amendment':
    case 'closure':
    case 'withdrawal':
    case 'termination':
      return command.data.reason;
    case 'approvals':
      return command.data.note;
    case 'drafts':
      return command.data.changeNote;
    default:
      return undefined;
  }
}
