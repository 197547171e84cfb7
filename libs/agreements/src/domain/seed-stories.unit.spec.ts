import { ACTORS, SEED_STORIES, commandOf, fold, historyOf } from '@kemitraan/testing';
import type { Agreement } from './agreement.state';
import { toSummary } from './agreement.summary';

describe.each(SEED_STORIES.map((story) => [story.seed, story] as const))('the seed partnership %s', (_seed, story) => {
  const history = historyOf(story.steps.map((step) => commandOf(step.command, step.body, ACTORS[step.as])));
  const summary = toSummary(fold(history) as Agreement);

  it(`ends ${story.finalState}, one event per command`, () => {
    expect(summary.state).toBe(story.finalState);
    expect(summary.version).toBe(story.steps.length);
    expect(history.map((e) => e.recorded.version)).toEqual(story.steps.map((_, i) => i + 1));
  });
});

describe('the summary of seed 004 (in execution)', () => {
  const story = SEED_STORIES.find((s) => s.seed.startsWith('004'))!;
  const summary = toSummary(
    fold(historyOf(story.steps.map((step) => commandOf(step.command, step.body, ACTORS[step.as])))) as Agreement,
  );

  it('totals the activities, inmates and revenue', () => {
    expect(summary.activities).toEqual({ count: 3, participants: 49, revenueIdr: 19_250_000 });
  });

  it('shows the approvals of the signed draft and nothing missing', () => {
    expect(summary.requiredApprovals).toEqual(['UPT_HEAD', 'LEGAL']);
    expect(summary.missingApprovals).toEqual([]);
    expect(summary.approvals.map((a) => [a.step, a.decision, a.draftVersion, a.by])).toEqual([
      ['UPT_HEAD', 'APPROVE', 1, ACTORS.kalapasSamarinda.sub],
      ['LEGAL', 'APPROVE', 1, ACTORS.legalKaltim.sub],
    ]);
  });

  it('lists the commands its state allows', () => {
    expect(summary.allowed).toEqual(['activities', 'reviews', 'termination']);
    expect(summary.signing).toMatchObject({ documentNumber: 'PKS/W17.PAS.PAS4/II/2024', draftVersion: 1 });
    expect(summary.units).toEqual(['LAPAS-NARKOTIKA-SAMARINDA']);
    expect(summary.kanwils).toEqual(['KANWIL-KALTIM']);
  });
});
