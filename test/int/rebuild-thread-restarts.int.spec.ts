import { PostgresEventStore } from '@kemitraan/event-store';
import { eventually } from '@kemitraan/event-store/testing/contract';
import { ProjectionSupervisor } from '@kemitraan/projections';
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
    started.push(Date.now());
    const attempt = started.length;
    if (attempt === 1 || attempt === 2 || attempt === 4) return Promise.reject(new Error(`thread ${attempt} died`));
    if (attempt === 3) return Promise.resolve();
    return new Promise((stopped) => signal.addEventListener('abort', () => stopped(), { once: true }));
  };
}

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
    const errors: string[] = [];
    const heldInWait: boolean[] = [];
    supervisor = new ProjectionSupervisor({
      pool: db.pool,
      store: new PostgresEventStore(db.pool),
      projections: [tallyProjection()],
      log: {
        info: () => undefined,
        warn: () => undefined,
        error: (message) => {
          errors.push(message);
          // Half way through the wait: the rebuild's lease is still this process's.
          setTimeout(() => heldInWait.push(supervisor!.runningHere().includes('rebuild#2')), 250);
        },
      },
      pollMs: 50,
      rebuildThread: { databaseUrl: db.url, store: { kind: 'postgres' }, heapMb: 128 },
      startRebuildThread: threadThatFailsTwice(started),
    });
    supervisor.start();
    await supervisor.generations.requestRebuild();

    await eventually(
      async () => started.length,
      (n) => n >= 5,
      30_000,
    );
    const waits = errors.map((message) => Number(/Starting again in (\d+) ms/.exec(message)?.[1]));
    expect(waits).toEqual([500, 1_000, 500]);
    // A thread is not started again before its wait is over.
    expect(started[1]! - started[0]!).toBeGreaterThanOrEqual(500);
    expect(started[2]! - started[1]!).toBeGreaterThanOrEqual(1_000);
    expect(started[4]! - started[3]!).toBeGreaterThanOrEqual(500);
    expect(heldInWait).toEqual([true, true, true]);
    expect(supervisor.runningHere()).toContain('rebuild#2');
  });
});
