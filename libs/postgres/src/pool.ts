import { Pool } from 'pg';
import { parseIntoClientConfig } from 'pg-connection-string';

export interface PoolOptions {
  readonly url: string;
  readonly max?: number;
  readonly onError?: (error: Error) => void;
}

/**
 * A connection pool that fails fast when the database cannot be reached. The URL is taken apart
 * here because pg keeps a `connectionString` as it is, password included, where logging or
 * inspecting the pool shows it; a `password` given on its own it keeps out of sight.
 */
export function createPool(options: PoolOptions): Pool {
  const pool = new Pool({
    ...parseIntoClientConfig(options.url),
    max: options.max ?? 10,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 5_000,
    application_name: 'kemitraan',
  });
  // An idle client whose server went away must not crash the process; the next query reconnects.
  pool.on('error', (error) => options.onError?.(error));
  return pool;
}
