import { setTimeout as sleep } from 'node:timers/promises';
import type { QueryBus } from '@nestjs/cqrs';
import { SingleBar, Presets } from 'cli-progress';
import { ProjectionStatusQuery, type ProjectionWorker } from '@kemitraan/projections';

/** Events read by the fresh copies so far, and how many they read in all. */
async function progressOf(queries: QueryBus): Promise<{ done: number; total: number } | null> {
  const statuses = await queries.execute(new ProjectionStatusQuery());
  const building = statuses.map((s) => s.rebuilding).filter((r) => r !== null);
  if (building.length === 0) return null;
  const done = building.reduce((sum, r) => sum + r.eventsRead, 0);
  return { done, total: done + building.reduce((sum, r) => sum + r.lag, 0) };
}

/**
 * Starts a rebuild (or joins the one under way) and shows it to the end with a progress bar:
 * events done, events per second, and the time left.
 */
export async function rebuildWithProgress(worker: ProjectionWorker, queries: QueryBus, out: NodeJS.WriteStream) {
  const { building } = await worker.requestRebuild();
  out.write(`Rebuilding every read model from the start of the log (generation ${building}).\n`);
  const bar = new SingleBar(
    {
      format: 'Rebuild |{bar}| {percentage}% | {value}/{total} events | {speed} events/s | {eta_formatted} left',
      etaBuffer: 20,
      stream: out,
    },
    Presets.shades_classic,
  );
  const started = Date.now();
  const speed = (done: number) => Math.round(done / Math.max((Date.now() - started) / 1000, 0.001));
  bar.start(1, 0, { speed: 0 });
  for (;;) {
    const progress = await progressOf(queries);
    if (progress === null) break;
    bar.setTotal(Math.max(progress.total, 1));
    bar.update(progress.done, { speed: speed(progress.done) });
    await sleep(1_000); // often enough for a person watching; a reading counts at most 10,001 events per position
  }
  bar.update(bar.getTotal(), { speed: speed(bar.getTotal()) });
  bar.stop();
  out.write(`Done: generation ${building} answers every read (${((Date.now() - started) / 1000).toFixed(1)} s).\n`);
}
