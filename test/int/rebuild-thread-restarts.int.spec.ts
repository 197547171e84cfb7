import { PostgresEventStore } from '@kemitraan/event-store';
import { eventually } from '@kemitraan/event-store/testing/contract';
import { ProjectionSupervisor } from '@kemitraan/projections';
import { LEASE_HELD, leaseName } from '@kemitraan/projections/runner/projection-leases';
import type { rebuildInThread } from '@kemitraan/projections/runner/rebuild-thread';
import { tallyProjection } from '@kemitraan/testing';
import { createTestDatabase, type TestDatabase } from '@kemitraan/testing/database/test-database';

/**
 * A rebuild thread cannot be made to fail under jest (it runs the sources; the thread's body is
 * built output), so a stand-in takes its place: it fails, fails, ends well, then fails again,
 * and after that runs until it is stopped, as a healthy thread would.
 */
function threadThatFailsTwice(started: number[]): typeof rebuildInThread {
  return (_options, signal) => {
    started.push(performance.now());
    const attempt = started.length;
    if (attempt === 1 || attempt === 2 || attempt === 4) return Promise.reject(new Error(`thread ${attempt} died`));
    if (attempt === 3 || signal.aborted) return Promise.resolve();
    return new Promise((stopped) => signal.addEventListener('abort', () => stopped(), { once: true }));
  };
}

/**
 * Node's timers count whole milliseconds, so a wait measured from outside may come out a
 * millisecond short; what follows the wait (the lease given back, the supervisor's next round,
 * the lease taken again) adds far more than this.
 */
const TIMER_ROUNDING_MS = 2;

describe('the supervisor of a rebuild thread, on real PostgreSQL', () => {
  let db: TestDatabase;
  let supervisor: ProjectionSupervisor | undefined;

  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => {
    await supervisor?.stop();
    await db.drop();
  });

  it('starts a failed thread again after a wait that grows while it keeps failing, and from the first wait after one that ended well', async () => {
    const started: number[] = [];
    const restarts: string[] = [];
    const leaseInWait: Promise<boolean | 'too late'>[] = [];
    let lease = '';
    /** 250 ms into a wait: does this process still hold the rebuild's lease in PostgreSQL? */
    const checkLeaseHalfWay = () => {
      const startsBefore = started.length;
      leaseInWait.push(
        new Promise((answer) => setTimeout(answer, 250)).then(async () => {
          const { rows } = await db.pool.query<{ held: boolean }>(LEASE_HELD, [lease]);
          return started.length === startsBefore ? rows[0]!.held : 'too late';
        }),
      );
    };
    supervisor = new ProjectionSupervisor({
      pool: db.pool,
      store: new PostgresEventStore(db.pool),
      projections: [tallyProjection()],
      log: {
        info: () => undefined,
        warn: () => undefined,
        error: (message) => {
          if (!message.startsWith('rebuild#')) return;
          restarts.push(message);
          checkLeaseHalfWay();
        },
      },
      pollMs: 50,
      rebuildThread: {
        databaseUrl: db.url,
        store: { kind: 'postgres' },
        heapMb: 128,
        run: threadThatFailsTwice(started),
      },
    });
    supervisor.start();
    const { building } = await supervisor.generations.requestRebuild();
    lease = leaseName('rebuild', building!);

    await eventually(
      async () => started.length,
      (n) => n >= 5,
      30_000,
    );
    expect(started).toHaveLength(5);
    const waits = restarts.map((message) => Number(/Starting again in (\d+) ms/.exec(message)?.[1]));
    expect(waits).toEqual([500, 1_000, 500]);
    // No thread is started again before its wait is over.
    expect(started[1]! - started[0]!).toBeGreaterThanOrEqual(500 - TIMER_ROUNDING_MS);
    expect(started[2]! - started[1]!).toBeGreaterThanOrEqual(1_000 - TIMER_ROUNDING_MS);
    expect(started[4]! - started[3]!).toBeGreaterThanOrEqual(500 - TIMER_ROUNDING_MS);
    // Each answer that came while its wait was still on says the lease was held; an answer slower
    // than the rest of a wait proves nothing either way, but at least one must have come in time.
    const answers = await Promise.all(leaseInWait);
    expect(answers).toHaveLength(3);
    const inTime = answers.filter((answer) => answer !== 'too late');
    expect(inTime.length).toBeGreaterThan(0);
    expect(inTime.every((held) => held === true)).toBe(true);
    expect(supervisor.runningHere()).toContain(lease);
  });
});
