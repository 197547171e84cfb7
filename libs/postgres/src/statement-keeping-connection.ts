import type { Pool, QueryConfig, QueryResult, QueryResultRow } from 'pg';
import { checkOut } from './checked-out';

/**
 * One autocommit statement on a pooled connection, as `pool.query` runs it, except that when
 * PostgreSQL refuses the statement for an error `keepsConnection` accepts, the connection goes
 * back to the pool. `pool.query` drops its connection after any error, so every such refusal
 * cost a new PostgreSQL backend: a fork, authentication, and each prepared statement parsed again.
 * Where refusals are part of the normal course (an append on a stale tip, a key already taken)
 * that made a busy server open connections as fast as it was refused. A connection that breaks
 * is dropped, as before.
 */
export async function statementKeepingConnection<R extends QueryResultRow>(
  pool: Pool,
  statement: QueryConfig,
  keepsConnection: (error: unknown) => boolean,
): Promise<QueryResult<R>> {
  const connection = await checkOut(pool);
  try {
    return await connection.client.query<R>(statement);
  } catch (error) {
    if (!keepsConnection(error)) connection.spoil(error);
    throw error;
  } finally {
    connection.release();
  }
}
