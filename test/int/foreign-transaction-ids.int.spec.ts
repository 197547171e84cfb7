import { EMPTY_STREAM, PostgresEventStore, chainEvents } from '@kemitraan/event-store';
import { anEvent } from '@kemitraan/event-store/testing/contract';
import { Database, ForeignTransactionIds, assertLogFromThisCluster } from '@kemitraan/postgres';
import { createTestDatabase, type TestDatabase } from '@kemitraan/testing/database/test-database';

const silent = { info: () => undefined, warn: () => undefined, debug: () => undefined };

/** An event whose transaction id lies `ahead` ids beyond what this cluster has handed out. */
async function insertFromAnotherCluster(db: TestDatabase, ahead: number): Promise<void> {
  const [event] = chainEvents('agreement-restored', EMPTY_STREAM, [anEvent()]);
  await db.pool.query(
    `insert into events (transaction_id, stream_id, version, event_id, type, data, metadata, hash, previous_hash)
     values ((pg_snapshot_xmax(pg_current_snapshot())::text::bigint + $1)::text::xid8, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      ahead,
      'agreement-restored',
      event!.version,
      event!.eventId,
      event!.type,
      event!.data,
      event!.metadata,
      event!.hash,
      null,
    ],
  );
}

describe('a log restored from a logical dump of another cluster', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(() => db.drop());

  it('passes a log written by this cluster', async () => {
    const store = new PostgresEventStore(db.pool);
    await store.append([{ streamId: 'agreement-here', expected: EMPTY_STREAM, events: [anEvent()] }]);
    await expect(assertLogFromThisCluster(db.pool)).resolves.toBeUndefined();
  });

  it('is refused at start-up, naming the cause and the remedy, and left as it was', async () => {
    await insertFromAnotherCluster(db, 1_000_000);
    await expect(assertLogFromThisCluster(db.pool)).rejects.toThrow(ForeignTransactionIds);
    await expect(Database.open({ url: db.url, dataDir: '/nonexistent', log: silent })).rejects.toThrow(
      /restored from a logical dump .* Nothing was changed\. Restore from a physical copy/,
    );
    const { rows } = await db.pool.query<{ count: number }>('select count(*)::int as count from events');
    expect(rows[0]!.count).toBe(1);
  });
});
