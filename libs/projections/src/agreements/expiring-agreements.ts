import type { Agreement } from '@kemitraan/agreements';

export interface ExpiringAgreement {
  readonly agreementId: string;
  readonly title: string;
  readonly effectiveUntil: string;
  /** Days from today to the last effective day: 0 when it ends today. */
  readonly daysLeft: number;
}

const DAY_MS = 86_400_000;

/** An agreement is in force from its signing until it is closed, withdrawn or terminated. */
export const IN_FORCE = ['signed', 'inExecution', 'reviewed', 'drafted'] as const;

/**
 * Agreements in force whose effective period ends between today and `withinDays` from today
 * (an amended agreement being redrafted is still in force under its signed terms). Soonest first.
 */
export function expiringAgreements(
  agreements: readonly Agreement[],
  today: string,
  withinDays: number,
): ExpiringAgreement[] {
  const rows = agreements.flatMap((agreement) => {
    const until = agreement.signing?.effectiveUntil;
    if (!until || !(IN_FORCE as readonly string[]).includes(agreement.status)) return [];
    const daysLeft = Math.round((Date.parse(until) - Date.parse(today)) / DAY_MS);
    if (daysLeft < 0 || daysLeft > withinDays) return [];
    return [{ agreementId: agreement.id, title: agreement.terms.title, effectiveUntil: until, daysLeft }];
  });
  return rows.sort((a, b) => a.daysLeft - b.daysLeft || a.agreementId.localeCompare(b.agreementId));
}
