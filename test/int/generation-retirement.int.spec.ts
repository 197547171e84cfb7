import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { EMPTY_STREAM, PostgresEventStore, type LogPosition } from '@kemitraan/event-store';
import { anEvent, eventually } from '@kemitraan/event-store/testing/contract';
import { RECHECK_MS, ReadModelGenerations } from '@kemitraan/projections/generations/read-model-generations';
import { ANY_RETIRED } from '@kemitraan/projections/generations/generations.sql';
import { CheckpointMoved } from '@kemitraan/projections/runner/projection.errors';
import { ProjectionWriter } from '@kemitraan/projections/runner/projection-writer';
import { countingProjection as counting } from '@kemitraan/testing/projections/counting-projection';
import { planNodes, rowsRead } from '@kemitraan/testing/database/query-plan';
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

/**
 * Every process's supervisor asks whether anything below the live generation is left to retire.
 * Asked every second, on a database without autovacuum, that was among its busiest statements.
 */
describe('looking for generations left to retire, on real PostgreSQL', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    // So that autovacuum cannot analyze the table while the tests run.
    await db.pool.query('alter table projection_rows set (autovacuum_enabled = off)');
  });
  afterAll(() => db.drop());

  /** A row of `generation` that no checkpoint accounts for, as a process of an older version could leave. */
  const stray = (generation: number) =>
    db.pool.query(
      `insert into projection_rows (projection, generation, key, row)
       values ('counting', $1, 'stray-' || gen_random_uuid(), '{"n":1}')`,
      [generation],
    );
  const rowsBelow = async (live: number) =>
    (
      await db.pool.query<{ rows: number }>('select count(*)::int as rows from projection_rows where generation < $1', [
        live,
      ])
    ).rows[0]!.rows;

  it('finds the lowest generation in its index even where PostgreSQL has no statistics of the table', async () => {
    await db.pool.query(`
      insert into projection_rows (projection, generation, key, row)
      select 'unanalyzed', 5, 'row-' || i, jsonb_build_object('n', i) from generate_series(1, 20000) as i`);
    const [table] = await planNodes(db.pool, 'select * from projection_rows where generation = 5', []);
    expect(table!['Actual Rows']).toBe(20_000);
    expect(table!['Plan Rows']).toBeLessThan(2_000); // the hazard: a table never analyzed

    const answer = async (live: number) => (await db.pool.query<{ any: boolean }>(ANY_RETIRED, [live])).rows[0]!.any;
    const read = (await planNodes(db.pool, ANY_RETIRED, [5])).filter((n) => n['Relation Name'] === 'projection_rows');
    expect(read.length).toBeGreaterThan(0);
    for (const node of read) expect(rowsRead(node)).toBeLessThanOrEqual(1);
    expect(await answer(5)).toBe(false);
    expect(await answer(6)).toBe(true);
    await stray(4);
    expect(await answer(5)).toBe(true);
    await db.pool.query('delete from projection_rows');
  });

  it('looks again when the live generation moves, and otherwise once every RECHECK_MS', async () => {
    let clock = 1_000;
    const generations = new ReadModelGenerations(db.pool, [counting.name], () => clock);
    await generations.retireOlderThan(2);
    await stray(1);

    clock += RECHECK_MS - 1;
    await generations.retireOlderThan(2);
    expect(await rowsBelow(2)).toBe(1);
    clock += 1;
    await generations.retireOlderThan(2);
    expect(await rowsBelow(2)).toBe(0);

    await stray(2);
    await stray(1);
    await generations.retireOlderThan(3);
    expect(await rowsBelow(3)).toBe(0);
  });
});
