import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid PostgreSQL wrote in the cluster's lock file, if any (read synchronously: exit hooks use it). */
export function postmasterPid(clusterDir: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0] ?? '', 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** What Linux says of a process: its command line and its parent; null where /proc is not there. */
function procOf(pid: number): { cmdline: string; parent: number } | null {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const parent = Number.parseInt(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1] ?? '', 10);
    return { cmdline, parent };
  } catch {
    return null;
  }
}

/** The process that started `pid` (the server that owns a postmaster), or null where /proc is not there. */
export function parentOf(pid: number): number | null {
  return procOf(pid)?.parent ?? null;
}

/**
 * The live postmaster of this cluster, or null. A pid in a stale lock file may since belong to
 * another process (after a reboot): it counts only if its command line names this cluster.
 */
function runningPostmaster(pid: number | null, clusterDir: string): number | null {
  if (pid === null || pid === process.pid || !isAlive(pid)) return null;
  const proc = procOf(pid);
  return proc === null || proc.cmdline.includes(clusterDir) ? pid : null;
}

/** Stops a postmaster the way PostgreSQL documents: SIGINT (fast: commits kept), then SIGQUIT if it hangs. */
async function stop(pid: number): Promise<void> {
  process.kill(pid, 'SIGINT');
  for (let waited = 0; isAlive(pid); waited += 100) {
    if (waited === 30_000) process.kill(pid, 'SIGQUIT');
    if (waited >= 40_000) throw new Error(`PostgreSQL ${pid} did not stop; stop it by hand.`);
    await sleep(100);
  }
}

/** Stops this cluster's postmaster if one runs; returns at once when it is already gone. */
export async function stopPostmaster(clusterDir: string): Promise<void> {
  const pid = runningPostmaster(postmasterPid(clusterDir), clusterDir);
  if (pid !== null) await stop(pid);
}

/**
 * A server killed with SIGKILL leaves its PostgreSQL running on the data folder, which would
 * refuse a second postmaster: stop it and start afresh. But a postmaster whose parent still runs
 * belongs to another live server on the same DATA_DIR: refuse rather than pull its database away.
 */
export async function takeOverCluster(clusterDir: string, log: (message: string) => void): Promise<void> {
  const pid = runningPostmaster(postmasterPid(clusterDir), clusterDir);
  if (pid === null) return;
  const parent = procOf(pid)?.parent;
  if (parent !== undefined && parent > 1 && isAlive(parent) && procOf(parent)?.cmdline.includes('node')) {
    throw new Error(`${clusterDir} is in use by another running server (process ${parent}).`);
  }
  log(`Stopping PostgreSQL ${pid}, left running on ${clusterDir} by a server that ended.`);
  await stop(pid);
}

/** When this process exits by any path but SIGKILL, its PostgreSQL is told to stop too. */
export function stopPostmasterOnExit(clusterDir: string): () => void {
  const onExit = () => {
    const pid = runningPostmaster(postmasterPid(clusterDir), clusterDir);
    if (pid !== null) process.kill(pid, 'SIGINT');
  };
  process.once('exit', onExit);
  return () => process.removeListener('exit', onExit);
}
