import { setTimeout as sleep } from 'node:timers/promises';
import { benchToken } from './bench-token';

/** A token of the bench's administrator, who may read the read models' status and start a rebuild. */
export const adminToken = (): Promise<string> =>
  benchToken('bench-admin', { name: 'Admin', roles: ['admin'], unit: 'DITJEN-PAS' });

/** How many events the furthest-behind live read model trails the log by, in a status of every read model. */
export const furthestBehind = (status: readonly { lag: number }[]): number =>
  Math.max(0, ...status.map((projection) => projection.lag));

/** The same, as `GET /api/admin/projections` of a running server says. */
export async function readModelLag(serverUrl: string, token: string): Promise<number> {
  const answer = await fetch(`${serverUrl}/api/admin/projections`, { headers: { authorization: `Bearer ${token}` } });
  if (!answer.ok) throw new Error(`Projection status: ${answer.status} ${await answer.text()}`);
  return furthestBehind((await answer.json()) as { lag: number }[]);
}

/** Returns once `lag` answers 0, asking every `pollMs`; throws after `withinMs`. */
export async function untilCaughtUp(lag: () => Promise<number>, withinMs: number, pollMs: number): Promise<void> {
  for (const started = performance.now(); performance.now() - started < withinMs; await sleep(pollMs)) {
    if ((await lag()) === 0) return;
  }
  throw new Error(`The live read models did not catch up with the log within ${withinMs / 1000} s.`);
}
