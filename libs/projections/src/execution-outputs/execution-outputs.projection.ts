import { agreementIdOf } from '@kemitraan/agreements/application/agreement-streams';
import type { Projection } from '../projection';

export interface OutputTotals {
  readonly activities: number;
  readonly participants: number;
  readonly revenueIdr: number;
}

/** What an agreement's execution produced, month by month (the activity's own date). */
export interface OutputsRow {
  readonly agreementId: string;
  readonly title: string;
  readonly units: readonly string[];
  readonly months: Readonly<Record<string, OutputTotals>>;
}

const NONE: OutputTotals = { activities: 0, participants: 0, revenueIdr: 0 };

interface ProposedData {
  readonly agreementId: string;
  readonly title: string;
  readonly units: readonly { readonly code: string }[];
}

interface ActivityData {
  readonly date: string;
  readonly participants: number;
  readonly revenueIdr?: number;
}

export const executionOutputsProjection: Projection<OutputsRow> = {
  name: 'execution-outputs',
  oneStreamPerRow: true,
  keyOf: (event) =>
    event.type === 'AgreementProposed' || event.type === 'ActivityRecorded' ? agreementIdOf(event.streamId) : null,
  apply: (row, event) => {
    if (event.type === 'AgreementProposed') {
      const data = event.data as unknown as ProposedData;
      return { agreementId: data.agreementId, title: data.title, units: data.units.map((u) => u.code), months: {} };
    }
    if (row === null) throw new Error(`An activity of ${event.streamId} before its proposal.`);
    const { date, participants, revenueIdr = 0 } = event.data as unknown as ActivityData;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !Number.isSafeInteger(participants) || !Number.isSafeInteger(revenueIdr)) {
      throw new Error(`An activity of ${event.streamId} without a date, a head count or a rupiah amount.`);
    }
    const month = date.slice(0, 7);
    const before = row.months[month] ?? NONE;
    const after = {
      activities: before.activities + 1,
      participants: before.participants + participants,
      revenueIdr: before.revenueIdr + revenueIdr,
    };
    return { ...row, months: { ...row.months, [month]: after } };
  },
};
