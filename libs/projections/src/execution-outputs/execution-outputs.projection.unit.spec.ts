import { ACTORS, asStored, commandOf, historyOf, projectAll, projecting, SEED_STORIES } from '@kemitraan/testing';
import { executionOutputsProjection } from './execution-outputs.projection';

const story = SEED_STORIES.find((s) => s.seed.startsWith('004'))!;
const events = asStored(historyOf(story.steps.map((step) => commandOf(step.command, step.body, ACTORS[step.as]))));
const activities = events.filter((e) => e.type === 'ActivityRecorded');

describe('the execution-outputs read model', () => {
  describe('given the story of seed 004 (three activities in three months)', () => {
    it('totals activities, inmates and rupiah per month of the activity', () => {
      const [row] = [...projectAll(executionOutputsProjection, events).values()];
      expect(row!.units).toEqual(['LAPAS-NARKOTIKA-SAMARINDA']);
      expect(row!.months).toEqual({
        '2024-03': { activities: 1, participants: 25, revenueIdr: 0 },
        '2024-04': { activities: 1, participants: 18, revenueIdr: 15_000_000 },
        '2024-05': { activities: 1, participants: 6, revenueIdr: 4_250_000 },
      });
    });

    it('when a second activity falls in the same month, adds it to that month', () => {
      const again = {
        ...activities[1]!,
        version: 11,
        data: { ...activities[1]!.data, participants: 2, revenueIdr: 500 },
      };
      const { row } = projecting(executionOutputsProjection).given(events).when(again);
      expect(row()!.months['2024-04']).toEqual({ activities: 2, participants: 20, revenueIdr: 15_000_500 });
    });
  });

  it('ignores every event but proposals and activities', () => {
    expect(events.filter((e) => executionOutputsProjection.keyOf(e) !== null).map((e) => e.type)).toEqual([
      'AgreementProposed',
      'ActivityRecorded',
      'ActivityRecorded',
      'ActivityRecorded',
    ]);
  });

  it('refuses an activity of an agreement it never saw proposed', () => {
    expect(() => projecting(executionOutputsProjection).given([]).when(activities[0]!).row()).toThrow(
      /before its proposal/,
    );
  });

  it('refuses an activity whose head count is not a whole number, rather than add it up wrongly', () => {
    const broken = { ...activities[0]!, data: { ...activities[0]!.data, participants: '25' } };
    expect(() => projecting(executionOutputsProjection).given(events.slice(0, 1)).when(broken).row()).toThrow(
      /head count/,
    );
  });
});
