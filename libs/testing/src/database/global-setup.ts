import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// Jest loads global setup outside its module map, so path aliases do not resolve here.
import { startEmbeddedPostgres, type RunningPostgres } from '../../../postgres/src';
import { FAULT_LEDGER } from '../fault-ledger';

declare global {
  var embeddedPostgresForTests: { server: RunningPostgres; dataDir: string } | undefined;
}

/** The variable tests read: a server on which each test file creates its own database. */
export const TEST_SERVER_URL = 'KEMITRAAN_TEST_SERVER_URL';

/**
 * With `DATABASE_URL`, tests use that server; without it, they start the embedded PostgreSQL,
 * so `npm test` passes on a fresh machine. Unit tests alone need no database.
 */
export default async function globalSetup(globalConfig: { selectProjects?: string[] }): Promise<void> {
  process.env[FAULT_LEDGER] = join(await mkdtemp(join(tmpdir(), 'kemitraan-ledger-')), 'ledger.jsonl');
  const projects = globalConfig.selectProjects ?? [];
  if (projects.length > 0 && projects.every((p) => p === 'unit')) return;
  if (process.env.DATABASE_URL) {
    process.env[TEST_SERVER_URL] = process.env.DATABASE_URL;
    return;
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'kemitraan-test-pg-'));
  const server = await startEmbeddedPostgres({ dataDir, database: 'kemitraan_tests' });
  process.env[TEST_SERVER_URL] = server.url;
  globalThis.embeddedPostgresForTests = { server, dataDir };
}
