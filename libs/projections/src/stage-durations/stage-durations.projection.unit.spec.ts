import type { StoredEvent } from '@kemitraan/event-store';
import { ACTORS, asStored, commandOf, historyOf, projectAll, projecting, SEED_STORIES } from '@kemitraan/testing';
import { stageDurationsProjection } from './stage-durations.projection';

const DAY = 86_400_000;
const start = Date.parse('2025-01-01T00:00:00Z');

/** Seed 001 (proposed, audiensi, draft, approvals, signing), its events recorded `days[i]` days after the start. */
function seed001At(days: readonly number[]): StoredEvent[] {
  const story = SEED_STORIES.find((s) => s.seed.startsWith('001'))!;
  const events = asStored(historyOf(story.steps.map((step) => commandOf(step.command, step.body, ACTORS[step.as]))));
  return events.map((event, i) => ({
    ...event,
    metadata: { ...event.metadata, at: new Date(start + days[i]! * DAY).toISOString() },
  }));
}

describe('the stage-durations read model', () => {
  const story = seed001At([0, 2, 5, 6, 7, 10, 10.5]);
  const types = story.map((e) => e.type);

  it('is the story the test means', () => {
    expect(types).toEqual([
      'AgreementProposed',
      'AudiensiHeld',
      'DraftSubmitted',
      'DraftApproved',
      'DraftApproved',
      'DraftApproved',
      'AgreementSigned',
    ]);
  });

  describe('given a proposal', () => {
    it('when the audiensi is held two days later, samples proposed → audiensiHeld at 2 days', () => {
      const { row } = projecting(stageDurationsProjection).given(story.slice(0, 1)).when(story[1]!);
      expect(row()).toMatchObject({
        state: 'audiensiHeld',
        stages: [{ from: 'proposed', to: 'audiensiHeld', days: 2 }],
      });
    });
  });

  describe('given a submitted draft', () => {
    it('when it is approved, takes no sample: the agreement stays drafted', () => {
      const { row, before } = projecting(stageDurationsProjection).given(story.slice(0, 3)).when(story[3]!);
      expect(row()).toEqual(before);
    });

    it('when it is signed, samples drafted → signed and the whole way from proposal to signing', () => {
      const rows = projectAll(stageDurationsProjection, story);
      expect([...rows.values()][0]!.stages).toEqual([
        { from: 'proposed', to: 'audiensiHeld', days: 2 },
        { from: 'audiensiHeld', to: 'drafted', days: 3 },
        { from: 'drafted', to: 'signed', days: 5.5 },
        { from: 'proposed', to: 'signed', days: 10.5 },
      ]);
    });
  });

  describe('given nothing', () => {
    it('refuses a fact before the proposal', () => {
      expect(() => projecting(stageDurationsProjection).given([]).when(story[1]!).row()).toThrow(
        /before the agreement/,
      );
    });

    it('refuses an event type it does not know', () => {
      const unknown = { ...story[1]!, type: 'AgreementTeleported' };
      expect(() => projecting(stageDurationsProjection).given(story.slice(0, 1)).when(unknown).row()).toThrow(
        /Unknown agreement event/,
      );
    });
  });
});
