import { setTimeout as sleep } from 'node:timers/promises';
import { inspect } from 'node:util';
import { Client, type Pool } from 'pg';
import { Database, createPool } from '@kemitraan/postgres';
import { createTestDatabase, type TestDatabase } from '@kemitraan/testing/database/test-database';

const silent = { info: () => undefined, warn: () => undefined, debug: () => undefined };

describe('the opened database', () => {
  let db: TestDatabase;
  let database: Database;
  let password: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    // The embedded test server wants its own password; a server that trusts takes any.
    const url = new URL(db.url);
    url.password ||= 'a-password-never-to-be-logged';
    password = url.password;
    database = await Database.open({ url: url.toString(), dataDir: '/nonexistent', log: silent });
  });
  afterAll(async () => {
    await database?.close();
    await db.drop();
  });

  it('hands its connection string, password included, only to whoever asks for it, and its pool shows none', () => {
    expect(database.connectionString()).toContain(password);
    expect(inspect(database)).not.toContain(password);
    expect(inspect(database, { depth: Infinity, showHidden: false })).not.toContain(password);
    expect(JSON.stringify(database.pool.options)).not.toContain(password);
    expect(JSON.stringify(database.readPool.options)).not.toContain(password);
    expect(Object.values(database).filter((value) => typeof value === 'string')).toEqual([]);
  });

  it('starts every connection of both pools with JIT compilation off', async () => {
    for (const pool of [database.pool, database.readPool]) {
      expect((await pool.query<{ jit: string }>('show jit')).rows).toEqual([{ jit: 'off' }]);
    }
  });

  it('has PostgreSQL probe the client of every connection, so that a session whose client vanished ends', async () => {
    // Over TCP: on a Unix socket (the embedded server's) PostgreSQL reads these settings as 0.
    const url = new URL(db.url);
    url.searchParams.delete('host');
    const pool = createPool({ url: url.toString(), max: 1 });
    try {
      const { rows } = await pool.query<Record<string, string>>(
        `select current_setting('tcp_keepalives_idle') as idle, current_setting('tcp_keepalives_interval') as interval,
                current_setting('tcp_keepalives_count') as count`,
      );
      expect(rows).toEqual([{ idle: '10', interval: '1', count: '10' }]);
    } finally {
      await pool.end();
    }
  });

  it("plans the commands' statements without parallel workers, and leaves the list and the reports theirs", async () => {
    const setting = async (pool: Pool) =>
      (await pool.query<{ workers: string }>(`select current_setting('max_parallel_workers_per_gather') as workers`))
        .rows[0]!.workers;
    const server = new Client({ connectionString: db.url });
    await server.connect();
    try {
      const serversOwn = (
        await server.query<{ max_parallel_workers_per_gather: string }>('show max_parallel_workers_per_gather')
      ).rows[0]!.max_parallel_workers_per_gather;
      expect(serversOwn).not.toBe('0');
      expect(await setting(database.pool)).toBe('0');
      expect(await setting(database.readPool)).toBe(serversOwn);
    } finally {
      await server.end();
    }
  });

  it("applies PGOPTIONS after its settings and before the URL's own options, as pg alone would apply it", async () => {
    const before = process.env.PGOPTIONS;
    process.env.PGOPTIONS = '-c jit=on -c statement_timeout=1234 -c lock_timeout=567';
    const url = new URL(db.url);
    url.searchParams.set('options', '-c lock_timeout=890');
    const pool = createPool({ url: url.toString(), max: 1 });
    try {
      const { rows } = await pool.query<{ jit: string; statement_timeout: string; lock_timeout: string }>(
        `select current_setting('jit') as jit, current_setting('statement_timeout') as statement_timeout,
                current_setting('lock_timeout') as lock_timeout`,
      );
      expect(rows).toEqual([{ jit: 'on', statement_timeout: '1234ms', lock_timeout: '890ms' }]);
    } finally {
      if (before === undefined) delete process.env.PGOPTIONS;
      else process.env.PGOPTIONS = before;
      await pool.end();
    }
  });

  it("applies the URL's own options after its settings, so a deployment can set them back", async () => {
    const url = new URL(db.url);
    url.searchParams.set('options', '-c jit=on -c statement_timeout=4321');
    const pool = createPool({ url: url.toString(), max: 1 });
    try {
      const { rows } = await pool.query<{ jit: string; statement_timeout: string }>(
        `select current_setting('jit') as jit, current_setting('statement_timeout') as statement_timeout`,
      );
      expect(rows).toEqual([{ jit: 'on', statement_timeout: '4321ms' }]);
    } finally {
      await pool.end();
    }
  });
});

describe('a database connection lost', () => {
  it('is warned of while the database is open (cut by the server), and not once it is closing (an error as pg reports one)', async () => {
    const db = await createTestDatabase();
    const warnings: string[] = [];
    const log = { ...silent, warn: (message: string) => void warnings.push(message) };
    const database = await Database.open({ url: db.url, dataDir: '/nonexistent', log });
    const admin = new Client({ connectionString: db.url });
    let closed: Promise<void> | null = null;
    const closing = () => (closed ??= database.close());
    try {
      await admin.connect();
      const { rows } = await database.pool.query<{ pid: number }>('select pg_backend_pid() as pid');
      await admin.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
      for (let waited = 0; warnings.length === 0 && waited < 5_000; waited += 20) await sleep(20);
      expect(warnings).toEqual([expect.stringMatching(/^Idle database connection lost: terminating connection/)]);
      await admin.end();
      await closing();
      // What pg reports of a connection the server cut after the pool was told to end it.
      database.pool.emit('error', new Error('terminating connection due to administrator command'));
      database.readPool.emit('error', new Error('terminating connection due to administrator command'));
      expect(warnings).toHaveLength(1);
    } finally {
      await admin.end().catch(() => undefined);
      await closing();
      await db.drop();
    }
  });
});
