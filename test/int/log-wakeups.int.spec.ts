import { Client, type Pool } from 'pg';
import { createPool } from '@kemitraan/postgres';
import { LogWakeups } from '@kemitraan/event-store/postgres/log-wakeups';
import { NOTIFY_CHANNEL } from '@kemitraan/event-store/postgres/event-log.sql';
import { eventually } from '@kemitraan/event-store/testing/contract';
import { createTestDatabase, type TestDatabase } from '@kemitraan/testing/database/test-database';

const checkedOut = (pool: Pool) => pool.totalCount - pool.idleCount;

/** Whether `pool.end()` finishes: it waits for every connection checked out to come back. */
const ends = (pool: Pool) =>
  Promise.race([
    pool.end().then(() => true),
    // Unref'd: once the pool has ended, the timer must not hold jest open.
    new Promise((resolve) => setTimeout(() => resolve(false), 5_000).unref()),
  ]);

/**
 * The LISTEN connection of the log's wake-ups is taken from the pool the appends use: every one
 * it takes must come back, whatever happens to it, or the pool shrinks for good and `pool.end()`
 * (the server's stop) never finishes.
 */
describe('the log wake-ups (LISTEN/NOTIFY) and their pool', () => {
  let db: TestDatabase;
  let pool: Pool;
  let stop: AbortController;

  const listenerPids = async () =>
    (
      await pool.query<{ pid: number }>(
        `select pid from pg_stat_activity where datname = current_database() and query = $1`,
        [`listen ${NOTIFY_CHANNEL}`],
      )
    ).rows.map((row) => row.pid);

  beforeAll(async () => {
    db = await createTestDatabase({ migrated: false });
  });
  beforeEach(() => {
    pool = createPool({ url: db.url, max: 10 });
    stop = new AbortController();
  });
  afterEach(() => stop.abort());
  afterAll(() => db.drop());

  it('takes one connection for waits that come at once, and is woken by a NOTIFY', async () => {
    const wakeups = new LogWakeups(pool);
    await Promise.all(Array.from({ length: 5 }, () => wakeups.wait(20, stop.signal)));
    expect(checkedOut(pool)).toBe(1);
    expect(await listenerPids()).toHaveLength(1);

    const started = Date.now();
    const woken = wakeups.wait(30_000, stop.signal);
    await db.pool.query(`notify ${NOTIFY_CHANNEL}`);
    await woken;
    expect(Date.now() - started).toBeLessThan(10_000);

    wakeups.close();
    expect(checkedOut(pool)).toBe(0);
    expect(await ends(pool)).toBe(true);
  });

  it('lets go of every connection whose backend is terminated, listening or about to, and listens again on one', async () => {
    const wakeups = new LogWakeups(pool);
    const terminator = new Client({ connectionString: db.url });
    await terminator.connect();
    await wakeups.wait(10, stop.signal);
    for (let round = 0; round < 30; round++) {
      // Waits at once, while every backend of the pool is terminated: some mid-LISTEN.
      const waits = Array.from({ length: 4 }, () => wakeups.wait(5, stop.signal));
      await terminator.query(
        `select pg_terminate_backend(pid) from pg_stat_activity
         where datname = current_database() and pid <> pg_backend_pid()`,
      );
      await Promise.all(waits);
    }
    await eventually(
      async () => {
        await wakeups.wait(5, stop.signal);
        return checkedOut(pool);
      },
      (count) => count === 1,
    );
    expect(checkedOut(pool)).toBe(1);
    expect(await listenerPids()).toHaveLength(1);
    await terminator.end();
    wakeups.close();
    expect(await ends(pool)).toBe(true);
  });

  it('gives back a connection it gets only after it was closed', async () => {
    const small = createPool({ url: db.url, max: 1 });
    const held = await small.connect();
    const wakeups = new LogWakeups(small);
    const waiting = wakeups.wait(10, stop.signal); // its LISTEN waits for the one connection
    wakeups.close();
    held.release();
    await waiting;
    await eventually(
      async () => checkedOut(small),
      (count) => count === 0,
      5_000,
    );
    expect(checkedOut(small)).toBe(0);
    expect(await ends(small)).toBe(true);
    expect(await ends(pool)).toBe(true);
  });
});
