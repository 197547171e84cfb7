import { setTimeout as sleep } from 'node:timers/promises';
import { LEASE_HELD_ANYWHERE } from '@kemitraan/projections/runner/projection-leases';
import { ACTORS, recordInLedger, SEED_STORIES, type ActorKey } from '@kemitraan/testing';
import { createTestDatabase, type TestDatabase } from '@kemitraan/testing/database/test-database';
import { TEST_JWT_SECRET } from '@kemitraan/testing/http/tokens';
import { clientFor } from '../support/http-client';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { tellStory } from '../support/story-teller';

const samarinda = SEED_STORIES.find((s) => s.seed.startsWith('004'))!;
const AGREEMENTS = 4;

/** Two built servers on one PostgreSQL database, as two replicas behind a load balancer. */
describe('two API processes on one PostgreSQL', () => {
  let db: TestDatabase;
  const servers: (ServerProcess | undefined)[] = [undefined, undefined];
  const start = async (i: number) =>
    (servers[i] = await startServerProcess({ DATABASE_URL: db.url, AUTH_JWT_SECRET: TEST_JWT_SECRET }));
  const http = (i: number) => clientFor(servers[i]!.url, TEST_JWT_SECRET);
  let ids: string[] = [];
  let acknowledged = 0;

  /** `perServer` activities on every agreement from each live server at once; counts the 200s. */
  async function recordFromBoth(perServer: number, live: number[]): Promise<void> {
    const sends = live.flatMap((i) =>
      ids.flatMap((id) =>
        Array.from({ length: perServer }, (_, n) =>
          http(i)
            .post(ACTORS.operatorSamarinda, `/api/agreements/${id}/activities`, {
              date: `2025-0${1 + (n % 9)}-15`,
              kind: 'TRAINING',
              title: `Pelatihan ${i}-${n}`,
              participants: 1,
            })
            .then(
              (answer) => {
                if (answer.status === 200) acknowledged += 1;
                return answer.status;
              },
              () => 0,
            ),
        ),
      ),
    );
    await Promise.all(sends);
  }

  /** The log's own count of activities per agreement. */
  async function activitiesInLog(): Promise<Map<string, number>> {
    const { rows } = await db.pool.query<{ id: string; n: number }>(
      `select substr(stream_id, 11) as id, count(*)::int as n from events where type = 'ActivityRecorded' group by 1`,
    );
    return new Map(rows.map((r) => [r.id, r.n]));
  }

  /** Waits until the outputs read model (through process `i`) equals the log, agreement by agreement. */
  async function readModelsMatchLog(i: number): Promise<boolean> {
    const expected = await activitiesInLog();
    for (let waited = 0; waited < 20_000; waited += 100) {
      const report = await http(i).get(ACTORS.auditor, '/api/reports/outputs?groupBy=agreement');
      const seen = new Map(report.body.rows.map((r: { key: string; activities: number }) => [r.key, r.activities]));
      if ([...expected].every(([id, n]) => seen.get(id) === n) && seen.size === expected.size) return true;
      await sleep(100);
    }
    return false;
  }

  const leaseHolders = async () =>
    (await db.pool.query<{ holders: number }>(LEASE_HELD_ANYWHERE)).rows.map((r) => r.holders);

  beforeAll(async () => {
    db = await createTestDatabase();
    await Promise.all([start(0), start(1)]);
    const post = (as: ActorKey, path: string, body: unknown) => http(0).post(ACTORS[as], path, body);
    ids = await Promise.all(
      Array.from({ length: AGREEMENTS }, async () => (await tellStory(post, samarinda)).agreementId),
    );
    // The story's own activities count as acknowledged: each of them was answered 200.
    acknowledged = [...(await activitiesInLog()).values()].reduce((a, b) => a + b, 0);
  }, 120_000);

  afterAll(async () => {
    for (const server of servers) server?.child.kill('SIGKILL');
    await Promise.all(servers.map((s) => s?.exited));
    await db.drop();
  });

  it('loses nothing and writes nothing twice when both take commands on the same agreements', async () => {
    const before = acknowledged;
    await recordFromBoth(15, [0, 1]);
    const inLog = await activitiesInLog();
    const total = [...inLog.values()].reduce((a, b) => a + b, 0);
    expect(total).toBe(acknowledged);
    expect(acknowledged - before).toBe(15 * 2 * AGREEMENTS);
    const { rows } = await db.pool.query<{ stream_id: string; n: number; top: number; ids: number }>(
      `select stream_id, count(*)::int as n, max(version) as top, count(distinct event_id)::int as ids
       from events group by stream_id`,
    );
    for (const stream of rows) expect([stream.n, stream.ids]).toEqual([stream.top, stream.top]);
    for (const id of ids)
      expect((await http(1).get(ACTORS.auditor, `/api/agreements/${id}/verification`)).body.valid).toBe(true);
  }, 120_000);

  it('keeps one runner per read model, and the read models equal to the log', async () => {
    expect(await readModelsMatchLog(1)).toBe(true);
    expect(await leaseHolders()).toEqual([1, 1, 1]);
  }, 60_000);

  it('goes on when one process is killed mid-stream: every acknowledged command is in the log once', async () => {
    const before = acknowledged;
    const stream = recordFromBoth(10, [0, 1]);
    await sleep(150);
    servers[0]!.child.kill('SIGKILL');
    await servers[0]!.exited;
    servers[0] = undefined;
    await stream;
    await recordFromBoth(5, [1]);
    const inLog = [...(await activitiesInLog()).values()].reduce((a, b) => a + b, 0);
    recordInLedger({
      test: 'two API processes, one SIGKILLed mid-stream',
      faultsInjected: 1,
      inputsTried: acknowledged - before,
      writesLost: Math.max(0, acknowledged - inLog),
    });
    expect(acknowledged).toBeGreaterThan(before);
    // A command cut off by the kill may have been written without its answer arriving: never the reverse.
    expect(inLog).toBeGreaterThanOrEqual(acknowledged);
    expect(inLog - acknowledged).toBeLessThanOrEqual(10 * AGREEMENTS);
    expect(await readModelsMatchLog(1)).toBe(true);
    expect(await leaseHolders()).toEqual([1, 1, 1]);
  }, 120_000);

  it('lets the other take over when the one now running every read model is killed', async () => {
    await start(0);
    servers[1]!.child.kill('SIGKILL');
    await servers[1]!.exited;
    servers[1] = undefined;
    await recordFromBoth(5, [0]);
    expect(await readModelsMatchLog(0)).toBe(true);
    expect(await leaseHolders()).toEqual([1, 1, 1]);
  }, 120_000);
});
