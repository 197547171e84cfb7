import { toSummary, type Agreement } from '@kemitraan/agreements';
import { ACTORS, asStored, commandOf, fold, historyOf, projectAll, projecting, SEED_STORIES } from '@kemitraan/testing';
import { agreementsProjection } from './agreements.projection';

const storyCommands = (seed: string) => {
  const story = SEED_STORIES.find((s) => s.seed.startsWith(seed))!;
  return story.steps.map((step) => commandOf(step.command, step.body, ACTORS[step.as]));
};
const storyEvents = (seed: string) => historyOf(storyCommands(seed));

describe('the agreements read model', () => {
  describe('given the whole story of seed 004 (a PKS in execution)', () => {
    const history = storyEvents('004');
    const rows = projectAll(agreementsProjection, asStored(history));
    const [row] = [...rows.values()];

    it('holds the agreement exactly as the write side folds it', () => {
      expect(rows.size).toBe(1);
      expect(toSummary(row!.agreement)).toEqual(toSummary(fold(history) as Agreement));
    });

    it('files it under its unit, Kanwil, partner type, programs, state and signing year', () => {
      expect(row!.register).toEqual({
        unit: ['LAPAS-NARKOTIKA-SAMARINDA'],
        kanwil: ['KANWIL-KALTIM'],
        partnerType: ['BUSINESS_ASSOCIATION'],
        program: ['KEMANDIRIAN', 'PEMASARAN'],
        state: ['inExecution'],
        year: ['2024'],
      });
      expect(row!.search).toContain('Dewan UKM Provinsi Kalimantan Timur');
    });
  });

  describe('given seed 002 (an audiensi, never signed)', () => {
    const events = asStored(storyEvents('002'));

    it('counts it in the year it was proposed', () => {
      const [row] = [...projectAll(agreementsProjection, events).values()];
      expect(row!.register.year).toEqual([row!.agreement.createdAt.slice(0, 4)]);
      expect(row!.register.state).toEqual(['audiensiHeld']);
    });

    it('when it is withdrawn, moves it to withdrawn', () => {
      const withdrawn = historyOf([
        ...storyCommands('002'),
        commandOf('withdrawal', { reason: 'Mitra mundur' }, ACTORS.operatorMaros),
      ]);
      const { row } = projecting(agreementsProjection)
        .given(events)
        .when(asStored(withdrawn.slice(-1))[0]!);
      expect(row()!.register.state).toEqual(['withdrawn']);
      expect(row()!.agreement.version).toBe(3);
    });
  });

  describe('given nothing', () => {
    it('refuses a fact about an agreement never proposed', () => {
      const [, audiensi] = asStored(storyEvents('002'));
      expect(() => projecting(agreementsProjection).given([]).when(audiensi!).row()).toThrow(/before the agreement/);
    });

    it('ignores streams that are not agreements', () => {
      const [proposal] = asStored(storyEvents('002'));
      expect(
        projecting(agreementsProjection)
          .given([])
          .when({ ...proposal!, streamId: 'unit-X' }).key,
      ).toBeNull();
    });
  });
});
