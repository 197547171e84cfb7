import { writeRows } from '@kemitraan/projections/runner/checkpoint-writes';
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

describe('read-model rows as PostgreSQL stores them', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

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
