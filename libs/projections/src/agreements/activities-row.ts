import { addedTotals, type Agreement, type ExecutionTotals } from '@kemitraan/agreements/domain';

/**
 * An agreement's activities, folded into a small row of their own beside the agreement's row:
 * recording an activity, by far the most frequent command, then rewrites this row and not the
 * agreement's whole row (measured in docs/performance-notes.md).
 */
export interface ActivitiesRow {
  readonly activities: ExecutionTotals;
  /** The agreement's version and time after its latest activity. */
  readonly version: number;
  readonly updatedAt: string;
}

/** Ends the key of an activities row: the agreement's id and a suffix no id has (ids are UUIDs). */
export const ACTIVITIES_KEY_SUFFIX = '/activities';

export const activitiesKeyOf = (agreementId: string): string => `${agreementId}${ACTIVITIES_KEY_SUFFIX}`;

/**
 * The agreement as the domain folds it, from its row and its activities row. The agreement row's
 * own totals count the activities folded into it before activities had a row of their own; the
 * activities row counts the rest, so the two add up. The later row gives the version and the time.
 */
export function withActivities(agreement: Agreement, row: ActivitiesRow | null): Agreement {
  if (!row) return agreement;
  const activities = addedTotals(agreement.activities, row.activities);
  return row.version > agreement.version
    ? { ...agreement, activities, version: row.version, updatedAt: row.updatedAt }
    : { ...agreement, activities };
}
