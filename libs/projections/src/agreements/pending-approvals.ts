import { requiredSteps, type Agreement, type ApprovalStep } from '@kemitraan/agreements/domain';

export interface PendingApproval {
  readonly agreementId: string;
  readonly title: string;
  readonly draftVersion: number;
  readonly step: ApprovalStep;
  /** Whole days since the draft version was submitted. */
  readonly waitingDays: number;
}

const DAY_MS = 86_400_000;

/**
 * The steps each draft still waits for: required by its kind, and neither approved nor declined
 * on the current version (a declined step waits for a new draft, not for its approver).
 * Longest waiting first.
 */
export function pendingApprovals(agreements: readonly Agreement[], now: Date): PendingApproval[] {
  const pending = agreements.flatMap((agreement) => {
    const { draft } = agreement;
    if (agreement.status !== 'drafted' || !draft || draft.signed) return [];
    const decided = new Set(agreement.approvals.filter((a) => a.draftVersion === draft.version).map((a) => a.step));
    const waitingDays = Math.max(0, Math.floor((now.getTime() - Date.parse(draft.submittedAt)) / DAY_MS));
    return requiredSteps(agreement.terms.kind)
      .filter((step) => !decided.has(step))
      .map((step) => ({
        agreementId: agreement.id,
        title: agreement.terms.title,
        draftVersion: draft.version,
        step,
        waitingDays,
      }));
  });
  return pending.sort(
    (a, b) =>
      b.waitingDays - a.waitingDays || a.agreementId.localeCompare(b.agreementId) || a.step.localeCompare(b.step),
  );
}
