import { agreementIdOf, toRecorded } from '@kemitraan/agreements/application/agreement-streams';
import { evolve, exists, initialState, NO_ACTIVITIES, withActivity, type Activity } from '@kemitraan/agreements/domain';
import type { ReadModelEvent } from '@kemitraan/event-store';
import type { Projection } from '../projection';
import { activitiesKeyOf, type ActivitiesRow } from './activities-row';
import { agreementRow, type AgreementRow } from './agreement-row';

/** An activity changes only the totals, the version and the time, so it is folded into its own row. */
const isActivity = (event: ReadModelEvent): boolean => event.type === 'ActivityRecorded';

function agreementAfter(row: AgreementRow | null, event: ReadModelEvent): AgreementRow {
  const state = evolve(row?.agreement ?? initialState(), toRecorded(event));
  if (!exists(state)) throw new Error(`${event.type} left agreement ${event.streamId} without a state.`);
  return agreementRow(state);
}

function activitiesAfter(row: ActivitiesRow | null, event: ReadModelEvent): ActivitiesRow {
  const { data, recorded } = toRecorded(event);
  return {
    activities: withActivity(row?.activities ?? NO_ACTIVITIES, data as Activity),
    version: recorded.version,
    updatedAt: recorded.at,
  };
}

/**
 * Every agreement as the domain folds it (the same `evolve` as the write side), with the keys
 * the list, the register and the other reports filter and group by: an agreement's row, and its
 * activities row beside it (read together with `withActivities`).
 */
export const agreementsProjection: Projection<AgreementRow | ActivitiesRow> = {
  name: 'agreements',
  oneStreamPerRow: true,
  keyOf: (event) => {
    const agreementId = agreementIdOf(event.streamId);
    if (agreementId === null) return null;
    return isActivity(event) ? activitiesKeyOf(agreementId) : agreementId;
  },
  apply: (row, event) =>
    isActivity(event)
      ? activitiesAfter(row as ActivitiesRow | null, event)
      : agreementAfter(row as AgreementRow | null, event),
};
