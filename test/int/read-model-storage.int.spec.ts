import type { PoolClient } from 'pg';
import { writeRows } from '@kemitraan/projections/runner/checkpoint-writes';
import { LOAD_ROWS } from '@kemitraan/projections/runner/checkpoint.sql';
import { copyRows } from '@kemitraan/projections/runner/copy-rows';
import { planNodes } from '@kemitraan/testing/database/query-plan';
import { createTestDatabase, type TestDatabase } from '@kemitraan/testing/database/test-database';

/** Stored size against the size of the same value uncompressed: equal when it is stored as it is. */
const STORED = `
  select key, octet_length(row::text) as text, pg_column_size(row) as stored, pg_column_size(row::text::jsonb) as plain
  from projection_rows where projection = 'agreements' and generation = 1 order by key`;

/** A row shaped like an agreement's, with `attendees` people at its audiensi (about 110 bytes of JSON each). */
const agreementLike = (attendees: number) => ({
  agreement: {
    status: 'inExecution',
    audiensi: Array.from({ length: attendees }, (_, i) => ({
      name: `Peserta ${i}`,
      role: 'Kepala Seksi Kegiatan Kerja',
      organization: 'Lapas Narkotika Kelas IIA Samarinda',
    })),
  },
  register: { state: ['inExecution'], unit: ['LAPAS-NARKOTIKA-SAMARINDA'] },
  search: 'PKS Pembinaan Kemandirian',
});

/** Text that COPY's text format and JSON both escape: backslashes, tabs, line breaks, quotes, `\N`. */
const AWKWARD = 'C:\\arsip\\PKS "2025"\ttab\nbaris\r\\N \\. é 𝔸 \u0001';

describe('read-model rows as PostgreSQL stores them', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  const withClient = async <T>(work: (client: PoolClient) => Promise<T>): Promise<T> => {
    const client = await db.pool.connect();
    try {
      return await work(client);
    } finally {
      client.release();
    }
  };
  const rowsOf = async (projection: string) =>
    (
      await db.pool.query<{ key: string; row: object }>(
        'select key, row from projection_rows where projection = $1 and generation = 1 order by key',
        [projection],
      )
    ).rows;

  it('takes rows by COPY exactly as JSON gives them, whatever their text holds', async () => {
    const rows = new Map<string, object>([
      [`key ${AWKWARD}`, { title: AWKWARD, nested: { list: [AWKWARD, 1, null, true] } }],
      ...Array.from(
        { length: 250 },
        (_, i) => [`agreement-${String(i).padStart(3, '0')}`, agreementLike(i % 5)] as const,
      ),
    ]);
    await withClient((client) => copyRows(client, ['copied', 1], rows));
    const stored = await rowsOf('copied');
    expect(stored).toHaveLength(251);
    expect(new Map(stored.map(({ key, row }) => [key, row]))).toEqual(rows);
  });

  it('refuses by COPY a row under a key that has one, writing nothing of the statement', async () => {
    await withClient((client) => writeRows(client, ['guarded', 1], new Map([['a', { n: 1 }]])));
    // The taken key in the middle: rows before it are in the same statement, rows after it may still
    // be on their way when PostgreSQL refuses it.
    const rows = new Map<string, object>(
      Array.from({ length: 301 }, (_, i) => (i === 150 ? ['a', { n: 2 }] : [`b-${i}`, agreementLike(3)])),
    );
    const usableAfter = await withClient(async (client) => {
      await expect(copyRows(client, ['guarded', 1], rows)).rejects.toThrow(/duplicate key/);
      return (await client.query<{ one: number }>('select 1 as one')).rows[0]!.one;
    });
    expect(usableAfter).toBe(1);
    expect(await rowsOf('guarded')).toEqual([{ key: 'a', row: { n: 1 } }]);
  });

  it('reads rows back key by key, even where PostgreSQL takes the generation for a handful of rows', async () => {
    const explain = (sql: string, values: unknown[]) => planNodes(db.pool, sql, values);
    // So that autovacuum cannot analyze the table while the test runs.
    await db.pool.query('alter table projection_rows set (autovacuum_enabled = off)');
    try {
      await db.pool.query(`
        insert into projection_rows (projection, generation, key, row)
        select 'unanalyzed', 1, 'row-' || i, jsonb_build_object('n', i) from generate_series(1, 20000) as i`);
      // The hazard: a generation of 20,000 rows that the planner estimates at a fraction of that.
      const [generation] = await explain(`select * from projection_rows where projection = $1 and generation = 1`, [
        'unanalyzed',
      ]);
      expect(generation!['Actual Rows']).toBe(20_000);
      expect(generation!['Plan Rows']).toBeLessThan(2_000);

      const keys = [...Array.from({ length: 100 }, (_, i) => `row-${i * 197 + 1}`), 'row-none'];
      const touched = (await explain(LOAD_ROWS, ['unanalyzed', 1, keys])).filter(
        (node) => node['Relation Name'] === 'projection_rows',
      );
      expect(touched.length).toBeGreaterThan(0);
      for (const node of touched) {
        expect(node['Actual Rows']! * node['Actual Loops']!).toBeLessThanOrEqual(keys.length);
        expect(node['Rows Removed by Filter'] ?? 0).toBe(0);
      }
      const { rows } = await db.pool.query<{ key: string; row: { n: number } }>(LOAD_ROWS, ['unanalyzed', 1, keys]);
      expect(new Map(rows.map(({ key, row }) => [key, row.n]))).toEqual(
        new Map(keys.slice(0, 100).map((key) => [key, Number(key.slice(4))])),
      );
    } finally {
      await db.pool.query('alter table projection_rows reset (autovacuum_enabled)');
    }
  });

  it('keeps rows up to a page (an agreement is about 3 KB) uncompressed, and still compresses larger ones', async () => {
    const client = await db.pool.connect();
    try {
      await writeRows(
        client,
        ['agreements', 1],
        new Map([
          ['a-typical', agreementLike(24)],
          ['b-near-a-page', agreementLike(56)],
          ['c-larger-than-a-page', agreementLike(400)],
        ]),
      );
    } finally {
      client.release();
    }
    const { rows } = await db.pool.query<{ key: string; text: number; stored: number; plain: number }>(STORED);
    expect(rows.map((r) => r.key)).toEqual(['a-typical', 'b-near-a-page', 'c-larger-than-a-page']);
    const [typical, nearPage, larger] = rows as [(typeof rows)[0], (typeof rows)[0], (typeof rows)[0]];
    // Over PostgreSQL's default 2 KB threshold, which compressed every agreement row.
    expect(typical.text).toBeGreaterThan(2_500);
    expect(typical.stored).toBe(typical.plain);
    expect(nearPage.plain).toBeGreaterThan(7_000);
    expect(nearPage.stored).toBe(nearPage.plain);
    expect(larger.text).toBeGreaterThan(20_000);
    expect(larger.stored).toBeLessThan(larger.plain / 2);
  });
});
