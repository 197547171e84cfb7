import { EMPTY_STREAM, PostgresEventStore } from '@kemitraan/event-store';
import { anEvent } from '@kemitraan/event-store/testing/contract';
import { Database, ForeignTransactionIds, assertLogFromThisCluster } from '@kemitraan/postgres';
import { createTestDatabase, type TestDatabase } from '@kemitraan/testing/database/test-database';
import { insertRawEvent } from '../support/raw-events';

const silent = { info: () => undefined, warn: () => undefined, debug: () => undefined };

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
    await insertRawEvent(db.pool, 'agreement-restored', { transactionIdsAhead: 1_000_000 });
    await expect(assertLogFromThisCluster(db.pool)).rejects.toThrow(ForeignTransactionIds);
    await expect(Database.open({ url: db.url, dataDir: '/nonexistent', log: silent })).rejects.toThrow(
      /restored from a logical dump .* Nothing was changed\. Restore from a physical copy/,
    );
    const { rows } = await db.pool.query<{ count: number }>('select count(*)::int as count from events');
    expect(rows[0]!.count).toBe(1);
  });
});
