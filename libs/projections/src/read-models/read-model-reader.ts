import type { Pool, QueryResult, QueryResultRow } from 'pg';
import { READ_ANSWER_MS, unansweredWithin } from '@kemitraan/postgres';

/**
 * How the list and the reports read the read models: through the pool of their own
 * (Database.readPool), so that many heavy reads at once wait for one another and not the
 * commands, and each within a bound on PostgreSQL's answer (READ_ANSWER_MS; tests give a shorter
 * one). Past it, pg rejects the read ("Query read timeout", a 503 to the client) and the pool
 * closes its connection.
 */
export class ReadModelReader {
  constructor(
    private readonly pool: Pool,
    private readonly answerWithinMs: number = READ_ANSWER_MS,
  ) {}

  query<R extends QueryResultRow>(text: string, values: unknown[] = []): Promise<QueryResult<R>> {
    return this.pool.query<R>(unansweredWithin({ text, values }, this.answerWithinMs));
  }
}
