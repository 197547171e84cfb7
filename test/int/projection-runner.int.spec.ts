import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { EMPTY_STREAM, PostgresEventStore, type StreamTip } from '@kemitraan/event-store';
import { anEvent, eventually } from '@kemitraan/event-store/testing/contract';
import { ProjectionSupervisor, type AnyProjection } from '@kemitraan/projections';
import { recordInLedger, tallyProjection, type TallyRow } from '@kemitraan/testing';
import { createTestDatabase, type TestDatabase } from '@kemitraan/testing/database/test-database';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const fastRetry = { attempts: 3, delayMs: () => 10 };

let db: TestDatabase;
let store: PostgresEventStore;
const supervisors: ProjectionSupervisor[] = [];

function supervise(projections: AnyProjection[], pollMs = 100): ProjectionSupervisor {
  const supervisor = new ProjectionSupervisor({
    pool: db.pool,
    store,
    projections,
    log: silent,
    retry: fastRetry,
    pollMs,
  });
  supervisor.start();
  supervisors.push(supervisor);
  return supervisor;
}

async function rowsOf(projection: string, generation?: number): Promise<Map<string, TallyRow>> {
  const { rows } = await db.pool.query<{ key: string; row: TallyRow }>(
    `select key, row from projection_rows where projection = $1
       and generation = coalesce($2, (select live from read_model_generations))`,
    [projection, generation ?? null],
  );
  return new Map(rows.map((r) => [r.key, r.row]));
}

const tallied = (rows: Map<string, TallyRow>) => [...rows.values()].reduce((sum, r) => sum + r.versions.length, 0);

/** The runner's tests wait longer than the contract's default: thousands of events, several runners. */
const until = <T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000) =>
  eventually(read, done, timeoutMs);

/** `writers` concurrent writers appending `events` in all, two per append, over many streams. */
async function appendConcurrently(
  writers: number,
  events: number,
  streams: readonly string[],
): Promise<Map<string, number>> {
  const tips = new Map<string, StreamTip>(streams.map((s) => [s, EMPTY_STREAM]));
  const written = new Map<string, number>(streams.map((s) => [s, 0]));
  let remaining = events;
  const busy = new Set<string>();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (remaining > 0) {
        const streamId = streams.find((s) => !busy.has(s))!;
        const count = Math.min(2, remaining);
        remaining -= count;
        busy.add(streamId);
        const expected = tips.get(streamId)!;
        const { tips: after } = await store.append([
          { streamId, expected, events: Array.from({ length: count }, () => anEvent()) },
        ]);
        tips.set(streamId, after.get(streamId)!);
        written.set(streamId, written.get(streamId)! + count);
        busy.delete(streamId);
      }
    }),
  );
  return written;
}

const exactlyOnce = (rows: Map<string, TallyRow>, written: Map<string, number>) =>
  [...written].every(([stream, n]) => {
    const versions = rows.get(stream)?.versions ?? [];
    return n === 0 ? versions.length === 0 : versions.join() === Array.from({ length: n }, (_, i) => i + 1).join();
  });

beforeEach(async () => {
  db = await createTestDatabase();
  store = new PostgresEventStore(db.pool);
});

afterEach(async () => {
  await Promise.all(supervisors.splice(0).map((s) => s.stop()));
  await db.drop();
});

describe('the projection runner on real PostgreSQL', () => {
  it('applies every one of 5,000 events exactly once while 8 writers commit out of order', async () => {
    supervise([tallyProjection()]);
    const streams = Array.from({ length: 40 }, () => `agreement-${randomUUID()}`);
    const written = await appendConcurrently(8, 5_000, streams);
    const rows = await until(
      () => rowsOf('tally'),
      (r) => tallied(r) >= 5_000,
    );
    recordInLedger({
      test: 'projection runner: 5,000 events from 8 writers out of order',
      faultsInjected: 0,
      inputsTried: 5_000,
      writesLost: Math.abs(5_000 - tallied(rows)) + (exactlyOnce(rows, written) ? 0 : 1),
    });
    expect(tallied(rows)).toBe(5_000);
    expect(exactlyOnce(rows, written)).toBe(true);
  }, 120_000);

  it('writes neither rows nor checkpoint when a batch fails after moving its checkpoint, then resumes exactly once', async () => {
    const streams = Array.from({ length: 5 }, () => `agreement-${randomUUID()}`);
    const written = await appendConcurrently(2, 50, streams);
    // The writer moves the checkpoint, then writes the rows: the fault falls between the two.
    await db.pool.query(`
      create function refuse_rows() returns trigger language plpgsql as $$
      begin raise exception 'the disk is full'; end $$;
      create trigger rows_fail before insert or update on projection_rows
        for each row execute function refuse_rows()`);
    supervise([tallyProjection()]);
    await until(
      async () => (await db.pool.query("select 1 from projection_checkpoints where projection = 'tally'")).rowCount,
      (n) => n === 1,
    );
    await sleep(1_000);
    expect((await rowsOf('tally')).size).toBe(0);
    const { rows } = await db.pool.query(
      "select prepare_position::int as p from projection_checkpoints where projection = 'tally'",
    );
    expect(rows).toEqual([{ p: 0 }]);

    await db.pool.query('drop trigger rows_fail on projection_rows');
    const resumed = await until(
      () => rowsOf('tally'),
      (r) => tallied(r) >= 50,
    );
    recordInLedger({
      test: 'projection runner: failure between rows and checkpoint',
      faultsInjected: 1,
      inputsTried: 50,
      writesLost: Math.abs(50 - tallied(resumed)),
    });
    expect(tallied(resumed)).toBe(50);
    expect(exactlyOnce(resumed, written)).toBe(true);
  }, 60_000);

  it('parks a poison event after its retries, reports it, and goes on; other read models are not held up', async () => {
    const poisoned = `agreement-${randomUUID()}`;
    const healthy = `agreement-${randomUUID()}`;
    await store.append([
      { streamId: poisoned, expected: EMPTY_STREAM, events: [anEvent(), anEvent('Poison'), anEvent()] },
    ]);
    await store.append([{ streamId: healthy, expected: EMPTY_STREAM, events: [anEvent(), anEvent()] }]);
    supervise([tallyProjection('fussy', (e) => e.type === 'Poison'), tallyProjection('tally')]);

    const fussy = await until(
      () => rowsOf('fussy'),
      (r) => tallied(r) >= 4,
    );
    recordInLedger({
      test: 'projection runner: a poison event parked',
      faultsInjected: 1,
      inputsTried: 5,
      writesLost: 4 - tallied(fussy),
    });
    expect(fussy.get(poisoned)?.versions).toEqual([1, 3]);
    expect(fussy.get(healthy)?.versions).toEqual([1, 2]);
    expect((await rowsOf('tally')).get(poisoned)?.versions).toEqual([1, 2, 3]);
    const parked = await db.pool.query(
      'select projection, stream_id, version, type, attempts, error from parked_events',
    );
    expect(parked.rows).toEqual([
      {
        projection: 'fussy',
        stream_id: poisoned,
        version: 2,
        type: 'Poison',
        attempts: 3,
        error: expect.stringContaining('refuses'),
      },
    ]);
  }, 60_000);

  it('lets one process at a time write a read model, and another take over when it stops', async () => {
    const first = supervise([tallyProjection()]);
    await until(
      async () => first.runningHere(),
      (r) => r.length === 1,
    );
    const second = supervise([tallyProjection()]);
    await sleep(600);
    expect(first.runningHere()).toEqual(['tally#1']);
    expect(second.runningHere()).toEqual([]);

    const streams = Array.from({ length: 4 }, () => `agreement-${randomUUID()}`);
    const before = appendConcurrently(4, 400, streams);
    await sleep(50);
    await first.stop();
    const written = await before;
    await until(
      async () => second.runningHere(),
      (r) => r.length === 1,
    );
    const rows = await until(
      () => rowsOf('tally'),
      (r) => tallied(r) >= 400,
    );
    expect(second.runningHere()).toEqual(['tally#1']);
    expect(exactlyOnce(rows, written)).toBe(true);
  }, 60_000);

  it('rebuilds beside the live copy while writers go on, then switches over and retires the old copy', async () => {
    const supervisor = supervise([tallyProjection()]);
    const streams = Array.from({ length: 10 }, () => `agreement-${randomUUID()}`);
    const early = await appendConcurrently(4, 1_000, streams);
    await until(
      () => rowsOf('tally'),
      (r) => tallied(r) >= 1_000,
    );
    expect(await supervisor.generations.requestRebuild()).toEqual({ live: 1, building: 2 });
    expect(await supervisor.generations.requestRebuild()).toEqual({ live: 1, building: 2 });

    const more = Array.from({ length: 5 }, () => `agreement-${randomUUID()}`);
    const late = await appendConcurrently(4, 500, more);
    const generations = await until(
      () => supervisor.generations.current(),
      (g) => g.live === 2,
      60_000,
    );
    expect(generations).toEqual({ live: 2, building: null });

    const rows = await until(
      () => rowsOf('tally', 2),
      (r) => tallied(r) >= 1_500,
    );
    expect(exactlyOnce(rows, new Map([...early, ...late]))).toBe(true);
    await until(
      () => rowsOf('tally', 1),
      (r) => r.size === 0,
    );
    expect((await rowsOf('tally', 1)).size).toBe(0);
  }, 90_000);

  it('starts a rebuild requested in this process at once, not at its next round of supervision', async () => {
    // Its rounds come up to 10 s apart (the relay of appends rings every poll): the rebuild must
    // not wait for the next one.
    const supervisor = supervise([tallyProjection()], 10_000);
    const written = await appendConcurrently(2, 100, [`agreement-${randomUUID()}`, `agreement-${randomUUID()}`]);
    await until(
      () => rowsOf('tally'),
      (r) => tallied(r) >= 100,
    );
    // Every wake-up the appends sent has come and gone: the supervision now waits for the relay's
    // next ring, about 10 s away.
    await sleep(1_000);
    expect(await supervisor.requestRebuild()).toEqual({ live: 1, building: 2 });
    const generations = await until(
      () => supervisor.generations.current(),
      (g) => g.live === 2,
      5_000,
    );
    expect(generations).toEqual({ live: 2, building: null });
    expect(exactlyOnce(await rowsOf('tally', 2), written)).toBe(true);
  }, 30_000);
});
