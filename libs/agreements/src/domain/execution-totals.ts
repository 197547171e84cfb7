import { ExecutionTotalsOutOfRange } from './agreement.errors';
import type { Activity } from './agreement.parts';
import type { ExecutionTotals } from './agreement.state';

export const NO_ACTIVITIES: ExecutionTotals = { count: 0, participants: 0, revenueIdr: 0 };

/** The totals of an agreement's execution once one more activity is recorded. */
export const withActivity = (totals: ExecutionTotals, activity: Activity): ExecutionTotals => ({
  count: totals.count + 1,
  participants: totals.participants + activity.participants,
  revenueIdr: totals.revenueIdr + (activity.revenueIdr ?? 0),
});

/** Totals kept apart, added up: each counts activities the other does not. */
export const addedTotals = (a: ExecutionTotals, b: ExecutionTotals): ExecutionTotals => ({
  count: a.count + b.count,
  participants: a.participants + b.participants,
  revenueIdr: a.revenueIdr + b.revenueIdr,
});

/**
 * Refuses an activity that would take a total past 2^53 - 1: beyond it a sum is no longer exact,
 * and the summary and every report would show a wrong figure.
 */
export function assertTotalsStayExact(totals: ExecutionTotals, activity: Activity): void {
  const after = withActivity(totals, activity);
  if (!Number.isSafeInteger(after.participants)) throw new ExecutionTotalsOutOfRange('participants');
  if (!Number.isSafeInteger(after.revenueIdr)) throw new ExecutionTotalsOutOfRange('revenueIdr');
}
