import type { Pool, PoolClient } from 'pg';
import { checkOut } from './checked-out';
import { boundedBy } from './statements';
import { isUnavailable } from './unavailable';

export interface TransactionOptions {
  /** A bound on PostgreSQL's answer to its `begin` and `commit` (unansweredWithin); none unless given. */
  readonly answerWithinMs?: number;
}

/**
 * Runs `work` in one transaction on one connection. A connection that breaks between two
 * statements (the server restarting) is caught listening (checked-out.ts), the next statement
 * fails, and the connection is dropped instead of reused; so is one whose rollback failed. After
 * a failure that says the database cannot be reached or did not answer in time, the connection is
 * dropped without a rollback: a statement left unanswered holds it, and a rollback would wait
 * behind it for as long; closing it rolls the transaction back.
 */
export async function inTransaction<T>(
  pool: Pool,
  work: (client: PoolClient) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const connection = await checkOut(pool);
  const { client } = connection;
  // begin and commit only: `work` bounds its own statements, or not (a COPY has no bound).
  const ends = options.answerWithinMs === undefined ? client : boundedBy(client, options.answerWithinMs);
  try {
    await ends.query({ text: 'begin' });
    const result = await work(client);
    await ends.query({ text: 'commit' });
    return result;
  } catch (error) {
    if (isUnavailable(error)) connection.spoil(error);
    else await client.query('rollback').catch((failed: unknown) => connection.spoil(failed));
    throw error;
  } finally {
    connection.release();
  }
}
