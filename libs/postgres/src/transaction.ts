import type { Pool, PoolClient } from 'pg';

/**
 * Runs `work` in one transaction on one connection. A connection that breaks between two
 * statements (the server restarting) emits an error with no query to receive it: it is caught
 * here, the next statement fails, and the connection is dropped instead of reused.
 */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  const onError = () => (broken = true);
  client.on('error', onError);
  try {
    await client.query('begin');
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => (broken = true));
    throw error;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}
