import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { ACTORS, SEED_STORIES } from '@kemitraan/testing';
import { TEST_JWT_SECRET } from '@kemitraan/testing/http/tokens';
import { eventually } from '@kemitraan/event-store/testing/contract';
import { clientFor } from '../support/http-client';
import { cleanUpDataDir, startServerProcess, type ServerProcess } from '../support/server-process';

/** The built command line, exactly what `npm run seed` and `npm run cli` run after building. */
const CLI_MAIN = resolve(__dirname, '../../dist/apps/api/apps/api/src/cli/main.js');

async function cli(dataDir: string, ...args: string[]): Promise<string> {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const { stdout } = await promisify(execFile)(process.execPath, [CLI_MAIN, ...args], {
    env: { ...inherited, DATA_DIR: dataDir },
    timeout: 120_000,
  });
  return stdout;
}

const seedIds = (output: string) =>
  [...output.matchAll(/agreement ([0-9a-f-]{36}) is (\w+)/g)].map((m) => [m[1], m[2]]);

describe('the command line beside the built server, on the embedded PostgreSQL', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kemitraan-cli-'));
  });
  afterAll(() => cleanUpDataDir(dataDir, server));

  it('seeds a fresh DATA_DIR on its own, and the server then reports the five partnerships', async () => {
    const told = seedIds(await cli(dataDir, 'seed'));
    expect(told.map(([, state]) => state)).toEqual(SEED_STORIES.map((s) => s.finalState));
    server = await startServerProcess({ DATA_DIR: dataDir, AUTH_JWT_SECRET: TEST_JWT_SECRET });
    const http = clientFor(server.url, TEST_JWT_SECRET);
    const register = await eventually(
      () => http.get(ACTORS.auditor, '/api/reports/register?groupBy=state'),
      (answer) => answer.body.rows.reduce((sum: number, r: { count: number }) => sum + r.count, 0) === 5,
    );
    expect(register.body.rows).toContainEqual({ key: 'signed', count: 2 });
  }, 180_000);

  it('seeds again beside the running server, replaying the first answers and writing nothing', async () => {
    const http = clientFor(server!.url, TEST_JWT_SECRET);
    const before = await http.get(ACTORS.auditor, '/api/agreements');
    const again = seedIds(await cli(dataDir, 'seed'));
    expect(again.map(([id]) => id).sort()).toEqual(before.body.items.map((a: { id: string }) => a.id).sort());
    await sleep(1_000);
    const after = await http.get(ACTORS.auditor, '/api/agreements');
    expect(after.body).toEqual(before.body);
  }, 120_000);

  it('rebuilds the read models from the command line while the server keeps answering', async () => {
    const http = clientFor(server!.url, TEST_JWT_SECRET);
    const before = await http.get(ACTORS.auditor, '/api/reports/pipeline');
    const output = await cli(dataDir, 'projections', 'rebuild');
    expect(output).toMatch(/Rebuilding every read model from the start of the log \(generation 2\)/);
    expect(output).toMatch(/Done: generation 2 answers every read/);
    const status = await http.get(ACTORS.admin, '/api/admin/projections');
    expect(status.body.map((p: { generation: number }) => p.generation)).toEqual([2, 2, 2]);
    expect((await http.get(ACTORS.auditor, '/api/reports/pipeline')).body).toEqual(before.body);
  }, 120_000);
});
