import { randomUUID } from 'node:crypto';
import { EMPTY_STREAM, PostgresEventStore } from '@kemitraan/event-store';
import { anEvent, eventually } from '@kemitraan/event-store/testing/contract';
import { PROJECTIONS, ProjectionSupervisor, type AnyProjection } from '@kemitraan/projections';
import { ProjectionStatusHandler } from '@kemitraan/projections/operations/projection-status.handler';
import { leaseName, REBUILD_LEASE } from '@kemitraan/projections/runner/projection-leases';
import type { rebuildInThread } from '@kemitraan/projections/runner/rebuild-thread';
import { tallyProjection, type TallyRow } from '@kemitraan/testing';
import { createTestDatabase, type TestDatabase } from '@kemitraan/testing/database/test-database';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

let db: TestDatabase;
let store: PostgresEventStore;
let supervisor: ProjectionSupervisor | undefined;

beforeEach(async () => {
  db = await createTestDatabase();
  store = new PostgresEventStore(db.pool);
});

afterEach(async () => {
  await supervisor?.stop();
  supervisor = undefined;
  await db.drop();
});

/** `count` events, five to an append, on streams of `prefix` (which no product read model keeps). */
async function append(count: number, prefix = 'tally'): Promise<void> {
  for (let done = 0; done < count; done += 5) {
    const events = Array.from({ length: Math.min(5, count - done) }, () => anEvent());
    await store.append([{ streamId: `${prefix}-${randomUUID()}`, expected: EMPTY_STREAM, events }]);
  }
}

/** A tally read model whose rows follow single streams, as the product's do: a rebuild passes over the streams. */
const tally = (name: string) => tallyProjection(name, undefined, { oneStreamPerRow: true });

/** A tally read model that counts the events it is given, by whichever runner. */
function counted(name: string): { projection: AnyProjection; applied: () => number } {
  const inner = tally(name);
  let applied = 0;
  return {
    projection: {
      ...inner,
      apply: (row: TallyRow | null, event) => {
        applied += 1;
        return inner.apply(row, event);
      },
    } as AnyProjection,
    applied: () => applied,
  };
}

const generations = async () =>
  (await db.pool.query<{ live: number; building: number | null }>('select live, building from read_model_generations'))
    .rows[0]!;

const eventsRead = async (projection: string, generation: number) =>
  Number(
    (
      await db.pool.query<{ read: string }>(
        'select events_read::text as read from projection_checkpoints where projection = $1 and generation = $2',
        [projection, generation],
      )
    ).rows[0]?.read ?? -1,
  );

/** A rebuild thread that runs until it is stopped, so the rebuild stays under way. */
const endlessRebuild: typeof rebuildInThread = (_options, signal) =>
  new Promise((stopped) => signal.addEventListener('abort', () => stopped(), { once: true }));

const rowsOf = async (projection: string, generation: number) =>
  (
    await db.pool.query<{ row: TallyRow }>(
      'select row from projection_rows where projection = $1 and generation = $2',
      [projection, generation],
    )
  ).rows.map((r) => r.row);

/** Waits until each of `projections` has read `count` events into `generation`, and says so. */
async function untilRead(projections: readonly string[], generation: number, count: number): Promise<void> {
  const read = await eventually(
    () => Promise.all(projections.map((projection) => eventsRead(projection, generation))),
    (all) => all.every((n) => n === count),
    10_000,
  );
  expect(read).toEqual(projections.map(() => count));
}

/** A log of `count` events that a tally read model has read whole, as a server left them. */
async function caughtUpOn(count: number): Promise<void> {
  await append(count);
  const first = supervise([tally('tally')], {});
  await untilRead(['tally'], 1, count);
  await first.stop();
}

interface Settings {
  rebuildWhenBehind?: number;
  rebuildStalledAfterMs?: number;
  thread?: boolean;
}

function supervisorOf(projections: readonly AnyProjection[], options: Settings): ProjectionSupervisor {
  return new ProjectionSupervisor({
    pool: db.pool,
    store,
    projections,
    log: silent,
    pollMs: 50,
    rebuildWhenBehind: options.rebuildWhenBehind,
    rebuildStalledAfterMs: options.rebuildStalledAfterMs,
    rebuildThread: options.thread
      ? { databaseUrl: db.url, store: { kind: 'postgres' }, heapMb: 128, run: endlessRebuild }
      : undefined,
  });
}

function supervise(projections: readonly AnyProjection[], options: Settings): ProjectionSupervisor {
  supervisor = supervisorOf(projections, options);
  supervisor.start();
  return supervisor;
}

describe('read models far behind the log, on real PostgreSQL', () => {
  it('are rebuilt, not caught up in log order: each event is folded once, then they follow the log', async () => {
    await append(600);
    const tally = counted('tally');
    const ledger = counted('ledger');
    supervise([tally.projection, ledger.projection], { rebuildWhenBehind: 200 });

    await eventually(generations, (g) => g.live === 2 && g.building === null, 20_000);
    await untilRead(['tally', 'ledger'], 2, 600);
    // The runners of generation 1 were never started: the rebuild folded every event, once.
    expect([tally.applied(), ledger.applied()]).toEqual([600, 600]);

    // Then the live runners of generation 2 follow the log, each event in the rows once. Apply
    // calls are not what counts here: a runner that tries a batch again (after an error, or on
    // finding its checkpoint moved) folds it again and commits it once. One run counted 655.
    await append(50);
    await untilRead(['tally', 'ledger'], 2, 650);
    for (const projection of ['tally', 'ledger']) {
      const rows = await rowsOf(projection, 2);
      expect(rows).toHaveLength(130);
      expect(rows.every((row) => row.versions.join() === '1,2,3,4,5')).toBe(true);
    }
    expect(await generations()).toEqual({ live: 2, building: null });
  });

  it('are caught up in log order when less than half the log is left to read', async () => {
    await caughtUpOn(1_000);

    // 300 of 1,300 events: at the threshold, so counted exactly (beyond it a lag is a bound from
    // log positions, up to PostgreSQL's max_connections above the count: PostgresEventStore.lagAfter).
    await append(300);
    supervise([tally('tally')], { rebuildWhenBehind: 300 });
    await untilRead(['tally'], 1, 1_300);
    expect(await generations()).toEqual({ live: 1, building: null });
  });

  it('are caught up in log order when fewer events than the threshold are left', async () => {
    await append(300);
    supervise([tally('tally')], { rebuildWhenBehind: 301 });
    await untilRead(['tally'], 1, 300);
    expect(await generations()).toEqual({ live: 1, building: null });
  });

  it('are caught up in log order when no threshold is set', async () => {
    await append(300);
    supervise([tally('tally')], {});
    await untilRead(['tally'], 1, 300);
    expect(await generations()).toEqual({ live: 1, building: null });
  });

  it('wait for the rebuild while read models that are current keep following the log (a read model added by a release)', async () => {
    await caughtUpOn(600);

    const release = supervise([tally('tally'), tally('ledger')], {
      rebuildWhenBehind: 200,
      thread: true,
    });
    const rebuild = leaseName(REBUILD_LEASE, 2);
    await eventually(
      async () => release.runningHere(),
      (running) => running.includes(rebuild) && running.includes('tally#1'),
      10_000,
    );
    await append(20);
    await untilRead(['tally'], 1, 620);
    expect(release.runningHere()).not.toContain('ledger#1');
    expect(await eventsRead('ledger', 1)).toBe(-1);
    expect(await generations()).toEqual({ live: 1, building: 2 });
  });

  it('go back to their runners when the rebuild stops moving', async () => {
    await caughtUpOn(600);
    const release = supervise([tally('tally'), tally('ledger')], {
      rebuildWhenBehind: 200,
      rebuildStalledAfterMs: 300,
      thread: true,
    });
    await untilRead(['ledger'], 1, 600);
    expect(release.runningHere()).toEqual(expect.arrayContaining(['tally#1', 'ledger#1', leaseName(REBUILD_LEASE, 2)]));
    expect(await generations()).toEqual({ live: 1, building: 2 });
  });

  it('are caught up in log order within minutes of a switch-over, so a rebuild that left one out does not start the next', async () => {
    await append(600);
    const first = supervise([tally('tally')], { rebuildWhenBehind: 200 });
    await untilRead(['tally'], 2, 600);
    // Its checkpoint reaches the end of the log a moment before the switch-over: stopped in
    // between, the next supervisor would resume that rebuild rather than follow a switch-over.
    await eventually(generations, (now) => now.live === 2 && now.building === null, 10_000);
    await first.stop();

    supervise([tally('tally'), tally('ledger')], { rebuildWhenBehind: 200 });
    await untilRead(['ledger'], 2, 600);
    expect(await generations()).toEqual({ live: 2, building: null });
  });

  it('are left to one rebuild by every process that shares the database', async () => {
    await append(600);
    const processes = [
      supervisorOf([tally('tally')], { rebuildWhenBehind: 200, thread: true }),
      supervisorOf([tally('tally')], { rebuildWhenBehind: 200, thread: true }),
    ];
    try {
      for (const process of processes) process.start();
      const rebuild = leaseName(REBUILD_LEASE, 2);
      const running = () => processes.flatMap((process) => process.runningHere());
      await eventually(
        async () => running(),
        (names) => names.includes(rebuild),
        10_000,
      );
      // Several rounds of both supervisors (pollMs 50).
      await new Promise((wait) => setTimeout(wait, 500));
      expect(running()).toEqual([rebuild]);
      expect(await eventsRead('tally', 1)).toBe(-1);
      expect(await generations()).toEqual({ live: 1, building: 2 });
    } finally {
      await Promise.all(processes.map((process) => process.stop()));
    }
  });

  it('show as waiting for the rebuild while it runs', async () => {
    await append(300, 'other');
    const server = supervise(PROJECTIONS, { rebuildWhenBehind: 100, thread: true });
    await eventually(
      async () => server.runningHere(),
      (running) => running.includes(leaseName(REBUILD_LEASE, 2)),
      10_000,
    );
    const status = await new ProjectionStatusHandler(db.pool, store).execute();
    expect(status.map((p) => p.status)).toEqual(PROJECTIONS.map(() => 'waiting-for-rebuild'));
    expect(status.map((p) => p.lag)).toEqual(PROJECTIONS.map(() => 300));
    expect(status.every((p) => p.rebuilding?.generation === 2)).toBe(true);
    expect(server.runningHere()).toEqual([leaseName(REBUILD_LEASE, 2)]);

    await server.stop();
    supervisor = undefined;
    const stopped = await new ProjectionStatusHandler(db.pool, store).execute();
    expect(stopped.map((p) => p.status)).toEqual(PROJECTIONS.map(() => 'stopped'));
  });
});
