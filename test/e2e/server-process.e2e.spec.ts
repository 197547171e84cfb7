import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ACTORS, recordInLedger, SEED_STORIES } from '@kemitraan/testing';
import { TEST_JWT_SECRET } from '@kemitraan/testing/http/tokens';
import { eventually } from '@kemitraan/event-store/testing/contract';
import { clientFor, type Answer } from '../support/http-client';
import { COMMAND_ANSWER_MS, isAlive, postmasterPid } from '@kemitraan/postgres';
import { tellStory } from '../support/story-teller';
import { cleanUpDataDir, startServerProcess, type ServerProcess } from '../support/server-process';
import { SHUTDOWN_DEADLINE_MS } from '../../apps/api/src/shutdown';

const samarinda = SEED_STORIES.find((s) => s.seed.startsWith('004'))!;

describe('the built server as `npm start` runs it, on the embedded PostgreSQL', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;
  const env = () => ({ DATA_DIR: dataDir, AUTH_JWT_SECRET: TEST_JWT_SECRET });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kemitraan-process-'));
  });
  afterAll(() => cleanUpDataDir(dataDir, server));

  it('starts on an empty DATA_DIR and serves the OpenAPI page and document', async () => {
    server = await startServerProcess(env());
    const page = await fetch(`${server.url}/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger');
    const document = (await (await fetch(`${server.url}/docs-json`)).json()) as {
      paths: Record<string, { get?: { responses: Record<string, { content?: object }> } }>;
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/agreements', '/api/agreements/{id}/signing', '/health/ready']),
    );
    expect(Object.keys(document.paths['/health/ready']!.get!.responses['503']!.content!)).toEqual([
      'application/problem+json',
    ]);
    expect(Object.keys(document.components.schemas.SignAgreementDto.properties)).toEqual(
      expect.arrayContaining(['signedOn', 'signatories', 'effectiveUntil']),
    );
  });

  it('keeps every acknowledged command through a SIGKILL of the server and its PostgreSQL', async () => {
    const client = clientFor(server!.url);
    const { agreementId: id } = await tellStory((as, path, body) => client.post(ACTORS[as], path, body), samarinda);
    const acknowledged: string[] = [];
    let writing = true;
    const writer = async (n: number) => {
      for (let i = 0; writing; i++) {
        const title = `writer ${n} activity ${i}`;
        const body = { date: '2024-06-01', kind: 'PRODUCTION', title, participants: 1 };
        const answer = await client
          .post(ACTORS.operatorSamarinda, `/api/agreements/${id}/activities`, body)
          .catch(() => null);
        if (answer?.status === 200) acknowledged.push(title);
        if (!answer) return;
      }
    };
    const writers = [1, 2, 3, 4].map(writer);
    await sleep(1500);
    const postgres = postmasterPid(join(dataDir, 'pg'));
    server!.child.kill('SIGKILL');
    if (postgres) process.kill(postgres, 'SIGKILL');
    writing = false;
    await Promise.all([...writers, server!.exited]);
    expect(acknowledged.length).toBeGreaterThan(10);

    server = await startServerProcess(env());
    const restarted = clientFor(server.url);
    const history = (await restarted.get(ACTORS.auditor, `/api/agreements/${id}/history`)).body as {
      type: string;
      data: { title: string };
    }[];
    const recorded = history.filter((e) => e.type === 'ActivityRecorded').map((e) => e.data.title);
    const lost = acknowledged.filter((title) => recorded.filter((t) => t === title).length !== 1);
    recordInLedger({
      test: 'SIGKILL of the server and its PostgreSQL under 4 writers',
      faultsInjected: 2,
      inputsTried: acknowledged.length,
      writesLost: lost.length,
    });
    expect(lost).toEqual([]);
    expect((await restarted.get(ACTORS.auditor, `/api/agreements/${id}/verification`)).body).toEqual({
      valid: true,
      events: history.length,
    });
    // The read models catch up with the log: every recorded activity counted, none twice.
    for (let waited = 0; ; waited += 100) {
      const outputs = await restarted.get(ACTORS.auditor, '/api/reports/outputs?groupBy=agreement');
      const row = outputs.body.rows.find((r: { key: string }) => r.key === id);
      if (row?.activities === recorded.length || waited > 20_000) {
        expect(row?.activities).toBe(recorded.length);
        break;
      }
      await sleep(100);
    }
  });

  it('rebuilds the read models in a worker thread, counting commands recorded after the request, then switches over', async () => {
    server!.child.kill('SIGTERM');
    await server!.exited;
    server = await startServerProcess({ ...env(), LOG_LEVEL: 'info' });
    const client = clientFor(server.url);
    const activities = async () => {
      const outputs = await client.get(ACTORS.auditor, '/api/reports/outputs?groupBy=agreement');
      return outputs.body.rows.map((r: { key: string; activities: number }) => [r.key, r.activities]);
    };
    const before = await activities();
    const [[id, recorded]] = before;

    const answer = await client.post(ACTORS.admin, '/api/admin/projections/rebuild');
    expect(answer.status).toBe(202);
    const { building } = answer.body as { building: number };
    for (let i = 0; i < 5; i++) {
      const body = { date: '2024-07-01', kind: 'PRODUCTION', title: `during the rebuild ${i}`, participants: 2 };
      expect((await client.post(ACTORS.operatorSamarinda, `/api/agreements/${id}/activities`, body)).status).toBe(200);
    }
    type Status = { generation: number; lag: number; parked: unknown[] };
    const switched = (status: Status[]) => status.every((p) => p.generation === building && p.lag === 0);
    const status = await eventually(
      () => client.get(ACTORS.admin, '/api/admin/projections'),
      (a) => switched(a.body),
      60_000,
    );
    expect(status.body.map(({ generation, lag, parked }: Status) => ({ generation, lag, parked }))).toEqual(
      status.body.map(() => ({ generation: building, lag: 0, parked: [] })),
    );
    expect(await eventually(activities, (rows) => rows[0][1] === recorded + 5)).toEqual([[id, recorded + 5]]);
    expect(server.output()).toContain(`rebuild#${building}: reading the log in a worker thread (heap ceiling 128 MB)`);
    expect(server.output()).toContain(`generation ${building} now answers every read`);
  });

  it('starts again when only the server was killed and its PostgreSQL was left running', async () => {
    const client = clientFor(server!.url);
    const before = (await client.get(ACTORS.auditor, '/api/units')).body.length;
    const orphan = postmasterPid(join(dataDir, 'pg'));
    server!.child.kill('SIGKILL');
    await server!.exited;
    expect(orphan && isAlive(orphan)).toBe(true);

    server = await startServerProcess(env());
    expect((await clientFor(server.url).get(ACTORS.auditor, '/api/units')).body).toHaveLength(before);
    expect(isAlive(orphan!)).toBe(false);
  });

  it('answers 503 problem+json while its PostgreSQL is gone, then starts it again and serves', async () => {
    const client = clientFor(server!.url);
    const before = (await client.get(ACTORS.auditor, '/api/units')).body.length;
    const killed = postmasterPid(join(dataDir, 'pg'))!;
    process.kill(killed, 'SIGKILL');
    await sleep(200);
    const write = await client.post(ACTORS.operatorMaros, '/api/agreements', samarinda.steps[0]!.body);
    expect(write.status).toBe(503);
    expect(write.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(write.headers.get('retry-after')).toBe('1');
    const ready = await fetch(`${server!.url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(ready.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await fetch(`${server!.url}/health`)).status).toBe(200);

    // The server starts its PostgreSQL again by itself, crash recovery keeping what was committed.
    const readyAgain = await eventually(
      () => fetch(`${server!.url}/health/ready`),
      (answer) => answer.status === 200,
      30_000,
    );
    expect(readyAgain.status).toBe(200);
    const restarted = postmasterPid(join(dataDir, 'pg'));
    expect(restarted).not.toBe(killed);
    expect(isAlive(restarted!)).toBe(true);
    expect((await client.get(ACTORS.auditor, '/api/units')).body).toHaveLength(before);
    const proposed = await client.post(ACTORS.operatorMaros, '/api/agreements', {
      ...samarinda.steps[0]!.body,
      units: ['LAPAS-MAROS'],
    });
    expect(proposed.status).toBe(201);
    expect(server!.output()).toContain(`Embedded PostgreSQL ${killed} stopped unexpectedly; starting it again.`);
  });

  it('stops with a failure when its PostgreSQL cannot be started again, for a service manager to restart it', async () => {
    const clusterDir = join(dataDir, 'pg');
    const pid = postmasterPid(clusterDir)!;
    const port = Number(readFileSync(join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[3]);
    process.kill(pid, 'SIGKILL');
    // Another program takes PostgreSQL's port, so that every start fails.
    expect(
      await eventually(
        async () => !isAlive(pid),
        (gone) => gone,
        5_000,
      ),
    ).toBe(true);
    const squatter = createServer();
    const listening = await eventually(
      () =>
        new Promise<boolean>((done) => {
          squatter.once('error', () => done(false));
          squatter.listen(port, '127.0.0.1', () => done(true));
        }),
      (bound) => bound,
      5_000,
    );
    expect(listening).toBe(true);
    try {
      expect(await server!.exited).toBe(1);
      expect(server!.output()).toContain('PostgreSQL could not be started again');
    } finally {
      await new Promise((done) => squatter.close(done));
    }
    server = await startServerProcess(env());
    expect((await clientFor(server.url).get(ACTORS.auditor, '/api/units')).status).toBe(200);
  });

  /**
   * Stops the embedded PostgreSQL and its backends without closing a connection, as a stalled host
   * would, until resumed or for `atMostMs`: so that a server that waits for it is seen failing its
   * test rather than hanging it.
   */
  function stallPostgres(atMostMs: number): { resume(): void } {
    const postgres = postmasterPid(join(dataDir, 'pg'))!;
    const backends = () =>
      readFileSync(`/proc/${postgres}/task/${postgres}/children`, 'utf8').trim().split(/\s+/).map(Number);
    const stalled = [postgres, ...backends()];
    for (const pid of stalled) process.kill(pid, 'SIGSTOP');
    const resume = () => {
      clearTimeout(guard);
      for (const pid of stalled) if (isAlive(pid)) process.kill(pid, 'SIGCONT');
    };
    const guard = setTimeout(resume, atMostMs);
    return { resume };
  }

  it('answers a command 503 by its bound while its PostgreSQL stalls; the retry with its key finds it recorded once', async () => {
    const client = clientFor(server!.url);
    const proposed = await client.post(ACTORS.operatorMaros, '/api/agreements', {
      ...samarinda.steps[0]!.body,
      units: ['LAPAS-MAROS'],
    });
    expect(proposed.status).toBe(201);
    const audiensi = () =>
      client.post(ACTORS.kalapasMaros, `/api/agreements/${proposed.body.id}/audiensi`, samarinda.steps[1]!.body, {
        'Idempotency-Key': `audiensi-${proposed.body.id}`,
      });
    const postgres = stallPostgres(COMMAND_ANSWER_MS + 10_000);
    let command: Answer;
    let read: Answer;
    let ready: Response;
    const started = Date.now();
    try {
      [command, read, ready] = await Promise.all([
        audiensi(),
        client.get(ACTORS.auditor, `/api/agreements/${proposed.body.id}`),
        fetch(`${server!.url}/health/ready`),
      ]);
    } finally {
      postgres.resume();
    }
    expect(Date.now() - started).toBeLessThan(COMMAND_ANSWER_MS + 5_000);
    expect(command.status).toBe(503);
    expect(command.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(command.body.detail).toMatch(/may or may not have been recorded/);
    expect(read.status).toBe(503);
    expect(read.body.detail).toBe('The database is unavailable or stopped answering. Try again shortly.');
    expect(ready.status).toBe(503);

    // PostgreSQL had the statement: it ran once PostgreSQL went on, and the retry is answered with it.
    const retried = await audiensi();
    expect(retried.status).toBe(200);
    expect(retried.body.version).toBe(2);
    const history = await client.get(ACTORS.auditor, `/api/agreements/${proposed.body.id}/history`);
    const types = history.body.map((entry: { type: string }) => entry.type);
    recordInLedger({
      test: 'PostgreSQL stalled (SIGSTOP) under a command',
      faultsInjected: 1,
      inputsTried: 1,
      writesLost: types.filter((type: string) => type === 'AudiensiHeld').length === 1 ? 0 : 1,
    });
    expect(types).toEqual(['AgreementProposed', 'AudiensiHeld']);
  }, 60_000);

  it('on SIGTERM while its PostgreSQL hangs, takes no new request, answers what it sent 503 by its bound, and exits by its deadline', async () => {
    const client = clientFor(server!.url);
    const postgres = stallPostgres(SHUTDOWN_DEADLINE_MS + 10_000);
    try {
      const pending = client.post(ACTORS.operatorMaros, '/api/agreements', {
        ...samarinda.steps[0]!.body,
        units: ['LAPAS-MAROS'],
      });
      await sleep(500);
      const started = Date.now();
      server!.child.kill('SIGTERM');
      await sleep(1_000);
      const late = await fetch(`${server!.url}/health`).then(
        (answer) => answer.status,
        (error: Error) => (error.cause as NodeJS.ErrnoException | undefined)?.code,
      );
      expect(late).toBe('ECONNREFUSED');
      const answered = await pending;
      expect(answered.status).toBe(503);
      expect(answered.body.detail).toMatch(/may or may not have been recorded/);
      expect(await server!.exited).toBe(1);
      expect(Date.now() - started).toBeLessThan(SHUTDOWN_DEADLINE_MS + 5_000);
      expect(server!.output()).toContain('Not stopped 25 s after SIGTERM: exiting now.');
    } finally {
      postgres.resume();
    }
    server = await startServerProcess(env());
  }, 60_000);

  it('shuts down on SIGTERM, stopping its PostgreSQL', async () => {
    const postgres = postmasterPid(join(dataDir, 'pg'));
    server!.child.kill('SIGTERM');
    const ended = await server!.exited;
    expect([0, 'SIGTERM']).toContain(ended);
    expect(isAlive(postgres!)).toBe(false);
    server = undefined;
  });

  it('in demo mode prints one working token per role, valid again after a restart', async () => {
    const tokensIn = (output: string) =>
      new Map([...output.matchAll(/^ {2}(\w+)\s.*\s(eyJ[\w-]+\.[\w-]+\.[\w-]+)$/gm)].map((m) => [m[1]!, m[2]!]));
    server = await startServerProcess({ DATA_DIR: dataDir });
    const tokens = tokensIn(server.output());
    expect([...tokens.keys()].sort()).toEqual(['admin', 'auditor', 'kanwil_head', 'legal', 'operator', 'upt_head']);
    const units = await fetch(`${server.url}/api/units`, {
      headers: { authorization: `Bearer ${tokens.get('operator')}` },
    });
    expect(units.status).toBe(200);

    server.child.kill('SIGTERM');
    await server.exited;
    server = await startServerProcess({ DATA_DIR: dataDir });
    const again = await fetch(`${server.url}/api/units`, {
      headers: { authorization: `Bearer ${tokens.get('auditor')}` },
    });
    expect(again.status).toBe(200);
  });

  it('prints no token when a secret is configured', async () => {
    server!.child.kill('SIGTERM');
    await server!.exited;
    server = await startServerProcess(env());
    expect(server.output()).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
  });
});
