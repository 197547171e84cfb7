import type { Pool, QueryConfig, QueryResult, QueryResultRow } from 'pg';

/**
 * One autocommit statement on a pooled connection, as `pool.query` runs it, except that when
 * PostgreSQL refuses the statement for an error `keepsConnection` accepts, the connection goes
 * back to the pool. `pool.query` drops its connection after any error, so every such refusal
 * cost a new PostgreSQL backend: a fork, authentication, and each prepared statement parsed again.
 * Where refusals are part of the normal course (an append on a stale tip, a key already taken)
 * that made a busy server open connections as fast as it was refused. A connection that breaks
 * while the statement runs emits an error, caught here, and is dropped as before.
 */
export async function statementKeepingConnection<R extends QueryResultRow>(
  pool: Pool,
  statement: QueryConfig,
  keepsConnection: (error: unknown) => boolean,
): Promise<QueryResult<R>> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (error: Error) => (broken = error);
  client.on('error', onError);
  try {
    return await client.query<R>(statement);
  } catch (error) {
    if (!keepsConnection(error)) broken ??= error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}
