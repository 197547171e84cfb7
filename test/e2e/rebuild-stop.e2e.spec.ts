import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { agreementStream } from '@kemitraan/agreements/application/agreement-streams';
import { PostgresEventStore } from '@kemitraan/event-store';
import { PROJECTIONS } from '@kemitraan/projections';
import { ACTORS, recordInLedger, SEED_STORIES } from '@kemitraan/testing';
import { createTestDatabase, type TestDatabase } from '@kemitraan/testing/database/test-database';
import { TEST_JWT_SECRET } from '@kemitraan/testing/http/tokens';
import { appendClones } from '../../apps/bench/src/clone-streams';
import { clientFor } from '../support/http-client';
import { everyReport } from '../support/reports';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { tellStory } from '../support/story-teller';

/** Enough for the rebuild to take a few seconds, so it can be stopped half way. */
const LOG_SIZE = 40_000;

const CHECKPOINTS = `
  select coalesce(min(events_read), 0)::int as least, coalesce(max(events_read), 0)::int as most
  from projection_checkpoints where generation = $1`;
const GENERATIONS = 'select live, building from read_model_generations';

describe('a rebuild in its worker thread, stopped by SIGTERM half way', () => {
  let db: TestDatabase;
  let dataDir: string;
  let server: ServerProcess | undefined;
  let events = 0;
  let before: Record<string, unknown>;
  const start = async () => {
    server = await startServerProcess({
      DATABASE_URL: db.url,
      DATA_DIR: dataDir,
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      RATE_LIMIT: '0',
      LOG_LEVEL: 'info',
    });
    return clientFor(server.url);
  };
  const reports = (client: ReturnType<typeof clientFor>) => everyReport((path) => client.get(ACTORS.auditor, path));
  const liveCaughtUp = async (client: ReturnType<typeof clientFor>, generation: number) => {
    for (const deadline = Date.now() + 90_000; Date.now() < deadline; await sleep(200)) {
      const status = (await client.get(ACTORS.admin, '/api/admin/projections')).body as {
        generation: number;
        eventsRead: number;
        lag: number;
      }[];
      if (status.every((p) => p.generation === generation && p.lag === 0)) return status;
    }
    throw new Error(`Generation ${generation} did not catch up with the log within 90 s.`);
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = await mkdtemp(join(tmpdir(), 'kemitraan-rebuild-stop-'));
    const client = await start();
    const told = [];
    for (const story of SEED_STORIES)
      told.push(await tellStory((as, path, body) => client.post(ACTORS[as], path, body), story));
    const store = new PostgresEventStore(db.pool);
    const templates = await Promise.all(
      told.map(async (t) => (await store.readStream(agreementStream(t.agreementId))).events),
    );
    await appendClones(store, templates, LOG_SIZE);
    events = (await db.pool.query<{ count: number }>('select count(*)::int as count from events')).rows[0]!.count;
    await liveCaughtUp(client, 1);
    before = await reports(client);
  }, 240_000);

  afterAll(async () => {
    server?.child.kill('SIGTERM');
    await server?.exited;
    await db.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Holds the building generation's checkpoints, so its next flush waits: the test decides when it goes on. */
  const holdCheckpoints = async (generation: number) => {
    const client = await db.pool.connect();
    await client.query('begin');
    await client.query('select 1 from projection_checkpoints where generation = $1 for update', [generation]);
    return async () => {
      await client.query('commit');
      client.release();
    };
  };
  const untilOutput = async (text: string) => {
    for (const deadline = Date.now() + 30_000; !server!.output().includes(text); await sleep(50)) {
      if (Date.now() > deadline) throw new Error(`The server never logged "${text}":\n${server!.output()}`);
    }
  };

  it('ends the server within its grace, keeps what the thread wrote, and the restarted server resumes it, to a copy equal to the old one', async () => {
    const started = await clientFor(server!.url).post(ACTORS.admin, '/api/admin/projections/rebuild');
    expect(started.status).toBe(202);
    const { building } = started.body as { building: number };

    // Once every read model of the new generation has written some of its rows, its next flush is
    // held, so the stop comes half way however fast this machine is.
    let progress = { least: 0, most: 0 };
    for (const deadline = Date.now() + 60_000; progress.least === 0 && Date.now() < deadline; await sleep(10)) {
      progress = (await db.pool.query<typeof progress>(CHECKPOINTS, [building])).rows[0]!;
    }
    expect(progress.least).toBeGreaterThan(0);
    const release = await holdCheckpoints(building);
    let signalled: number;
    try {
      expect((await db.pool.query(GENERATIONS)).rows[0]).toEqual({ live: 1, building });
      signalled = Date.now();
      server!.child.kill('SIGTERM');
      await sleep(300);
    } finally {
      await release();
    }
    const ended = await Promise.race([server!.exited, sleep(20_000).then(() => 'still running')]);
    expect([0, 'SIGTERM']).toContain(ended);
    // It stopped when asked and finished its flush, not when its grace ran out (rebuild-thread.ts).
    expect(Date.now() - signalled).toBeLessThan(10_000);
    expect(server!.output()).toContain(`rebuild#${building}: stopped; its checkpoints keep what it wrote`);
    expect(server!.output()).not.toContain('did not stop within');

    const stopped = (await db.pool.query<typeof progress>(CHECKPOINTS, [building])).rows[0]!;
    expect(stopped.most).toBeLessThan(events);
    expect((await db.pool.query(GENERATIONS)).rows[0]).toEqual({ live: 1, building });

    // Restarted with the half-built generation held again: it resumes from where the first stopped,
    // and meanwhile every read is still answered by the old generation, as before the rebuild.
    const releaseAgain = await holdCheckpoints(building);
    let restarted: ReturnType<typeof clientFor>;
    try {
      restarted = await start();
      await untilOutput(`rebuild#${building}: resuming from its checkpoints, ${stopped.least} events already folded`);
      expect(await reports(restarted)).toEqual(before);
      // Stopped in its pass over the streams (the log's start is its position until the pass
      // ends): what is left is shown as the log less what was read, never less than that.
      expect(server!.output()).toContain(`rebuild#${building}: reading the log stream by stream up to transaction`);
      const statuses = (await restarted.get(ACTORS.admin, '/api/admin/projections')).body as {
        rebuilding: { eventsRead: number; lag: number };
      }[];
      for (const { rebuilding } of statuses) {
        expect(rebuilding.eventsRead + rebuilding.lag).toBeGreaterThanOrEqual(events);
        expect(rebuilding.lag).toBeLessThan(events);
      }
    } finally {
      await releaseAgain();
    }

    const status = await liveCaughtUp(restarted, building);
    recordInLedger({
      test: 'SIGTERM of the server during a threaded rebuild',
      faultsInjected: 1,
      inputsTried: events,
      writesLost: status.reduce((lost, p) => lost + Math.max(0, events - p.eventsRead), 0),
    });
    // Every event counted exactly once over the two processes: none skipped, none folded twice.
    expect(status).toHaveLength(PROJECTIONS.length);
    expect(status.map((p) => p.eventsRead)).toEqual(status.map(() => events));
    expect(await reports(restarted)).toEqual(before);
  }, 180_000);
});
