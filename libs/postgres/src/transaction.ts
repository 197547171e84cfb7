import type { Pool, PoolClient } from 'pg';
import { checkOut } from './checked-out';

/**
 * Runs `work` in one transaction on one connection. A connection that breaks between two
 * statements (the server restarting) is caught listening (checked-out.ts), the next statement
 * fails, and the connection is dropped instead of reused; so is one whose rollback failed.
 */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const connection = await checkOut(pool);
  const { client } = connection;
  try {
    await client.query('begin');
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch((failed: unknown) => connection.spoil(failed));
    throw error;
  } finally {
    connection.release();
  }
}
