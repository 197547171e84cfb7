import { toSummary, type Agreement } from '@kemitraan/agreements';
import { activitiesKeyOf, withActivities, type ActivitiesRow } from '@kemitraan/projections/agreements/activities-row';
import { agreementRow } from '@kemitraan/projections/agreements/agreement-row';
import { ListAgreementsHandler, LIST_AGREEMENTS } from '@kemitraan/projections/agreements/list-agreements.handler';
import { ListAgreementsQuery } from '@kemitraan/projections/agreements/list-agreements.query';
import { ReadModelReader } from '@kemitraan/projections/read-models/read-model-reader';
import { ACTORS, commandOf, fold, historyOf, SEED_STORIES } from '@kemitraan/testing';
import { planNodes } from '@kemitraan/testing/database/query-plan';
import { createTestDatabase, type TestDatabase } from '@kemitraan/testing/database/test-database';

const AGREEMENTS = 600;
const samarinda = SEED_STORIES.find((s) => s.seed.startsWith('004'))!;
/** Seed 004 as the domain folds it: a PKS in execution, about 2 KB as a row. */
const folded = fold(
  historyOf(samarinda.steps.map((step) => commandOf(step.command, step.body, ACTORS[step.as]))),
) as Agreement;

/** Five agreements to a moment, so that the order falls back on the id. */
const agreementNo = (i: number): Agreement => ({
  ...folded,
  id: `0192d3c0-0000-7000-8000-${String(i).padStart(12, '0')}`,
  createdAt: new Date(Date.UTC(2025, 0, 1) + Math.floor(i / 5) * 60_000).toISOString(),
  status: i % 3 === 0 ? 'inExecution' : 'signed',
});
/** Every seventh agreement has activities recorded since its row was last written. */
const activitiesOf = (agreement: Agreement, i: number): ActivitiesRow | null =>
  i % 7 === 0
    ? {
        activities: { count: 2, participants: 30, revenueIdr: 1_500_000 },
        version: agreement.version + 2,
        updatedAt: '2026-01-02T03:04:05.000Z',
      }
    : null;

const FILL = `
  insert into projection_rows (projection, generation, key, row)
  select 'agreements', 1, key, row from unnest($1::text[], $2::jsonb[]) as r(key, row)`;

describe('the list of agreements, read from its read model', () => {
  let db: TestDatabase;
  let list: ListAgreementsHandler;
  const agreements = Array.from({ length: AGREEMENTS }, (_, i) => agreementNo(i));
  const activities = agreements.map(activitiesOf);

  /** The page as the list must answer it: newest first, by id among those made at one moment. */
  const expectedPage = (keep: (a: Agreement) => boolean, limit: number, offset: number) =>
    agreements
      .map((agreement, i) => ({ agreement, activities: activities[i]! }))
      .filter(({ agreement }) => keep(agreement))
      .sort(
        (a, b) =>
          b.agreement.createdAt.localeCompare(a.agreement.createdAt) || a.agreement.id.localeCompare(b.agreement.id),
      )
      .slice(offset, offset + limit)
      .map(({ agreement, activities: row }) => toSummary(withActivities(agreement, row)));

  beforeAll(async () => {
    db = await createTestDatabase();
    const rows: Array<[string, object]> = agreements.flatMap((agreement, i) => [
      [agreement.id, agreementRow(agreement)] as [string, object],
      ...(activities[i] ? [[activitiesKeyOf(agreement.id), activities[i]] as [string, object]] : []),
    ]);
    await db.pool.query(FILL, [rows.map(([key]) => key), rows.map(([, row]) => JSON.stringify(row))]);
    await db.pool.query('analyze projection_rows');
    list = new ListAgreementsHandler(new ReadModelReader(db.pool));
  });
  afterAll(() => db.drop());

  it.each([
    ['the first page', {}, 50, 0, () => true],
    ['a deep page', {}, 50, 520, () => true],
    ['the last, short page', {}, 50, 580, () => true],
    ['a filtered page', { state: 'inExecution' as const }, 20, 40, (a: Agreement) => a.status === 'inExecution'],
  ])(
    'answers %s newest first, ties by id, each agreement with its activities',
    async (_, filter, limit, offset, keep) => {
      const page = await list.execute(new ListAgreementsQuery(filter, limit, offset));
      expect(page.total).toBe(agreements.filter(keep).length);
      expect(page.items).toEqual(expectedPage(keep, limit, offset));
    },
  );

  it('counts and sorts the matches without carrying their rows', async () => {
    const nodes = await planNodes(db.pool, LIST_AGREEMENTS, ['{}', null, 50, 500], { verbose: true });
    // The nodes that hand on the matches: the scans of `matched` (PostgreSQL names the second
    // `matched_1`), and the sort of them for the page.
    const ofMatches = nodes.filter((node) =>
      node['Node Type'] === 'CTE Scan' || node['Node Type'] === 'Sort'
        ? node.Output!.some((column) => /^matched(_\d+)?\./.test(column))
        : false,
    );
    const types = ofMatches.map((node) => node['Node Type']);
    expect(types).toContain('CTE Scan');
    expect(types).toContain('Sort');
    for (const node of ofMatches) {
      expect(node.Output!.join(', ')).not.toMatch(/"row"/);
    }
  });
});
