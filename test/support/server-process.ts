import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, isAlive, postmasterPid } from '@kemitraan/postgres';

/** The built server, exactly what `npm start` runs. */
export const SERVER_MAIN = resolve(__dirname, '../../dist/apps/api/apps/api/src/main.js');

export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  output(): string;
  /** Resolves with the exit code, or the signal that ended the process. */
  readonly exited: Promise<number | NodeJS.Signals>;
}

/** Starts `node dist/.../main.js` with its own environment and waits until /health/ready answers 200. */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  if (!existsSync(SERVER_MAIN)) throw new Error(`${SERVER_MAIN} is missing: run \`npm run build\` (npm test does).`);
  const port = await freePort();
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, [SERVER_MAIN], {
    env: { ...inherited, LOG_LEVEL: 'warn', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | NodeJS.Signals>((done) =>
    child.once('exit', (code, signal) => done(code ?? signal!)),
  );
  const url = `http://127.0.0.1:${port}`;
  let stopped = false;
  void exited.then(() => (stopped = true));
  for (let waited = 0; waited < 90_000; waited += 200) {
    if (stopped) throw new Error(`The server exited before it was ready:\n${output}`);
    const ready = await fetch(`${url}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return { url, child, output: () => output, exited };
    await sleep(200);
  }
  child.kill('SIGKILL');
  throw new Error(`The server was not ready within 90 s:\n${output}`);
}

/**
 * Stops a server left running by a test (SIGTERM), then its embedded PostgreSQL if it is still
 * up (SIGKILL), and removes the data folder.
 */
export async function cleanUpDataDir(dataDir: string, server: ServerProcess | undefined): Promise<void> {
  server?.child.kill('SIGTERM');
  await server?.exited;
  const pid = postmasterPid(join(dataDir, 'pg'));
  if (pid && isAlive(pid)) process.kill(pid, 'SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
}
