import { commands, rotation, warmUp, type Run } from './http-load';
import { readModelLag, untilCaughtUp } from './read-model-lag';
import { startServer } from './server-process';

/**
 * The same load on two servers of the API sharing one database, as replicas behind a load
 * balancer with no affinity: each takes half the connections, and the agreements come in one
 * rotation for both, so an agreement's last write was often the other server's and the state a
 * server kept of it is stale. Both run the read models, as replicas do (one takes each read
 * model's lease). A run's rate is the two halves' sum; its latencies the slower half's; its
 * failures both halves'.
 */
export async function roundRobinRuns(
  environment: Record<string, string>,
  tokens: { readonly operator: string; readonly admin: string },
  agreements: readonly string[],
  runs: number,
  seconds: number,
): Promise<Run[]> {
  const started = await Promise.allSettled([startServer(environment), startServer(environment)]);
  const servers = started.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
  const failed = started.find((outcome) => outcome.status === 'rejected');
  if (failed) {
    await Promise.all(servers.map((server) => server.stop()));
    throw failed.reason;
  }
  const lag = () => readModelLag(servers[0].url, tokens.admin);
  try {
    await Promise.all(servers.map((server) => warmUp(server.url, tokens.operator, agreements)));
    await untilCaughtUp(lag, 5 * 60_000, 100);
    const measured: Run[] = [];
    for (let run = 0; run < runs; run++) {
      const inTurn = rotation(agreements);
      const halves = await Promise.all(
        servers.map((server) => commands(server.url, tokens.operator, inTurn, seconds, 25)),
      );
      measured.push({
        perSecond: halves.reduce((sum, half) => sum + half.perSecond, 0),
        p50: Math.max(...halves.map((half) => half.p50)),
        p99: Math.max(...halves.map((half) => half.p99)),
        failed: halves.reduce((sum, half) => sum + half.failed, 0),
      });
      await untilCaughtUp(lag, 5 * 60_000, 100);
    }
    return measured;
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}
