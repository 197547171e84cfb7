import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ACTORS, recordInLedger, SEED_STORIES, type ActorKey } from '@kemitraan/testing';
import { TEST_JWT_SECRET } from '@kemitraan/testing/http/tokens';
import { clientFor } from '../support/http-client';
import { startPostgresProcess, type PostgresProcess } from '../support/postgres-process';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { tellStory } from '../support/story-teller';

const OUTAGE_MS = 10_000;
const samarinda = SEED_STORIES.find((s) => s.seed.startsWith('004'))!;

/** The built server on a PostgreSQL of the test's own, which the test stops and starts again. */
describe('the database stopped for ten seconds under load', () => {
  let dataDir: string;
  let postgres: PostgresProcess;
  let server: ServerProcess;
  let port: number;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kemitraan-outage-'));
    postgres = await startPostgresProcess(dataDir);
    port = Number(new URL(postgres.url).port);
    server = await startServerProcess({
      DATABASE_URL: postgres.url,
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      RATE_LIMIT: '0',
    });
  }, 120_000);

  afterAll(async () => {
    server?.child.kill('SIGKILL');
    await server?.exited;
    await postgres?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers 503 problem+json quickly while it is down, recovers by itself, and loses no acknowledged command', async () => {
    const http = clientFor(server.url, TEST_JWT_SECRET);
    const post = (as: ActorKey, path: string, body: unknown) => http.post(ACTORS[as], path, body);
    const ids = [(await tellStory(post, samarinda)).agreementId, (await tellStory(post, samarinda)).agreementId];

    const acknowledged: string[] = [];
    const statuses = new Map<number, number>();
    let slowest = 0;
    let writing = true;
    const writer = async (n: number) => {
      for (let i = 0; writing; i++) {
        const title = `outage writer ${n} activity ${i}`;
        const started = Date.now();
        const answer = await http
          .post(ACTORS.operatorSamarinda, `/api/agreements/${ids[n % 2]}/activities`, {
            date: '2025-03-01',
            kind: 'PRODUCTION',
            title,
            participants: 1,
          })
          .catch(() => ({ status: 0, body: null, headers: new Headers() }));
        slowest = Math.max(slowest, Date.now() - started);
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        if (answer.status === 200) acknowledged.push(title);
        if (answer.status === 0) await sleep(100);
        if (answer.status === 503) {
          expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
          expect(answer.headers.get('retry-after')).toBeTruthy();
          await sleep(100);
        }
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    await sleep(1_500);

    await postgres.stop();
    await sleep(1_000);
    expect([server.child.exitCode, server.child.signalCode]).toEqual([null, null]); // it outlives its database
    const ready = await fetch(`${server.url}/health/ready`);
    expect(ready.status).toBe(503);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    await sleep(OUTAGE_MS - 1_000);
    postgres = await startPostgresProcess(dataDir, port);

    for (let waited = 0; (await fetch(`${server.url}/health/ready`)).status !== 200; waited += 200) {
      if (waited > 30_000) throw new Error('The server did not become ready again.');
      await sleep(200);
    }
    const acknowledgedBeforeRecovery = acknowledged.length;
    await sleep(1_500);
    writing = false;
    await Promise.all(writers);

    expect(statuses.get(500) ?? 0).toBe(0);
    expect(statuses.get(0) ?? 0).toBe(0);
    expect(statuses.get(503) ?? 0).toBeGreaterThan(0);
    expect(acknowledged.length).toBeGreaterThan(acknowledgedBeforeRecovery);
    expect(slowest).toBeLessThan(8_000);

    const titles: string[] = [];
    for (const id of ids) {
      const history = (await http.get(ACTORS.auditor, `/api/agreements/${id}/history`)).body as {
        type: string;
        data: { title: string };
      }[];
      titles.push(...history.filter((e) => e.type === 'ActivityRecorded').map((e) => e.data.title));
      expect((await http.get(ACTORS.auditor, `/api/agreements/${id}/verification`)).body.valid).toBe(true);
    }
    const lost = acknowledged.filter((title) => titles.filter((t) => t === title).length !== 1);
    const ours = titles.filter((title) => title.startsWith('outage writer'));
    const twice = ours.filter((title, i) => ours.indexOf(title) !== i);
    recordInLedger({
      test: 'database stopped 10 s under 4 writers',
      faultsInjected: 1,
      inputsTried: [...statuses.values()].reduce((a, b) => a + b, 0),
      writesLost: lost.length,
    });
    expect(lost).toEqual([]);
    expect(twice).toEqual([]);

    // Refusals are counted in a line every 10 s, not logged one by one with a stack each.
    const lines = server.output().split('\n');
    const counted = lines.filter((line) => line.includes('"refused":'));
    expect(counted.length).toBeGreaterThan(0);
    expect(counted.length).toBeLessThanOrEqual(OUTAGE_MS / 10_000 + 2);
    const refusedTotal = counted.reduce((n, line) => n + (JSON.parse(line) as { refused: number }).refused, 0);
    expect(refusedTotal).toBeLessThanOrEqual(statuses.get(503)!);
    const answered503 = lines.filter((line) => line.includes('"statusCode":503'));
    expect(answered503.length).toBe(statuses.get(503));
    expect(answered503.filter((line) => line.includes('"stack"'))).toEqual([]);

    for (let waited = 0; ; waited += 100) {
      const rows = (await http.get(ACTORS.auditor, '/api/reports/outputs?groupBy=agreement')).body.rows as {
        key: string;
        activities: number;
      }[];
      const counted = rows.filter((r) => ids.includes(r.key)).reduce((n, r) => n + r.activities, 0);
      if (counted === titles.length || waited > 20_000) {
        expect(counted).toBe(titles.length);
        break;
      }
      await sleep(100);
    }
  }, 180_000);
});
