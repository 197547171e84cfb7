import { EMPTY_STREAM, PostgresEventStore, type LogPosition, type StreamTip } from '@kemitraan/event-store';
import { anEvent } from '@kemitraan/event-store/testing/contract';
import type { Projection } from '@kemitraan/projections';
import { countingProjection as counting, type CountRow } from '@kemitraan/testing/projections/counting-projection';
import { ProjectionWriter } from '@kemitraan/projections/runner/projection-writer';
import { createTestDatabase, type TestDatabase } from '@kemitraan/testing/database/test-database';

const ROW = `select row, xmin::text as version from projection_rows where projection = 'counting' and key = 'tally-1'`;

describe('the writer of a live read model, on real PostgreSQL', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let tip: StreamTip = EMPTY_STREAM;
  let read: LogPosition;

  /** Appends events of these types to the one stream and answers them as stored, from the log. */
  const appended = async (...types: string[]) => {
    const { tips } = await store.append([{ streamId: 'tally-1', expected: tip, events: types.map((t) => anEvent(t)) }]);
    tip = tips.get('tally-1')!;
    const events = await store.readAll(read, 100);
    read = events.at(-1)!.position;
    return events;
  };
  const row = async () => (await db.pool.query<{ row: CountRow; version: string }>(ROW)).rows[0];

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.pool);
  });
  afterAll(() => db.drop());

  it('writes only the rows a batch changed, and reads a row once, not again for every batch that left it as it was', async () => {
    const first = new ProjectionWriter(db.pool, counting, 1);
    read = (await first.checkpoint()).position;
    let at = await first.write(read, await appended('Counted'));
    const written = await row();
    expect(written?.row).toEqual({ n: 1 });

    at = await first.write(at, await appended('Noted', 'Noted'));
    expect(await row()).toEqual(written); // not written again: the same row version

    // A writer taking over knows nothing yet: it reads the row for its first batch and keeps it.
    // The row is then taken away behind its back (no one else writes a read model: this only
    // shows which row its next batch starts from).
    const next = new ProjectionWriter(db.pool, counting, 1);
    expect((await next.checkpoint()).position).toEqual(at);
    at = await next.write(at, await appended('Noted'));
    await db.pool.query(`delete from projection_rows where projection = 'counting'`);
    await next.write(at, await appended('Counted'));
    expect((await row())?.row).toEqual({ n: 2 });
  });

  it('forgets the rows of a batch that failed, so a row changed in place is read again from the table', async () => {
    // A projection that breaks the rule: it changes its row in place, then fails on the same event.
    const careless: Projection<{ n: number }> = {
      name: 'careless',
      keyOf: (event) => event.streamId,
      apply: (row, event) => {
        if (event.type !== 'Poison') return { n: (row?.n ?? 0) + 1 };
        row!.n = 99;
        throw new Error('cannot');
      },
    };
    const writer = new ProjectionWriter(db.pool, careless, 1);
    // Its checkpoint starts at the log's start; the batches are only the events appended here.
    let at = (await writer.checkpoint()).position;
    at = await writer.write(at, await appended('Counted'));
    await expect(writer.write(at, await appended('Poison'))).rejects.toThrow(/cannot/);
    await writer.write(at, await appended('Counted'));
    const { rows } = await db.pool.query(`select row from projection_rows where projection = 'careless'`);
    expect(rows.map((r) => r.row)).toEqual([{ n: 2 }]);
  });
});
