import type { Pool } from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EventStore, LogPosition, StoredEvent } from '@kemitraan/event-store';
import type { AnyProjection } from '../projection';
import { FailurePacing } from './failure-pacing';
import { GenerationStatistics } from './generation-statistics';
import { CheckpointMoved, type ProjectionFailed } from './projection.errors';
import type { RunnerLog } from './projection-runner';
import { ProjectionWriter } from './projection-writer';
import { RebuildRows } from './rebuild-rows';
import { RebuildWriter } from './rebuild-writer';
import type { Ticker } from './ticker';

export interface RebuildOptions {
  readonly pool: Pool;
  readonly store: EventStore;
  readonly projections: readonly AnyProjection[];
  readonly generation: number;
  readonly ticker: Ticker;
  readonly log: RunnerLog;
  readonly pollMs: number;
  /** Events read per query. */
  readonly batchSize?: number;
  /** Changed rows, over all projections, that make a flush. */
  readonly flushRows?: number;
  /** Written rows kept in memory per projection. */
  readonly keepRows?: number;
  /** Rows in the generation from which it is analyzed before rows are read back (generation-statistics.ts). */
  readonly analyzeFromRows?: number;
  /** Called with each projection once the log is read to its end; true when the reads switched over. */
  readonly caughtUp: (projection: string) => Promise<boolean>;
}

/** One projection's progress through the log since the last flush. */
interface Fold {
  readonly rows: RebuildRows;
  /** Its checkpoint as last written. */
  from: LogPosition;
  events: number;
  parked: ProjectionFailed[];
}

const isAfter = (a: LogPosition, b: LogPosition) =>
  a.commit > b.commit || (a.commit === b.commit && a.prepare > b.prepare);
const isStart = (p: LogPosition) => p.commit === 0n && p.prepare === 0n;

/**
 * Fills a generation of read models being rebuilt: one reader of the log for every projection,
 * the next batch read while this one is folded, rows folded in memory and written many at a time
 * with every checkpoint in one transaction. An error restarts it from the checkpoints; an event
 * a projection cannot apply is parked at once (folding is pure: it would fail again).
 */
export class RebuildRunner {
  private readonly writer: RebuildWriter;

  constructor(private readonly options: RebuildOptions) {
    this.writer = new RebuildWriter(options.pool, options.generation);
  }

  async run(signal: AbortSignal): Promise<void> {
    const { log, generation } = this.options;
    const outages = new FailurePacing();
    while (!signal.aborted) {
      try {
        await this.build(signal);
        if (signal.aborted) {
          log.info(
            `rebuild#${generation}: stopped; its checkpoints keep what it wrote, and the next start resumes from them.`,
          );
        }
        return;
      } catch (error) {
        if (error instanceof CheckpointMoved) {
          log.warn(`rebuild#${generation}: ${error.message} Stopping.`);
          return;
        }
        log.warn(`rebuild#${generation}: ${String(error)}; starting again from the checkpoints.`);
        await sleep(outages.failed(), undefined, { signal }).catch(() => undefined);
      }
    }
  }

  /** Returns once the generation answers reads, or when stopped. */
  private async build(signal: AbortSignal): Promise<void> {
    const { store, projections, pool, generation, ticker, pollMs } = this.options;
    const batchSize = this.options.batchSize ?? 500;
    const folds: Fold[] = [];
    let alreadyFolded = Infinity;
    for (const projection of projections) {
      const { position, eventsRead } = await new ProjectionWriter(pool, projection, generation).checkpoint();
      alreadyFolded = Math.min(alreadyFolded, eventsRead);
      // Resuming: the keys already written are the only ones worth looking up (asking for every
      // key made a resumed rebuild about ten times as slow as a fresh one).
      const writtenBefore = isStart(position) ? [] : await this.writer.keys(projection.name);
      const rows = new RebuildRows(projection, writtenBefore, this.options.keepRows ?? 500);
      folds.push({ rows, from: position, events: 0, parked: [] });
    }
    let position = folds.map((f) => f.from).reduce((a, b) => (isAfter(a, b) ? b : a));
    this.options.log.info(
      isStart(position)
        ? `rebuild#${generation}: reading the log from its start.`
        : `rebuild#${generation}: resuming from its checkpoints, ${alreadyFolded} events already folded into every read model.`,
    );
    const statistics = new GenerationStatistics(
      () => this.writer.analyze(),
      this.options.log,
      generation,
      this.options.analyzeFromRows,
    );
    const rowsWritten = () => folds.reduce((n, f) => n + f.rows.writtenCount, 0);
    const read = (after: LogPosition) => settledLater(store.readAll(after, batchSize));
    let next = read(position);
    let flushing: Promise<void> = Promise.resolve();
    try {
      while (!signal.aborted) {
        const events = await next;
        if (events.length === 0) {
          await flushing;
          await this.flush(folds, position);
          if (await this.reportCaughtUp()) return;
          await ticker.wait(pollMs, signal);
          next = read(position);
          continue;
        }
        position = events.at(-1)!.position;
        next = read(position);
        for (const fold of folds) await this.fold(fold, events, () => statistics.beforeReadingBack(rowsWritten()));
        if (folds.reduce((n, f) => n + f.rows.pendingCount, 0) >= (this.options.flushRows ?? 2_000)) {
          // One flush at a time, written while the next batches are folded.
          await flushing;
          flushing = settledLater(this.flush(folds, position));
        }
      }
    } finally {
      await flushing.catch(() => undefined);
    }
  }

  private async fold(fold: Fold, batch: readonly StoredEvent[], beforeReadingBack: () => Promise<void>): Promise<void> {
    const events = batch.filter((event) => isAfter(event.position, fold.from));
    const read = new Map<string, object | null>();
    // While rows are read back, the flush being written may finish and hand its rows to the few
    // kept in memory, pushing out rows these events need: so ask again until nothing is missing,
    // with no wait between the last asking and the folding.
    for (let unknown = fold.rows.unknownKeys(events, read); unknown.length > 0;) {
      await beforeReadingBack();
      for (const [key, row] of await this.writer.load(fold.rows.projection.name, unknown)) read.set(key, row);
      unknown = fold.rows.unknownKeys(events, read);
    }
    for (const failure of fold.rows.fold(events, read)) {
      this.options.log.error(`rebuild#${this.options.generation}: parked, ${failure.message}`);
      fold.parked.push(failure);
    }
    fold.events += events.length;
  }

  /** Writes what every projection folded since its checkpoint, and moves the checkpoints to `to`. */
  private async flush(folds: readonly Fold[], to: LogPosition): Promise<void> {
    const moving = folds.filter((fold) => isAfter(to, fold.from));
    if (moving.length === 0) return;
    const flushes = moving.map((fold) => ({
      projection: fold.rows.projection.name,
      rows: fold.rows.takePending(),
      parked: fold.parked,
      from: fold.from,
      to,
      events: fold.events,
    }));
    for (const fold of moving) {
      fold.events = 0;
      fold.parked = [];
    }
    await this.writer.flush(flushes);
    for (const fold of moving) {
      fold.rows.flushed();
      fold.from = to;
    }
  }

  private async reportCaughtUp(): Promise<boolean> {
    let switched = false;
    for (const projection of this.options.projections)
      switched = (await this.options.caughtUp(projection.name)) || switched;
    return switched;
  }
}

/** A promise that may be awaited later: its failure is never reported as unhandled meanwhile. */
function settledLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
