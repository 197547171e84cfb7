import { setTimeout as sleep } from 'node:timers/promises';
import { benchToken } from './bench-token';

/** A token of the bench's administrator, who may read the read models' status and start a rebuild. */
export const adminToken = (): Promise<string> =>
  benchToken('bench-admin', { name: 'Admin', roles: ['admin'], unit: 'DITJEN-PAS' });

/** How many events the furthest-behind live read model trails the log by, as `GET /api/admin/projections` says. */
export async function readModelLag(serverUrl: string, token: string): Promise<number> {
  const answer = await fetch(`${serverUrl}/api/admin/projections`, { headers: { authorization: `Bearer ${token}` } });
  if (!answer.ok) throw new Error(`Projection status: ${answer.status} ${await answer.text()}`);
  const status = (await answer.json()) as { lag: number }[];
  return Math.max(0, ...status.map((projection) => projection.lag));
}

/** Returns once every live read model has read the whole log; throws after `withinMs`. */
export async function readModelsCaughtUp(
  serverUrl: string,
  token: string,
  withinMs: number,
  pollMs: number,
): Promise<void> {
  for (const started = performance.now(); performance.now() - started < withinMs; await sleep(pollMs)) {
    if ((await readModelLag(serverUrl, token)) === 0) return;
  }
  throw new Error(`The live read models did not catch up with the log within ${withinMs / 1000} s.`);
}
