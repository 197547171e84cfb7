import { setTimeout as sleep } from 'node:timers/promises';
import { PostgresEventStore } from '@kemitraan/event-store';
import { PROJECTIONS, ProjectionSupervisor } from '@kemitraan/projections';
import type { BenchContext } from './bench-context';
import type { BenchResult } from './bench-result';
import { peakRss, repeat, summarise } from './measure';

const silent = { info: () => undefined, warn: () => undefined, error: (m: string) => console.error(m) };

const PLAIN_READ = `
  select stream_id, version, event_id, type, data, metadata, hash, previous_hash, global_position
  from events where global_position > $1 order by global_position limit 10000`;

/** Reads the whole events table in pages with plain pg, as fast as it comes. */
async function plainRead(context: BenchContext): Promise<number> {
  const started = performance.now();
  let after = '0';
  let read = 0;
  for (;;) {
    const { rows } = await context.pool.query<{ global_position: string }>(PLAIN_READ, [after]);
    if (rows.length === 0) break;
    read += rows.length;
    after = rows.at(-1)!.global_position;
  }
  return read / ((performance.now() - started) / 1000);
}

/** Rebuilds every read model from position zero, against a plain streaming read of the same table. */
export async function rebuildBench(context: BenchContext, runs: number, events: number): Promise<BenchResult[]> {
  const supervisor = new ProjectionSupervisor({
    pool: context.pool,
    store: new PostgresEventStore(context.pool),
    projections: PROJECTIONS,
    log: silent,
    pollMs: 100,
  });
  supervisor.start();
  const rss: number[] = [];
  try {
    const rate = await repeat(runs, async () => {
      const started = performance.now();
      const { peakMb } = await peakRss(async () => {
        const { building } = await supervisor.generations.requestRebuild();
        while ((await supervisor.generations.current()).live !== building) await sleep(50);
      });
      rss.push(peakMb);
      return events / ((performance.now() - started) / 1000);
    });
    const reference = await repeat(runs, () => plainRead(context));
    return [
      {
        what: `rebuild of all ${PROJECTIONS.length} read models, ${events.toLocaleString('en')} events (events/s)`,
        unit: 'events/s',
        figures: rate,
        reference: { what: 'plain streaming read of the events table (pg)', figures: reference },
        better: 'higher',
        target: 'ratio ≥ 0.5',
        met: rate.median / reference.median >= 0.5,
      },
      {
        what: 'rebuild, peak RSS of the process (MB)',
        unit: 'MB',
        figures: summarise(rss),
        better: 'lower',
        target: '< 300 MB',
        met: Math.max(...rss) < 300,
      },
    ];
  } finally {
    await supervisor.stop();
  }
}
