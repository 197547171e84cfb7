import type { Pool } from 'pg';
import { startEmbeddedPostgres, type RunningPostgres } from './embedded/embedded-postgres.server';
import { assertLogFromThisCluster } from './foreign-transaction-ids';
import { migrate } from './migrator';
import { createPool } from './pool';

export interface DatabaseOptions {
  /** A PostgreSQL server; without it, the embedded PostgreSQL is started in `dataDir`. */
  readonly url?: string;
  readonly dataDir: string;
  readonly poolSize?: number;
  /** Connections of the pool the list and the reports read through (READ_CONNECTIONS). */
  readonly readPoolSize?: number;
  readonly log: { info(message: string): void; warn(message: string): void; debug(message: string): void };
  /** The embedded PostgreSQL died and could not be started again; see EmbeddedPostgresOptions. */
  readonly onLost?: (reason: string) => void;
}

/**
 * The database of the events and read models: opened (and migrated) once at start-up. Its
 * connection string may hold a password: it is kept in private fields (`#`), which
 * `util.inspect` and `JSON.stringify` do not show, and handed out only on request; the pool keeps
 * the password out of sight too (createPool).
 */
/**
 * How many reads of the read models (the list, the reports) run at once in one process; more wait
 * for a place, up to the pool's connection timeout (5 s), then answer 503. On a log of 1,000,000
 * events eight deep pages of the list at once held eight of the ten connections for 11 to 17 s,
 * and commands and the read models' runners waited for the other two; with a pool of their own,
 * reads wait only for one another. Four keep both cores of a modest server busy with them.
 */
export const READ_CONNECTIONS = 4;

export class Database {
  readonly #url: string;
  readonly #embedded: RunningPostgres | null;

  private constructor(
    url: string,
    /** Commands, the read models' runners, units and operations. */
    readonly pool: Pool,
    /** The list and the reports: heavy reads that must not take the commands' connections. */
    readonly readPool: Pool,
    embedded: RunningPostgres | null,
  ) {
    this.#url = url;
    this.#embedded = embedded;
  }

  /**
   * Where the pool connects (DATABASE_URL, or the embedded PostgreSQL's own), password included:
   * for what must connect on its own, like a rebuild thread.
   */
  connectionString(): string {
    return this.#url;
  }

  static async open(options: DatabaseOptions): Promise<Database> {
    const { log } = options;
    let embedded: RunningPostgres | null = null;
    if (!options.url) {
      log.info(`No DATABASE_URL: starting the embedded PostgreSQL in ${options.dataDir}`);
      embedded = await startEmbeddedPostgres({
        dataDir: options.dataDir,
        log: (m) => log.debug(m),
        watch: options.onLost && { warn: (m) => log.warn(m), onLost: options.onLost },
      });
    }
    const url = options.url ?? embedded!.url;
    const onError = (error: Error) => log.warn(`Idle database connection lost: ${error.message}`);
    const pool = createPool({ url, max: options.poolSize, onError });
    const readPool = createPool({ url, max: options.readPoolSize ?? READ_CONNECTIONS, onError });
    try {
      const applied = await migrate(pool);
      if (applied.length > 0) log.info(`Applied migrations: ${applied.join(', ')}`);
      await assertLogFromThisCluster(pool);
    } catch (error) {
      await Promise.all([pool.end(), readPool.end()]);
      await embedded?.stop();
      throw error;
    }
    return new Database(url, pool, readPool, embedded);
  }

  /** Closes the pools, then stops the embedded PostgreSQL if this process started it. */
  async close(): Promise<void> {
    await Promise.all([this.pool.end(), this.readPool.end()]);
    await this.#embedded?.stop();
  }
}
