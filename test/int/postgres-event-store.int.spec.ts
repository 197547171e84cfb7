import { createTestDatabase, type TestDatabase } from '@kemitraan/testing/database/test-database';
import { PostgresEventStore } from '@kemitraan/event-store';
import { eventStoreContract } from '@kemitraan/event-store/testing/contract';

eventStoreContract('PostgresEventStore on real PostgreSQL', async () => {
  const db: TestDatabase = await createTestDatabase();
  return { store: new PostgresEventStore(db.pool), teardown: () => db.drop() };
});
