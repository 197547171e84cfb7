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

/** How the server is started: the built entry point itself, or an npm script that runs it. */
export type ServerLauncher = { readonly node: true } | { readonly npmScript: string };

/** npm as the test run's own npm started it, so that no other npm on PATH stands in for it. */
function npmCommand(script: string): [string, string[]] {
  const npmCli = process.env.npm_execpath;
  return npmCli ? [process.execPath, [npmCli, 'run', '--silent', script]] : ['npm', ['run', '--silent', script]];
}

/** Starts the built server with its own environment and waits until /health/ready answers 200. */
export async function startServerProcess(
  env: Record<string, string>,
  launcher: ServerLauncher = { node: true },
): Promise<ServerProcess> {
  if (!existsSync(SERVER_MAIN)) throw new Error(`${SERVER_MAIN} is missing: run \`npm run build\` (npm test does).`);
  const port = await freePort();
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const [command, args] = 'npmScript' in launcher ? npmCommand(launcher.npmScript) : [process.execPath, [SERVER_MAIN]];
  const child = spawn(command, args, {
    cwd: resolve(__dirname, '../..'),
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
