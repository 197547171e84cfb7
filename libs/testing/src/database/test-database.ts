import { randomBytes } from 'node:crypto';
import { Client, type Pool } from 'pg';
import { createPool, migrate } from '@kemitraan/postgres';
import { TEST_SERVER_URL } from './global-setup';

export interface TestDatabase {
  readonly url: string;
  readonly pool: Pool;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

function serverUrl(): URL {
  const url = process.env[TEST_SERVER_URL];
  if (!url) throw new Error(`${TEST_SERVER_URL} is not set: run the tests through jest's global setup.`);
  return new URL(url);
}

async function onServer(url: URL, sql: string): Promise<void> {
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface TestDatabaseOptions {
  readonly migrated?: boolean;
  /** `C`: the locale an embedded cluster gets where none is set, whose `lower()` folds ASCII only. */
  readonly locale?: 'C';
}

/** A fresh, migrated database of its own for one test file, on the test server. */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const server = serverUrl();
  const name = `kemitraan_test_${randomBytes(6).toString('hex')}`;
  const locale = options.locale ? ` template template0 encoding 'UTF8' locale '${options.locale}'` : '';
  await onServer(server, `create database ${name}${locale}`);
  const url = new URL(server.toString());
  url.pathname = `/${name}`;
  const pool = createPool({ url: url.toString(), max: 30 });
  if (options.migrated ?? true) await migrate(pool);
  return {
    url: url.toString(),
    pool,
    drop: async () => {
      await pool.end();
      await onServer(server, `drop database if exists ${name} with (force)`);
    },
  };
}
