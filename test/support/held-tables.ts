import { Client } from 'pg';
import { PostgresEventStore } from '@kemitraan/event-store';
import { createTestDatabase, type TestDatabase } from '@kemitraan/testing/database/test-database';

/** The bound the tests of unanswered statements give; the server's is COMMAND_ANSWER_MS. */
export const ANSWER_WITHIN_MS = 300;
/** What a loaded machine may add to the bound before pg's timer runs. */
export const SLACK_MS = 3_000;

/**
 * Tables held in access exclusive mode by a session of their own, so that statements on them are
 * received and not answered, as when a database's host, disk or network stalls. Held until
 * `release`, or for twice the bound and the slack at most: so that without a bound a statement
 * ends, and its test fails, instead of hanging.
 */
export class HeldTables {
  private holder: Client | undefined;
  private released: Promise<void> | undefined;
  private guard: NodeJS.Timeout | undefined;

  constructor(private readonly url: string) {}

  async hold(tables: string): Promise<void> {
    const holder = new Client({ connectionString: this.url });
    await holder.connect();
    await holder.query('begin');
    await holder.query(`lock table ${tables} in access exclusive mode`);
    this.holder = holder;
    this.released = undefined;
    this.guard = setTimeout(() => void this.release(), 2 * ANSWER_WITHIN_MS + SLACK_MS);
  }

  release(): Promise<void> {
    clearTimeout(this.guard);
    const holder = this.holder!;
    this.released ??= holder.query('commit').then(() => holder.end());
    return this.released;
  }
}

/** What `work` settled with (its value or its error), and after how long. */
export async function timed(work: () => Promise<unknown>): Promise<{ outcome: unknown; ms: number }> {
  const started = Date.now();
  const outcome = await work().catch((error: unknown) => error);
  return { outcome, ms: Date.now() - started };
}

export interface StalledDatabase {
  readonly db: TestDatabase;
  /** The event store on it, each statement bounded by ANSWER_WITHIN_MS. */
  readonly store: PostgresEventStore;
  readonly tables: HeldTables;
}

/** For one describe block: a fresh database, a bounded store on it, and its tables to hold. */
export function stalledDatabase(): StalledDatabase {
  const stalled = {} as { db: TestDatabase; store: PostgresEventStore; tables: HeldTables };
  beforeAll(async () => {
    stalled.db = await createTestDatabase();
    stalled.store = new PostgresEventStore(stalled.db.pool, { answerWithinMs: ANSWER_WITHIN_MS });
    stalled.tables = new HeldTables(stalled.db.url);
  });
  afterAll(() => stalled.db.drop());
  return stalled;
}
