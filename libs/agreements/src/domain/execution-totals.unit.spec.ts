import { ACTORS, SEED_STORIES, commandOf, given, historyOf } from '@kemitraan/testing';
import { ExecutionTotalsOutOfRange } from './agreement.errors';
import type { Activity } from './agreement.parts';

const samarinda = SEED_STORIES.find((s) => s.seed.startsWith('004'))!;
const inExecution = historyOf(samarinda.steps.map((step) => commandOf(step.command, step.body, ACTORS[step.as])));
const activity = (extra: Partial<Activity>): Activity => ({
  date: '2024-06-01',
  kind: 'PRODUCTION',
  title: 'Panen',
  participants: 1,
  ...extra,
});
const recording = (data: Activity) => commandOf('activities', { ...data }, ACTORS.operatorSamarinda);

// Seed 004 already totals 49 participants and Rp 19,250,000 over three activities. Past 2^53 - 1
// a sum is no longer exact, and the summary and reports would show auditors a wrong figure.
describe('the totals of an agreement in execution stay exact', () => {
  it('records an activity that brings the revenue to exactly 2^53 - 1', () => {
    const data = activity({ revenueIdr: Number.MAX_SAFE_INTEGER - 19_250_000 });
    given(inExecution)
      .when(recording(data))
      .then([{ type: 'ActivityRecorded', data }]);
  });

  it.each([
    ['revenueIdr', { revenueIdr: Number.MAX_SAFE_INTEGER - 19_250_000 + 1 }],
    ['participants', { participants: Number.MAX_SAFE_INTEGER - 48 }],
  ])('refuses an activity that would take %s past 2^53 - 1', (total, extra) => {
    given(inExecution)
      .when(recording(activity(extra)))
      .thenRefused(ExecutionTotalsOutOfRange, { total });
  });
});
