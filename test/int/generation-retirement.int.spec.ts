import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { EMPTY_STREAM, PostgresEventStore, type LogPosition } from '@kemitraan/event-store';
import { anEvent, eventually } from '@kemitraan/event-store/testing/contract';
import { ReadModelGenerations } from '@kemitraan/projections/generations/read-model-generations';
import { CheckpointMoved } from '@kemitraan/projections/runner/projection.errors';
import { ProjectionWriter } from '@kemitraan/projections/runner/projection-writer';
import { countingProjection as counting } from '@kemitraan/testing/projections/counting-projection';
import { createTestDatabase, type TestDatabase } from '@kemitraan/testing/database/test-database';

/** The advisory lock a paused writer waits on, inside its transaction, until the test lets it go. */
const PAUSE = 4242;

const LEFT_OF_GENERATION_1 = `
  select (select count(*) from projection_rows where generation = 1)::int as rows,
         (select count(*) from projection_checkpoints where generation = 1)::int as checkpoints`;

/** Backends blocked behind another transaction's row lock while deleting: the retirement waiting. */
const RETIREMENT_WAITING = `
  select count(*)::int as waiting from pg_stat_activity
  where wait_event_type = 'Lock' and query ilike 'delete from projection_%'`;

const PAUSED = `select count(*)::int as paused from pg_stat_activity where wait_event = 'advisory'`;

/** A writer blocked behind the retirement's lock on its checkpoint. */
const WRITER_WAITING = `
  select count(*)::int as waiting from pg_stat_activity
  where wait_event_type = 'Lock' and query ilike '%update projection_checkpoints%'`;

/**
 * A live runner stopped at a switch-over may still be committing its last batch when its
 * generation is retired (and a runner in another process may not have heard of the switch at
 * all): the retirement must take that batch's rows with it, or refuse the batch, never leave rows
 * that no checkpoint accounts for and no later retirement finds.
 */
describe('retiring a generation while its last writer is committing a batch, on real PostgreSQL', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let holder: PoolClient | null = null;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.pool);
    await db.pool.query(`
      create function pause_here() returns trigger language plpgsql as $$
      begin perform pg_advisory_xact_lock_shared(${PAUSE}); return null; end $$`);
  });
  afterEach(async () => {
    holder?.release(true); // closed: a failed test may have left it holding the pause
    holder = null;
    for (const table of ['projection_checkpoints', 'projection_rows'])
      await db.pool.query(`drop trigger if exists pause_here on ${table}`);
  });
  afterAll(() => db.drop());

  /** Holds whoever fires the trigger on `table` (for generation 1) inside its transaction. */
  const pauseOn = async (table: string, events: string, row: 'new' | 'old') => {
    await db.pool.query(`
      create trigger pause_here after ${events} on ${table}
      for each row when (${row}.generation = 1) execute function pause_here()`);
    holder = await db.pool.connect();
    await holder.query('select pg_advisory_lock($1)', [PAUSE]);
  };
  const paused = () =>
    eventually(
      async () => (await db.pool.query(PAUSED)).rows[0].paused,
      (n) => n === 1,
    );

  /** One event on a new stream, and the log position after it. */
  const appendOne = async (after: LogPosition) => {
    const streamId = `agreement-${randomUUID()}`;
    await store.append([{ streamId, expected: EMPTY_STREAM, events: [anEvent('Counted')] }]);
    return store.readAll(after, 10);
  };

  it.each([
    ['after moving its checkpoint', 'projection_checkpoints'],
    ['after writing its rows', 'projection_rows'],
  ])('leaves nothing of the retired generation when the writer pauses %s', async (_, table) => {
    const writer = new ProjectionWriter(db.pool, counting, 1);
    const start = (await writer.checkpoint()).position;
    const first = await appendOne(start);
    const at = await writer.write(start, first);

    await pauseOn(table, 'insert or update', 'new');
    const writing = writer.write(at, await appendOne(at)).then(
      () => 'committed',
      (error: unknown) => error,
    );
    await paused();

    let retired = false;
    const retiring = new ReadModelGenerations(db.pool, [counting.name]).retireOlderThan(2).then(() => (retired = true));
    await eventually(
      async () => retired || (await db.pool.query(RETIREMENT_WAITING)).rows[0].waiting > 0,
      (ready) => ready,
    );
    await holder!.query('select pg_advisory_unlock($1)', [PAUSE]);

    await retiring;
    // It held its checkpoint first: the retirement waited for its commit, then took its rows too.
    expect(await writing).toBe('committed');
    expect((await db.pool.query(LEFT_OF_GENERATION_1)).rows[0]).toEqual({ rows: 0, checkpoints: 0 });
  });

  it('refuses the batch of a writer that reaches its checkpoint after the retirement deleted it', async () => {
    const writer = new ProjectionWriter(db.pool, counting, 1);
    const start = (await writer.checkpoint()).position;
    const at = await writer.write(start, await appendOne(start));
    const batch = await appendOne(at);

    await pauseOn('projection_checkpoints', 'delete', 'old');
    const retiring = new ReadModelGenerations(db.pool, [counting.name]).retireOlderThan(2);
    await paused();
    const writing = writer.write(at, batch).then(
      () => 'committed',
      (error: unknown) => error,
    );
    await eventually(
      async () => (await db.pool.query(WRITER_WAITING)).rows[0].waiting,
      (n) => n === 1,
    );
    await holder!.query('select pg_advisory_unlock($1)', [PAUSE]);

    await retiring;
    expect(await writing).toBeInstanceOf(CheckpointMoved);
    expect((await db.pool.query(LEFT_OF_GENERATION_1)).rows[0]).toEqual({ rows: 0, checkpoints: 0 });
  });

  it('retires rows of an older generation that no checkpoint accounts for (left by the race before the fix)', async () => {
    await db.pool.query(
      `insert into projection_rows (projection, generation, key, row) values ('counting', 1, 'stray', '{"n":1}')`,
    );
    await new ReadModelGenerations(db.pool, [counting.name]).retireOlderThan(2);
    expect((await db.pool.query(LEFT_OF_GENERATION_1)).rows[0]).toEqual({ rows: 0, checkpoints: 0 });
  });
});
