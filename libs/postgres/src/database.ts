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
  /** Connections of the read pool (READ_CONNECTIONS by default). */
  readonly readPoolSize?: number;
  readonly log: { info(message: string): void; warn(message: string): void; debug(message: string): void };
  /** The embedded PostgreSQL died and could not be started again; see EmbeddedPostgresOptions. */
  readonly onLost?: (reason: string) => void;
}

/**
 * How many heavy reads (the list, the reports) run at once in one process, by default
 * (`READ_CONNECTIONS`): they read through a pool of their own, so that many at once wait for one
 * another and not for the commands' connections. Sharing the pool of 10, eight deep pages of the
 * list at once on a 1,000,000-event log held eight connections for 11.6 to 20.8 s, and commands
 * and the read models' runners waited for the other two (docs/performance-notes.md, ninth session
 * of 2026-12-03 and first of 2026-12-04). On the two cores of the modest server Kemitraan is sized
 * for, two at once read as much as four (the reports run with parallel workers): with four
 * auditors reading in loops, the commands ran 2 to 3 times as fast with two connections as with
 * four, and the auditors finished as many reports (second session of 2026-12-04). Give it more
 * where PostgreSQL has more cores.
 */
export const READ_CONNECTIONS = 2;

/**
 * How long a heavy read waits for one of those connections before it answers 503. Each holds its
 * connection only while PostgreSQL answers (on that log, alone: 0.2 to 0.5 s for a page of the
 * list, 0.9 to 1.4 s for the pipeline report), so a queue drains within seconds; 15 s lets a
 * burst through and still sheds a load that does not drain, well within the minute a read is given
 * to be answered (READ_ANSWER_MS).
 */
export const READ_WAIT_MS = 15_000;

/**
 * The database of the events and read models: opened (and migrated) once at start-up. Its
 * connection string may hold a password: it is kept in private fields (`#`), which
 * `util.inspect` and `JSON.stringify` do not show, and handed out only on request; the pool keeps
 * the password out of sight too (createPool).
 */
export class Database {
  readonly #url: string;
  readonly #embedded: RunningPostgres | null;

  private constructor(
    url: string,
    /** Commands, the read models' runners, units and operations. */
    readonly pool: Pool,
    /** Heavy reads (the list, the reports), which must not take the other connections. */
    readonly readPool: Pool,
    embedded: RunningPostgres | null,
    private readonly closing: { now: boolean },
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
    const closing = { now: false };
    // pg's pool.end() resolves once its connections are told to end, not once they have: the
    // embedded PostgreSQL, stopped right after, may cut one first. Lost once closing began, it
    // was on its way out: no warning (a CLI's successful command printed two).
    const onError = (error: Error) => {
      if (!closing.now) log.warn(`Idle database connection lost: ${error.message}`);
    };
    const pool = createPool({ url, max: options.poolSize, parallelWorkers: false, onError });
    const readPool = createPool({
      url,
      max: options.readPoolSize ?? READ_CONNECTIONS,
      connectionWaitMs: READ_WAIT_MS,
      onError,
    });
    try {
      const applied = await migrate(pool);
      if (applied.length > 0) log.info(`Applied migrations: ${applied.join(', ')}`);
      await assertLogFromThisCluster(pool);
    } catch (error) {
      closing.now = true;
      await Promise.all([pool.end(), readPool.end()]);
      await embedded?.stop();
      throw error;
    }
    return new Database(url, pool, readPool, embedded, closing);
  }

  /** Closes the pools, then stops the embedded PostgreSQL if this process started it. */
  async close(): Promise<void> {
    this.closing.now = true;
    await Promise.all([this.pool.end(), this.readPool.end()]);
    await this.#embedded?.stop();
  }
}
