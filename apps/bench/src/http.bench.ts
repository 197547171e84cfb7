import type { BenchContext } from './bench-context';
import type { BenchResult } from './bench-result';
import { repeat, summarise, type Figures } from './measure';
import { BENCH_SECRET, benchToken } from './bench-token';
import { adminToken, readModelLag, untilCaughtUp } from './read-model-lag';
import { startServer } from './server-process';
import { cannon, commands, warmUp, type Run } from './http-load';
import { roundRobinRuns } from './http-replicas';

const figures = (runsOf: readonly Run[], key: keyof Run): Figures => summarise(runsOf.map((r) => r[key]));

/**
 * The real API under autocannon (50 connections): one activity per request, against GET /health.
 * Then the same load on the API alone (`PROJECTIONS=off`, as where the read models run on another
 * machine): not a target, but it shows in every run what the live read models cost the server.
 * Last, on two servers round robin (http-replicas.ts): what replicas' stale states cost.
 */
export async function httpBench(context: BenchContext, runs: number, seconds: number): Promise<BenchResult[]> {
  const agreements = await context.agreementsInExecution(400);
  const token = await benchToken('bench-operator', {
    name: 'Operator Samarinda',
    roles: ['operator'],
    unit: 'LAPAS-NARKOTIKA-SAMARINDA',
  });
  const environment = { DATABASE_URL: context.url, AUTH_JWT_SECRET: BENCH_SECRET, RATE_LIMIT: '0' };
  const admin = await adminToken();
  const commandRuns: Run[] = [];
  const healthRuns: Run[] = [];
  // Read models that fall behind leave their work for after the run, so the commands would look
  // faster than the server can keep up with: each run's lag at its end is part of the verdict.
  const lagsAtEnd: number[] = [];
  const server = await startServer(environment);
  try {
    await warmUp(server.url, token, agreements);
    await untilCaughtUp(() => readModelLag(server.url, admin), 5 * 60_000, 100);
    await repeat(runs, async () => {
      commandRuns.push(await commands(server.url, token, agreements, seconds));
      lagsAtEnd.push(await readModelLag(server.url, admin));
      await untilCaughtUp(() => readModelLag(server.url, admin), 5 * 60_000, 100);
      healthRuns.push(await cannon({ url: `${server.url}/health`, connections: 50, duration: seconds }));
      return 0;
    });
  } finally {
    await server.stop();
  }
  const aloneRuns: Run[] = [];
  const alone = await startServer({ ...environment, PROJECTIONS: 'off' });
  try {
    await warmUp(alone.url, token, agreements);
    await repeat(runs, async () => {
      aloneRuns.push(await commands(alone.url, token, agreements, seconds));
      return 0;
    });
  } finally {
    await alone.stop();
  }
  // The API alone left its commands unread by the read models: on a fast machine over
  // REBUILD_WHEN_BEHIND events and half the log, so the replicas would rebuild every read model,
  // and for 10 minutes after that switch-over no server rebuilds by itself (left-to-rebuild.ts),
  // which the rebuild benchmark's fresh server on the generated log then meets. So the replicas
  // catch up in log order, before their runs, as they do on slower machines.
  const replicaEnvironment = { ...environment, REBUILD_WHEN_BEHIND: '0' };
  const replicaRuns = await roundRobinRuns(replicaEnvironment, { operator: token, admin }, agreements, runs, seconds);
  const rps = figures(commandRuns, 'perSecond');
  const p99 = figures(commandRuns, 'p99');
  const failed = commandRuns.reduce((n, r) => n + r.failed, 0);
  // Within a second of the log at the end of every run (the live-lag target's bound): the read
  // models kept up with the commands, rather than leaving them for later.
  const keptUp = lagsAtEnd.every((lag, run) => lag <= commandRuns[run]!.perSecond);
  const aloneFailed = aloneRuns.reduce((n, r) => n + r.failed, 0);
  const replicasFailed = replicaRuns.reduce((n, r) => n + r.failed, 0);
  return [
    {
      what: `HTTP commands, 50 connections (requests/s); the read models' lag at each run's end: ${lagsAtEnd.map((lag) => lag.toLocaleString('en')).join(' / ')} events`,
      unit: 'req/s',
      figures: rps,
      reference: { what: 'GET /health, same app', figures: figures(healthRuns, 'perSecond') },
      better: 'higher',
      target: '≥ 3,000 req/s, p99 < 50 ms, 0 failed, read models under 1 s behind',
      met: rps.median >= 3000 && p99.median < 50 && failed === 0 && keptUp,
    },
    {
      what: `HTTP commands, p50 latency (ms)`,
      unit: 'ms',
      figures: figures(commandRuns, 'p50'),
      reference: { what: 'GET /health p50', figures: figures(healthRuns, 'p50') },
      better: 'lower',
      target: '—',
      met: null,
    },
    {
      what: `HTTP commands, p99 latency (ms); failed requests: ${failed}`,
      unit: 'ms',
      figures: p99,
      reference: { what: 'GET /health p99', figures: figures(healthRuns, 'p99') },
      better: 'lower',
      target: '< 50 ms',
      met: p99.median < 50,
    },
    {
      what: `HTTP commands, the API alone with no read models running (PROJECTIONS=off; requests/s); p99 ${figures(aloneRuns, 'p99').median} ms, failed requests: ${aloneFailed}`,
      unit: 'req/s',
      figures: figures(aloneRuns, 'perSecond'),
      reference: { what: 'HTTP commands with the read models in the server (above)', figures: rps },
      better: 'higher',
      target: '— (shows what the live read models cost)',
      met: null,
    },
    {
      what: `HTTP commands on two servers sharing the database, round robin with no affinity (requests/s, both together); p99 ${figures(replicaRuns, 'p99').median} ms, failed requests: ${replicasFailed}`,
      unit: 'req/s',
      figures: figures(replicaRuns, 'perSecond'),
      reference: { what: 'HTTP commands on one server (above)', figures: rps },
      better: 'higher',
      target: '— (shows what stale kept states cost replicas on one machine)',
      met: null,
    },
  ];
}
