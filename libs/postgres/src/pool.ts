import { Pool } from 'pg';

export interface PoolOptions {
  readonly url: string;
  readonly max?: number;
  readonly onError?: (error: Error) => void;
}

/** A connection pool that fails fast when the database cannot be reached. */
export function createPool(options: PoolOptions): Pool {
  const pool = new Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 5_000,
    application_name: 'kemitraan',
  });
  // An idle client whose server went away must not crash the process; the next query reconnects.
  pool.on('error', (error) => options.onError?.(error));
  return pool;
}
