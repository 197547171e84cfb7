import { setTimeout as sleep } from 'node:timers/promises';
import { QueryBus } from '@nestjs/cqrs';
import { PostgresEventStore } from '@kemitraan/event-store';
import { activitiesKeyOf, PROJECTIONS, ProjectionStatusQuery, ProjectionSupervisor } from '@kemitraan/projections';
import type { BenchContext } from './bench-context';
import type { BenchResult } from './bench-result';
import { quantile, summarise } from './measure';
import { furthestBehind, untilCaughtUp } from './read-model-lag';

/**
 * Each agreement's version in the read model: its own row's, or its activities row's when that is
 * later (the activities row's key is the agreement's id and a suffix after a slash).
 */
const READ_MODEL_VERSIONS = `
  select split_part(key, '/', 1) as key,
         max(coalesce((row->'agreement'->>'version')::int, (row->>'version')::int))::int as version
  from projection_rows
  where projection = 'agreements' and generation = (select live from read_model_generations)
    and (key = any($1) or key = any($2))
  group by 1`;

const LOG_VERSIONS = `
  select substr(stream_id, 11) as key, max(version)::int as version from events where stream_id = any($1) group by stream_id`;

/**
 * Earlier benchmarks may leave events the read models have not read (the HTTP benchmark's API
 * alone runs without them): lag is measured from read models that are current, not catching up.
 */
function readModelsCaughtUp(context: BenchContext): Promise<void> {
  const queries = context.app.get(QueryBus);
  return untilCaughtUp(
    async () => furthestBehind(await queries.execute(new ProjectionStatusQuery())),
    30 * 60_000,
    200,
  );
}

/**
 * 8 writers at full speed through the command handler while the projections run: the time from
 * each command's answer to its effect in the `agreements` read model, and what any read model
 * missed once the writers stop.
 */
export async function liveLagBench(context: BenchContext, seconds: number): Promise<BenchResult[]> {
  const agreements = await context.agreementsInExecution(8 * 5);
  const versionKeys = [agreements, agreements.map(activitiesKeyOf)];
  const supervisor = new ProjectionSupervisor({
    pool: context.pool,
    store: new PostgresEventStore(context.pool),
    projections: PROJECTIONS,
    log: { info: () => undefined, warn: () => undefined, error: (m) => console.error(m) },
  });
  supervisor.start();
  process.stdout.write('  the read models read what earlier benchmarks appended first\n');
  await readModelsCaughtUp(context).catch(async (error: unknown) => {
    // Its runners would otherwise retry against a closed pool and keep the bench from exiting.
    await supervisor.stop();
    throw error;
  });
  const awaiting = new Map<string, { version: number; at: number }[]>();
  const lags: number[] = [];
  let writing = true;
  const writers = Array.from({ length: 8 }, async (_, w) => {
    for (let i = 0; writing; i++) {
      const id = agreements[w * 5 + (i % 5)]!;
      const outcome = (await context.recordActivity(id, i)) as { agreement: { version: number } };
      const list = awaiting.get(id) ?? [];
      list.push({ version: outcome.agreement.version, at: performance.now() });
      awaiting.set(id, list);
    }
  });
  const watcher = (async () => {
    while (writing || [...awaiting.values()].some((l) => l.length > 0)) {
      const { rows } = await context.pool.query<{ key: string; version: number }>(READ_MODEL_VERSIONS, versionKeys);
      const now = performance.now();
      for (const { key, version } of rows) {
        const list = awaiting.get(key) ?? [];
        while (list.length > 0 && list[0]!.version <= version) lags.push(now - list.shift()!.at);
      }
      await sleep(5);
    }
  })();
  await sleep(seconds * 1000);
  writing = false;
  await Promise.all(writers);
  await watcher;
  await sleep(1500);
  const streams = agreements.map((id) => `agreement-${id}`);
  const inLog = new Map(
    (await context.pool.query<{ key: string; version: number }>(LOG_VERSIONS, [streams])).rows.map((r) => [
      r.key,
      r.version,
    ]),
  );
  const inModel = (await context.pool.query<{ key: string; version: number }>(READ_MODEL_VERSIONS, versionKeys)).rows;
  const missed =
    inModel.reduce((n, r) => n + Math.abs((inLog.get(r.key) ?? 0) - r.version), 0) +
    (agreements.length - inModel.length);
  await supervisor.stop();
  const p50 = quantile(lags, 0.5);
  const p99 = quantile(lags, 0.99);
  return [
    {
      what: `live lag, 8 writers for ${seconds} s, ${lags.length} commands: p50 (ms)`,
      unit: 'ms',
      figures: summarise([p50]),
      better: 'lower',
      target: '—',
      met: null,
    },
    {
      what: `live lag p99 (ms); events missed by the read models: ${missed}`,
      unit: 'ms',
      figures: summarise([p99]),
      better: 'lower',
      target: 'p99 < 1,000 ms, 0 missed',
      met: p99 < 1000 && missed === 0,
    },
  ];
}
