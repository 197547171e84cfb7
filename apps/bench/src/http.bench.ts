import autocannon from 'autocannon';
import type { BenchContext } from './bench-context';
import type { BenchResult } from './bench-result';
import { repeat, type Figures } from './measure';
import { BENCH_SECRET, benchToken } from './bench-token';
import { startServer } from './server-process';

const BODY = JSON.stringify({ date: '2025-06-01', kind: 'TRAINING', title: 'Pelatihan', participants: 2 });

interface Run {
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly failed: number;
}

function cannon(options: autocannon.Options): Promise<Run> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => {
      if (error) return reject(error);
      resolve({
        perSecond: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        failed: result.non2xx + result.errors + result.timeouts,
      });
    });
  });
}

/** The real API under autocannon (50 connections): one activity per request, against GET /health. */
export async function httpBench(context: BenchContext, runs: number, seconds: number): Promise<BenchResult[]> {
  const agreements = await context.agreementsInExecution(400);
  const token = await benchToken('bench-operator', {
    name: 'Operator Samarinda',
    roles: ['operator'],
    unit: 'LAPAS-NARKOTIKA-SAMARINDA',
  });
  const server = await startServer({ DATABASE_URL: context.url, AUTH_JWT_SECRET: BENCH_SECRET, RATE_LIMIT: '0' });
  const commandRuns: Run[] = [];
  const healthRuns: Run[] = [];
  try {
    let next = 0;
    const commands = () =>
      cannon({
        url: server.url,
        connections: 50,
        duration: seconds,
        requests: [
          {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            setupRequest: (request) => ({
              ...request,
              path: `/api/agreements/${agreements[next++ % agreements.length]}/activities`,
              body: BODY,
            }),
          },
        ],
      });
    await cannon({ url: `${server.url}/health`, connections: 50, duration: 2 }); // warm-up
    await repeat(runs, async () => {
      commandRuns.push(await commands());
      healthRuns.push(await cannon({ url: `${server.url}/health`, connections: 50, duration: seconds }));
      return 0;
    });
  } finally {
    await server.stop();
  }
  const figures = (runsOf: Run[], key: keyof Run): Figures => {
    const values = runsOf.map((r) => r[key]).sort((a, b) => a - b);
    return {
      median: values[Math.floor(values.length / 2)]!,
      min: values[0]!,
      max: values.at(-1)!,
      runs: values.length,
    };
  };
  const rps = figures(commandRuns, 'perSecond');
  const p99 = figures(commandRuns, 'p99');
  const failed = commandRuns.reduce((n, r) => n + r.failed, 0);
  return [
    {
      what: 'HTTP commands, 50 connections (requests/s)',
      unit: 'req/s',
      figures: rps,
      reference: { what: 'GET /health, same app', figures: figures(healthRuns, 'perSecond') },
      better: 'higher',
      target: '≥ 3,000 req/s, p99 < 50 ms, 0 failed',
      met: rps.median >= 3000 && p99.median < 50 && failed === 0,
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
  ];
}
