import type { AgreementCommandName, LifecycleCommandName } from './agreement.commands';
import type { LifecycleState } from './lifecycle.states';
import type { ApprovalStep } from './agreement.vocabulary';

/** A command refused by the domain. `code` is stable; adapters map it to their own protocol. */
export abstract class AgreementError extends Error {
  abstract readonly code: string;
  private placedIn?: RefusedIn;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }

  /** Where the agreement stood, for a refusal that leaves its command out of `allowed` (lifecycle.ts). */
  get refusedIn(): RefusedIn | undefined {
    return this.placedIn;
  }

  /** Says where the agreement stood; each refusal is made fresh for its command, so it is its own. */
  placed(refusedIn: RefusedIn): this {
    this.placedIn = refusedIn;
    return this;
  }
}

export class AgreementNotFound extends AgreementError {
  readonly code = 'agreement-not-found';
  constructor(
    readonly agreementId: string,
    /** Read as it stood at `asOf`, before its proposal at `proposedAt`. */
    notYet?: { readonly asOf: string; readonly proposedAt: string },
  ) {
    super(
      notYet
        ? `Agreement ${agreementId} did not exist yet at ${notYet.asOf}: it was proposed at ${notYet.proposedAt}.`
        : `No agreement ${agreementId}.`,
    );
  }
}

export class AgreementAlreadyExists extends AgreementError {
  readonly code = 'agreement-exists';
  constructor(readonly agreementId: string) {
    super(`Agreement ${agreementId} already exists.`);
  }
}

export class CommandNotAllowed extends AgreementError {
  readonly code = 'command-not-allowed';
  constructor(
    readonly command: AgreementCommandName,
    readonly state: LifecycleState,
    readonly allowed: readonly LifecycleCommandName[],
  ) {
    super(`'${command}' is not allowed while the agreement is ${state}.`);
  }
}

export class ApprovalsMissing extends AgreementError {
  readonly code = 'approvals-missing';
  constructor(
    readonly missing: readonly ApprovalStep[],
    /** Steps of `missing` declined on the current version: only a new draft version clears them. */
    readonly declined: readonly ApprovalStep[] = [],
  ) {
    super(
      `The agreement cannot be signed before these approvals of the current draft: ${missing.join(', ')}.` +
        (declined.length > 0 ? ` ${declined.join(', ')} declined it: submit a new draft version.` : ''),
    );
  }
}

/** Back in drafted for an addendum, the signed draft is not signed again: the addendum's draft is. */
export class NoDraftAwaitingSigning extends AgreementError {
  readonly code = 'no-draft-awaiting-signing';
  constructor(readonly currentDraftVersion: number | null) {
    super(
      currentDraftVersion === null
        ? 'No draft version awaits signing: submit a draft first.'
        : `Draft version ${currentDraftVersion} is signed already: submit the addendum's draft version, then have it approved.`,
    );
  }
}

/** Where an agreement stood when a command was refused: its state and the commands it accepts. */
export interface RefusedIn {
  readonly state: LifecycleState;
  readonly allowed: readonly LifecycleCommandName[];
}

/** A signed agreement is in force: it ends by termination or closure, never by withdrawal. */
export class AlreadySigned extends AgreementError {
  readonly code = 'already-signed';
  constructor(readonly signedOn: string) {
    super(`The agreement was signed on ${signedOn}: it is in force and cannot be withdrawn, only terminated.`);
  }
}

/** An agreement never signed was never in force: it ends by withdrawal, not termination. */
export class NeverSigned extends AgreementError {
  readonly code = 'never-signed';
  constructor() {
    super('The agreement was never signed, so it was never in force: withdraw it rather than terminate it.');
  }
}

export type ApprovalRefusalReason =
  | 'no-draft-awaiting-approval'
  | 'not-current-draft-version'
  | 'step-not-required'
  | 'step-declined'
  | 'step-already-approved';

export class ApprovalNotAdmissible extends AgreementError {
  readonly code = 'approval-not-admissible';
  constructor(
    readonly reason: ApprovalRefusalReason,
    message: string,
    readonly currentDraftVersion: number | null,
  ) {
    super(message);
  }
}

export type ForbiddenReason = 'role' | 'scope' | 'step-role' | 'four-eyes';

export class ActionForbidden extends AgreementError {
  readonly code = 'forbidden';
  constructor(
    readonly reason: ForbiddenReason,
    message: string,
  ) {
    super(message);
  }
}

/** An activity that would take the agreement's participants or revenue past what a number holds exactly. */
export class ExecutionTotalsOutOfRange extends AgreementError {
  readonly code = 'totals-out-of-range';
  constructor(readonly total: 'participants' | 'revenueIdr') {
    super(
      `This activity would take the agreement's total ${total} past ${Number.MAX_SAFE_INTEGER}; it is not recorded.`,
    );
  }
}

/**
 * A day a command says something happened on that is still to come: a bad value of one field, as
 * a validation failure is, though only the command's time can tell it.
 */
export class BusinessDateInTheFuture extends AgreementError {
  readonly code = 'date-in-the-future';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
