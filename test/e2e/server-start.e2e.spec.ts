import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive, postmasterPid } from '@kemitraan/postgres';
import { TEST_JWT_SECRET } from '@kemitraan/testing/http/tokens';
import { cleanUpDataDir, SERVER_MAIN, startServerProcess, type ServerProcess } from '../support/server-process';

interface Started {
  readonly pid: number;
  output(): string;
  /** The JSON lines written so far, each parsed: a line that is not JSON fails the test. */
  lines(): Record<string, unknown>[];
  kill(signal: NodeJS.Signals): void;
  readonly exited: Promise<number | NodeJS.Signals>;
}

/** The built server with exactly this environment (no PORT of the test's choosing). */
function spawnServer(env: Record<string, string>): Started {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, [SERVER_MAIN], {
    cwd: resolve(__dirname, '../..'),
    env: { ...inherited, LOG_LEVEL: 'info', AUTH_JWT_SECRET: TEST_JWT_SECRET, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  return {
    pid: child.pid!,
    output: () => output,
    lines: () =>
      output
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    kill: (signal) => child.kill(signal),
    exited: new Promise((done) => child.once('exit', (code, signal) => done(code ?? signal!))),
  };
}

async function until(seen: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  for (let waited = 0; !seen(); waited += 20) {
    if (waited > timeoutMs) throw new Error(`Not seen within ${timeoutMs} ms: ${what}`);
    await sleep(20);
  }
}

const messages = (server: Started) => server.lines().map((line) => String(line.msg));

describe('the built server starting', () => {
  const dataDirs: string[] = [];
  const freshDataDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kemitraan-start-'));
    dataDirs.push(dir);
    return dir;
  };
  let running: ServerProcess | undefined;
  afterAll(async () => {
    running?.child.kill('SIGTERM');
    await running?.exited;
    for (const dir of dataDirs) await cleanUpDataDir(dir, undefined);
  });

  it('stops once started when SIGTERM comes while it starts: exit 0, its PostgreSQL stopped too', async () => {
    const dataDir = await freshDataDir();
    const server = spawnServer({ DATA_DIR: dataDir, PORT: '0' });
    await until(() => server.output().includes('starting the embedded PostgreSQL'), 'the embedded PostgreSQL starting');
    server.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(messages(server)).toEqual(
      expect.arrayContaining([
        'SIGTERM while starting: stopping once started (SIGTERM again to exit now).',
        'SIGTERM during start-up: stopping now that it has started.',
        'Stopped.',
      ]),
    );
    // It listened before it stopped: the signal waited for a server wholly started.
    expect(messages(server).some((message) => message.startsWith('Listening on port'))).toBe(true);
    const postgres = postmasterPid(join(dataDir, 'pg'));
    expect(postgres === null || !isAlive(postgres)).toBe(true);
  }, 120_000);

  it('refuses a second server on the same DATA_DIR in JSON lines, as every other line', async () => {
    const dataDir = await freshDataDir();
    running = await startServerProcess({ DATA_DIR: dataDir, AUTH_JWT_SECRET: TEST_JWT_SECRET });
    const second = spawnServer({ DATA_DIR: dataDir, PORT: '0' });
    expect(await second.exited).toBe(1);
    const fatal = second.lines().filter((line) => line.level === 60);
    expect(fatal).toHaveLength(1);
    expect(fatal[0]!.msg).toMatch(/^Kemitraan could not start: .*pg is in use by another running server/);
    expect((await fetch(`${running.url}/health/ready`)).status).toBe(200);
  }, 120_000);

  it('refuses a broken setting in one JSON line naming it', async () => {
    const server = spawnServer({ DATA_DIR: await freshDataDir(), PORT: 'abc' });
    expect(await server.exited).toBe(1);
    expect(server.lines()).toEqual([
      expect.objectContaining({
        level: 60,
        msg: 'Kemitraan could not start: Invalid configuration: PORT must be a whole number, 0 to 65535',
      }),
    ]);
  });

  it('listens on a free port with PORT=0, and says which', async () => {
    const dataDir = await freshDataDir();
    const server = spawnServer({ DATA_DIR: dataDir, PORT: '0' });
    try {
      await until(() => /Listening on port \d+/.test(server.output()), 'the port it listens on');
      const port = Number(/Listening on port (\d+)/.exec(server.output())![1]);
      expect(port).toBeGreaterThan(0);
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    } finally {
      server.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    }
  }, 120_000);
});
