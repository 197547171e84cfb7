import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchResult } from './bench-result';
import { repeat } from './measure';
import { BENCH_SECRET } from './bench-token';
import { startServer } from './server-process';

/** `npm start`'s built output on an empty DATA_DIR (creates the cluster) and on one it started before (the start-up issue 5 calls "filled"; its log is small here). */
export async function startupBench(runs: number): Promise<BenchResult[]> {
  const env = (dataDir: string) => ({
    DATA_DIR: dataDir,
    AUTH_JWT_SECRET: BENCH_SECRET,
  });
  const dirs: string[] = [];
  const empty = await repeat(runs, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'kemitraan-start-'));
    dirs.push(dataDir);
    const server = await startServer({ ...env(dataDir), DATABASE_URL: '' });
    await server.stop();
    return server.readyAfterMs;
  });
  const again = await repeat(runs, async () => {
    const server = await startServer({ ...env(dirs[0]!), DATABASE_URL: '' });
    await server.stop();
    return server.readyAfterMs;
  });
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  return [
    {
      what: 'start-up on an empty DATA_DIR, to /health/ready (ms)',
      unit: 'ms',
      figures: empty,
      better: 'lower',
      target: '—',
      met: null,
    },
    {
      what: 'start-up on a DATA_DIR started once before (cluster and schema in place), to /health/ready (ms)',
      unit: 'ms',
      figures: again,
      better: 'lower',
      target: '< 3,000 ms',
      met: again.median < 3000,
    },
  ];
}
