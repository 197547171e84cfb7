import type { Role } from './actor';
import type { DecideApproval } from './agreement.commands';
import {
  ActionForbidden,
  ApprovalNotAdmissible,
  ApprovalsMissing,
  NoDraftAwaitingSigning,
  type AgreementError,
} from './agreement.errors';
import type { Agreement, CurrentDraft } from './agreement.state';
import type { AgreementKind, ApprovalStep } from './agreement.vocabulary';

const REQUIRED_STEPS: Record<AgreementKind, readonly ApprovalStep[]> = {
  MOU: ['UPT_HEAD', 'LEGAL', 'KANWIL_HEAD'],
  PKS: ['UPT_HEAD', 'LEGAL'],
};

/** The role a user must hold to give an approval step. */
export const STEP_ROLE: Record<ApprovalStep, Role> = {
  UPT_HEAD: 'upt_head',
  LEGAL: 'legal',
  KANWIL_HEAD: 'kanwil_head',
};

export function requiredSteps(kind: AgreementKind): readonly ApprovalStep[] {
  return REQUIRED_STEPS[kind];
}

function awaitingApproval(agreement: Agreement): CurrentDraft | null {
  const draft = agreement.draft;
  return draft && !draft.signed ? draft : null;
}

function decisionsOn(agreement: Agreement, draft: CurrentDraft, step: ApprovalStep) {
  return agreement.approvals.filter(
    (a) => a.step === step && a.draftVersion === draft.version && a.by.sub !== draft.submittedBy.sub,
  );
}

/** A step counts once approved on the current version, by anyone but its drafter, and never declined. */
function isApproved(agreement: Agreement, draft: CurrentDraft, step: ApprovalStep): boolean {
  const decisions = decisionsOn(agreement, draft, step);
  return decisions.some((d) => d.decision === 'APPROVE') && !decisions.some((d) => d.decision === 'DECLINE');
}

function isDeclined(agreement: Agreement, draft: CurrentDraft, step: ApprovalStep): boolean {
  return decisionsOn(agreement, draft, step).some((d) => d.decision === 'DECLINE');
}

/**
 * The steps still needed before the current draft may be signed: every required step before the
 * first draft, none once it is signed (an addendum's draft needs them all again when submitted).
 */
export function missingApprovals(agreement: Agreement): readonly ApprovalStep[] {
  const required = requiredSteps(agreement.terms.kind);
  if (agreement.draft?.signed) return [];
  const draft = awaitingApproval(agreement);
  if (!draft) return required;
  return required.filter((step) => !isApproved(agreement, draft, step));
}

/**
 * Why no approval, decline or signing can be taken now, whatever the command says: no draft
 * version awaits one (back in drafted for an addendum, before its draft), or null.
 */
export function noDraftAwaiting(agreement: Agreement, decision: 'approval' | 'signing'): AgreementError | null {
  if (awaitingApproval(agreement)) return null;
  const current = agreement.draft?.version ?? null;
  if (decision === 'signing') return new NoDraftAwaitingSigning(current);
  return new ApprovalNotAdmissible(
    'no-draft-awaiting-approval',
    'No draft version awaits approval: submit a new draft version first.',
    current,
  );
}

/**
 * Why no signing can be taken now, whatever it says: no draft version awaits one, or a step of the
 * current version was declined (it stays declined until a new version), or null.
 */
export function signingStandingRefusal(agreement: Agreement): AgreementError | null {
  const awaiting = noDraftAwaiting(agreement, 'signing');
  if (awaiting) return awaiting;
  const draft = awaitingApproval(agreement)!;
  const declined = requiredSteps(agreement.terms.kind).filter((step) => isDeclined(agreement, draft, step));
  return declined.length > 0 ? new ApprovalsMissing(missingApprovals(agreement), declined) : null;
}

/** Why the agreement cannot be signed now (no draft awaits it, or steps are missing), or null. */
export function signingRefusal(agreement: Agreement): AgreementError | null {
  const missing = missingApprovals(agreement);
  return signingStandingRefusal(agreement) ?? (missing.length > 0 ? new ApprovalsMissing(missing) : null);
}

/** Why an approval or decline cannot be recorded, or null when it can. */
export function approvalRefusal(agreement: Agreement, command: DecideApproval): AgreementError | null {
  const { draftVersion, step, decision } = command.data;
  const draft = awaitingApproval(agreement);
  const current = agreement.draft?.version ?? null;
  if (!draft) return noDraftAwaiting(agreement, 'approval');
  if (draftVersion !== draft.version) {
    return new ApprovalNotAdmissible(
      'not-current-draft-version',
      `Draft version ${draftVersion} is not the current one (${draft.version}).`,
      current,
    );
  }
  if (!requiredSteps(agreement.terms.kind).includes(step)) {
    return new ApprovalNotAdmissible(
      'step-not-required',
      `A ${agreement.terms.kind} does not need the ${step} step.`,
      current,
    );
  }
  if (draft.submittedBy.sub === command.metadata.actor.sub) {
    return new ActionForbidden('four-eyes', 'The user who submitted a draft version may not approve or decline it.');
  }
  const decisions = decisionsOn(agreement, draft, step);
  if (decisions.some((d) => d.decision === 'DECLINE')) {
    return new ApprovalNotAdmissible(
      'step-declined',
      `The ${step} step was declined on draft version ${draft.version}; it stays declined until a new version.`,
      current,
    );
  }
  if (decision === 'APPROVE' && decisions.some((d) => d.decision === 'APPROVE')) {
    return new ApprovalNotAdmissible(
      'step-already-approved',
      `The ${step} step is already approved on draft version ${draft.version}.`,
      current,
    );
  }
  return null;
}
