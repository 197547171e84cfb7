import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function postmasterPid(clusterDir: string): Promise<number | null> {
  const lock = await readFile(join(clusterDir, 'postmaster.pid'), 'utf8').catch(() => null);
  const pid = lock ? Number.parseInt(lock.split('\n')[0] ?? '', 10) : NaN;
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/**
 * A server killed with SIGKILL leaves its PostgreSQL running on the data folder, which would
 * refuse a second postmaster. Stop it the way PostgreSQL documents (SIGINT: fast shutdown,
 * which rolls back what was never committed and keeps what was), then start afresh.
 */
export async function stopOrphanedPostmaster(clusterDir: string, log: (message: string) => void): Promise<void> {
  const pid = await postmasterPid(clusterDir);
  if (pid === null || pid === process.pid || !alive(pid)) return;
  log(`Stopping PostgreSQL ${pid} left running on ${clusterDir} by an earlier process.`);
  process.kill(pid, 'SIGINT');
  for (let waited = 0; waited < 60_000; waited += 100) {
    if (!alive(pid)) return;
    await sleep(100);
  }
  throw new Error(`PostgreSQL ${pid} on ${clusterDir} did not stop within a minute; stop it and start again.`);
}
