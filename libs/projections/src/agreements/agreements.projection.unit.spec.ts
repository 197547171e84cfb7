import { allowedCommands, EVENT_OUTCOME, LIFECYCLE_STATES, toSummary, type Agreement } from '@kemitraan/agreements';
import { ACTORS, asStored, commandOf, fold, historyOf, projectAll, projecting, SEED_STORIES } from '@kemitraan/testing';
import { foldedPartOf } from '@kemitraan/event-store/testing/contract';
import { ACTIVITIES_KEY_SUFFIX, activitiesKeyOf, withActivities, type ActivitiesRow } from './activities-row';
import { agreementRow, type AgreementRow } from './agreement-row';
import { agreementsProjection } from './agreements.projection';

const storyCommands = (seed: string) => {
  const story = SEED_STORIES.find((s) => s.seed.startsWith(seed))!;
  return story.steps.map((step) => commandOf(step.command, step.body, ACTORS[step.as]));
};
const storyEvents = (seed: string) => historyOf(storyCommands(seed));
const review = commandOf(
  'reviews',
  { reviewedOn: '2024-07-01', period: '2024-S1', score: 4, findings: 'Berjalan baik', recommendation: 'CONTINUE' },
  ACTORS.kalapasSamarinda,
);
const continuation = commandOf('continuation', {}, ACTORS.kalapasSamarinda);
const activity = commandOf(
  'activities',
  { date: '2024-07-15', kind: 'TRAINING', title: 'Pelatihan menjahit', participants: 12, revenueIdr: 500_000 },
  ACTORS.operatorSamarinda,
);

/** What the list reads of one agreement: its row and its activities row, together. */
function readTogether(rows: Map<string, AgreementRow | ActivitiesRow>): Agreement {
  const [key] = [...rows.keys()].filter((k) => !k.endsWith(ACTIVITIES_KEY_SUFFIX));
  const own = rows.get(key!) as AgreementRow;
  return withActivities(own.agreement, (rows.get(activitiesKeyOf(key!)) as ActivitiesRow | undefined) ?? null);
}

describe('the agreements read model', () => {
  describe('given the whole story of seed 004 (a PKS in execution)', () => {
    const history = storyEvents('004');
    const rows = projectAll(agreementsProjection, asStored(history));
    const own = [...rows.values()].find((r): r is AgreementRow => 'agreement' in r)!;

    it('holds the agreement exactly as the write side folds it, read with its activities row', () => {
      expect(rows.size).toBe(2);
      expect(toSummary(readTogether(rows))).toEqual(toSummary(fold(history) as Agreement));
    });

    it('files it under its unit, Kanwil, partner type, programs, state and signing year', () => {
      expect(own.register).toEqual({
        unit: ['LAPAS-NARKOTIKA-SAMARINDA'],
        kanwil: ['KANWIL-KALTIM'],
        partnerType: ['BUSINESS_ASSOCIATION'],
        program: ['KEMANDIRIAN', 'PEMASARAN'],
        state: ['inExecution'],
        year: ['2024'],
      });
      expect(own.search).toContain('dewan ukm provinsi kalimantan timur');
    });

    it('folds a new activity into the activities row alone, leaving the agreement row as it was', () => {
      const all = historyOf([...storyCommands('004'), activity]);
      const stored = asStored(all);
      const { key, row } = projecting(agreementsProjection).given(stored.slice(0, -1)).when(stored.at(-1)!);
      const after = projectAll(agreementsProjection, stored).get(own.agreement.id) as AgreementRow;
      expect(after.agreement).toEqual(
        (projectAll(agreementsProjection, stored.slice(0, -1)).get(own.agreement.id) as AgreementRow).agreement,
      );
      expect(key).toBe(activitiesKeyOf(own.agreement.id));
      expect(row()).toEqual({
        activities: (fold(all) as Agreement).activities,
        version: all.at(-1)!.recorded.version,
        updatedAt: all.at(-1)!.recorded.at,
      });
    });

    it('takes the version and the time from the agreement row when a review came after the activities', () => {
      const all = historyOf([...storyCommands('004'), review]);
      const together = readTogether(projectAll(agreementsProjection, asStored(all)));
      expect(together.version).toBe(all.at(-1)!.recorded.version);
      expect(toSummary(together)).toEqual(toSummary(fold(all) as Agreement));
    });

    it('adds up the totals of an agreement row written before activities had a row of their own', () => {
      const all = historyOf([...storyCommands('004'), activity, review, continuation, activity]);
      const before = all.length - 4;
      const stored = asStored(all);
      // As the read model stood before: the activities folded into the agreement's own row.
      const written = new Map<string, AgreementRow | ActivitiesRow>([
        [(fold(all) as Agreement).id, agreementRow(fold(all.slice(0, before)) as Agreement)],
      ]);
      for (const event of stored.slice(before)) {
        const key = agreementsProjection.keyOf(event)!;
        written.set(key, agreementsProjection.apply(written.get(key) ?? null, event)!);
      }
      expect(toSummary(readTogether(written))).toEqual(toSummary(fold(all) as Agreement));
    });
  });

  it.each(SEED_STORIES.map((story) => [story.seed]))(
    'files seed %s under the keys and search text of the agreement the write side folds',
    (seed) => {
      const history = storyEvents(seed);
      const own = [...projectAll(agreementsProjection, asStored(history)).values()].find(
        (r): r is AgreementRow => 'agreement' in r,
      )!;
      const afresh = agreementRow(fold(history) as Agreement);
      expect(own.register).toEqual(afresh.register);
      expect(own.search).toBe(afresh.search);
    },
  );

  it('relies on an activity never changing the state: the activities row holds none', () => {
    // Were an activity ever allowed from another state, the agreement row's state would go stale.
    expect(LIFECYCLE_STATES.filter((state) => allowedCommands(state).includes('activities'))).toEqual(['inExecution']);
    expect(EVENT_OUTCOME.ActivityRecorded).toBe('inExecution');
  });

  describe('given seed 004 amended in a later year, its addendum signed', () => {
    const by = ACTORS.kalapasSamarinda;
    const addendum = [
      commandOf('reviews', { ...review.data, recommendation: 'AMEND' }, by),
      commandOf('amendment', { reason: 'Tambah pameran produk' }, ACTORS.operatorSamarinda),
      commandOf(
        'drafts',
        {
          document: { title: 'Addendum', sha256: '9'.repeat(64) },
          terms: { durationMonths: 12, obligations: [{ party: 'Dewan UKM Kaltim', description: 'Pameran' }] },
        },
        ACTORS.operatorSamarinda,
      ),
      commandOf('approvals', { draftVersion: 2, step: 'UPT_HEAD', decision: 'APPROVE' }, by),
      commandOf('approvals', { draftVersion: 2, step: 'LEGAL', decision: 'APPROVE' }, ACTORS.legalKaltim),
      commandOf(
        'signing',
        {
          signedOn: '2026-01-15',
          place: 'Samarinda',
          documentNumber: 'ADD/PKS/2026/01',
          signatories: [
            { name: 'Hidayat', title: 'Kalapas', party: 'Lapas Narkotika Samarinda' },
            { name: 'Andi Fathul Khair', title: 'Ketua', party: 'Dewan UKM Kaltim' },
          ],
          effectiveFrom: '2026-02-01',
          effectiveUntil: '2027-01-31',
        },
        by,
      ),
    ];
    const history = historyOf([...storyCommands('004'), ...addendum]);
    const own = [...projectAll(agreementsProjection, asStored(history)).values()].find(
      (r): r is AgreementRow => 'agreement' in r,
    )!;

    it('keeps it in the year it was first signed, showing the addendum as its signing', () => {
      expect(own.agreement.signing?.signedOn).toBe('2026-01-15');
      expect(own.register.year).toEqual(['2024']);
    });

    it('keeps a row written before first signings were kept in its year when the addendum is signed after', () => {
      const stored = asStored(history);
      const story = storyCommands('004').length;
      const before = projectAll(agreementsProjection, stored.slice(0, story));
      const [key, written] = [...before].find((entry): entry is [string, AgreementRow] => 'agreement' in entry[1])!;
      // As an older release wrote it: the agreement without firstSignedOn.
      const { firstSignedOn: _unknownThen, ...asWrittenBefore } = written.agreement;
      expect(_unknownThen).toBe('2024-02-01');
      let row: AgreementRow = agreementRow(asWrittenBefore);
      for (const event of stored.slice(story).map(foldedPartOf)) {
        if (agreementsProjection.keyOf(event) === key) row = agreementsProjection.apply(row, event) as AgreementRow;
      }
      expect(row.agreement.signing?.signedOn).toBe('2026-01-15');
      expect(row.register.year).toEqual(['2024']);
    });
  });

  describe('given seed 002 (an audiensi, never signed)', () => {
    const events = asStored(storyEvents('002'));

    it('counts it in the year it was proposed, with no activities row', () => {
      const rows = projectAll(agreementsProjection, events);
      const [row] = [...rows.values()] as AgreementRow[];
      expect(rows.size).toBe(1);
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
      const after = row() as AgreementRow;
      expect(after.register.state).toEqual(['withdrawn']);
      expect(after.agreement.version).toBe(3);
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
