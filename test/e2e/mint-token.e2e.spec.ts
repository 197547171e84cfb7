import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { jwtVerify } from 'jose';
import { ROLES } from '@kemitraan/agreements';
import { createTestDatabase, type TestDatabase } from '@kemitraan/testing/database/test-database';
import { TEST_JWT_SECRET } from '@kemitraan/testing/http/tokens';
import { demoSecret } from '../../apps/api/src/http/auth/demo-tokens';
import { MAROS_PROPOSAL } from '../support/maros-mou';
import { startServerProcess, type ServerProcess } from '../support/server-process';

/** The built command behind `npm run token`, as README's walk-through uses it. */
const MINT_TOKEN = resolve(__dirname, '../../dist/apps/api/apps/api/src/cli/mint-token.js');

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function mint(...args: string[]): Promise<Run> {
  return mintWith({ AUTH_JWT_SECRET: TEST_JWT_SECRET }, ...args);
}

async function mintWith(env: Record<string, string>, ...args: string[]): Promise<Run> {
  const { DATABASE_URL: _ignored, AUTH_JWT_SECRET: _unset, ...inherited } = process.env;
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [MINT_TOKEN, ...args], {
      env: { ...inherited, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run token: tokens for any person, with the server’s secret', () => {
  let db: TestDatabase;
  let server: ServerProcess;

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startServerProcess({ DATABASE_URL: db.url, AUTH_JWT_SECRET: TEST_JWT_SECRET });
  }, 120_000);
  afterAll(async () => {
    server?.child.kill('SIGTERM');
    await server?.exited;
    await db?.drop();
  });

  it('mints a token for a person of several roles that the server acts on, and records as given', async () => {
    const minted = await mint(
      ...['--role', 'operator', '--role', 'upt_head', '--unit', 'LAPAS-MAROS'],
      ...['--sub', 'kalapas-maros-2', '--name', 'Ali Imran'],
    );
    expect(minted).toMatchObject({ code: 0, stderr: '' });
    const token = minted.stdout.trim();
    const call = (method: string, path: string, body?: unknown) =>
      fetch(`${server.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const proposed = await call('POST', '/api/agreements', MAROS_PROPOSAL);
    expect(proposed.status).toBe(201);
    const { id } = (await proposed.json()) as { id: string };
    const history = (await (await call('GET', `/api/agreements/${id}/history`)).json()) as unknown[];
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      type: 'AgreementProposed',
      actor: { sub: 'kalapas-maros-2', name: 'Ali Imran', roles: ['operator', 'upt_head'], unit: 'LAPAS-MAROS' },
    });
  });

  it('says its usage, with every role, when asked', async () => {
    const help = await mint('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run token -- --role <role>/);
    for (const role of ROLES) expect(help.stdout).toContain(role);
  });

  it.each([
    [[], 'Both --role and --unit are needed.'],
    [['--role', 'operator'], 'Both --role and --unit are needed.'],
    [['--role', 'judge', '--unit', 'LAPAS-MAROS'], 'No such role: judge.'],
    [['--role', 'operator', '--unit', 'lapas maros'], 'lapas maros is not a unit code such as LAPAS-MAROS.'],
    [['--role', 'operator', '--unit', 'LAPAS-MAROS', '--roles', 'legal'], "Unknown option '--roles'"],
  ])('refuses %j: says why, then its usage, and mints nothing', async (args, why) => {
    const refused = await mint(...args);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain(why);
    expect(refused.stderr).toContain('usage: npm run token');
  });

  describe('in demo mode (no AUTH_JWT_SECRET)', () => {
    let dataDir: string;
    beforeEach(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'kemitraan-token-'));
    });
    afterEach(() => rm(dataDir, { recursive: true, force: true }));
    const asOperator = ['--role', 'operator', '--unit', 'LAPAS-MAROS'];

    it('refuses where no server kept a demo secret, rather than make one the server would not know', async () => {
      const refused = await mintWith({ DATA_DIR: dataDir }, ...asOperator);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toContain(`No demo secret in ${dataDir}`);
      expect(await readdir(dataDir)).toEqual([]);
    });

    it('signs with the demo secret the server keeps in DATA_DIR', async () => {
      const secret = await demoSecret(dataDir);
      const minted = await mintWith({ DATA_DIR: dataDir }, ...asOperator);
      expect(minted).toMatchObject({ code: 0, stderr: '' });
      const { payload } = await jwtVerify(minted.stdout.trim(), secret);
      expect(payload).toMatchObject({ roles: ['operator'], unit: 'LAPAS-MAROS' });
    });
  });
});
