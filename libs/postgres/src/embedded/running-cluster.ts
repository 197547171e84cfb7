import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { embeddedUrl } from './embedded-url';
import { isAlive, postmasterPid } from './postmaster';

/**
 * The address of the embedded PostgreSQL of `dataDir` when a server has it running, so that a
 * command-line tool works beside the server instead of being refused its folder.
 */
export async function urlOfRunningEmbedded(dataDir: string, database = 'kemitraan'): Promise<string | null> {
  const clusterDir = join(resolve(dataDir), 'pg');
  const pid = postmasterPid(clusterDir);
  if (pid === null || !isAlive(pid)) return null;
  const lines = (await readFile(join(clusterDir, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n');
  const port = Number.parseInt(lines[3] ?? '', 10);
  const password = (await readFile(join(resolve(dataDir), 'pg-password'), 'utf8').catch(() => '')).trim();
  if (!Number.isInteger(port) || !password) return null;
  return embeddedUrl(clusterDir, password, port, database).toString();
}
