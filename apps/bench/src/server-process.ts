import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '@kemitraan/postgres';

/** The built API, exactly as `npm start` runs it. */
export const SERVER_MAIN = resolve(__dirname, '../../../../api/apps/api/src/main.js');

export interface RunningServer {
  readonly url: string;
  readonly child: ChildProcess;
  /** Milliseconds from spawn to the first 200 of /health/ready. */
  readonly readyAfterMs: number;
  stop(): Promise<void>;
}

export async function startServer(env: Record<string, string>): Promise<RunningServer> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [SERVER_MAIN], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error('The server exited before it was ready.');
    const ready = await fetch(`${url}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (performance.now() - started > 120_000) throw new Error('The server was not ready within 120 s.');
    await sleep(20);
  }
  const readyAfterMs = performance.now() - started;
  return {
    url,
    child,
    readyAfterMs,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
