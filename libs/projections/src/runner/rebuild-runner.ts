import type { Pool } from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAfter, type EventStore, type LogPosition } from '@kemitraan/event-store/event-store.port';
import type { AnyProjection } from '../projection';
import { FailurePacing } from './failure-pacing';
import { foldBatches, settledLater } from './fold-batches';
import { GenerationStatistics } from './generation-statistics';
import { PassOverStreams, passesOverStreams } from './pass-over-streams';
import { CheckpointMoved } from './projection.errors';
import type { RunnerLog } from './projection-runner';
import { ProjectionWriter } from './projection-writer';
import { RebuildFolds, type Fold } from './rebuild-folds';
import { KEYS_HELD_AT_MOST, RebuildRows } from './rebuild-rows';
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
  /**
   * Events folded that make a flush, whatever the rows: long streams read one after another
   * change few rows, and what a restart would fold again stays bounded.
   */
  readonly flushEvents?: number;
  /** Written rows kept in memory per projection. */
  readonly keepRows?: number;
  /** Keys of written rows held per projection in log order (KEYS_HELD_AT_MOST). */
  readonly keysAtMost?: number;
  /** Rows in the generation from which it is analyzed before rows are read back (generation-statistics.ts). */
  readonly analyzeFromRows?: number;
  /** Called with each projection once the log is read to its end; true when the reads switched over. */
  readonly caughtUp: (projection: string) => Promise<boolean>;
}

/**
 * Fills a generation of read models being rebuilt: one reader of the log for every projection,
 * the next batch read while this one is folded, rows folded in memory and written many at a time
 * with every checkpoint in one transaction (RebuildFolds). An error restarts it from the
 * checkpoints; an event a projection cannot apply is parked at once (folding is pure: it would fail
 * again). From the start it may first pass over the streams (PassOverStreams), then reads in log
 * order.
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
    const { generation, store, projections, log } = this.options;
    const folds = await this.resumeFolds(passesOverStreams(store, projections));
    const statistics = new GenerationStatistics(
      () => this.writer.analyze(),
      log,
      generation,
      this.options.analyzeFromRows,
    );
    const limits = {
      flushRows: this.options.flushRows ?? 2_000,
      flushEvents: this.options.flushEvents ?? 20_000,
      keysAtMost: this.keysAtMost,
    };
    const rowsWritten = () => folds.reduce((n, f) => n + f.rows.writtenCount, 0);
    const folding = new RebuildFolds(this.writer, log, limits, () => statistics.beforeReadingBack(rowsWritten()));
    await new PassOverStreams({
      store,
      projections,
      writer: this.writer,
      folding,
      log,
      batchSize: this.batchSize,
    }).run(folds, signal);
    if (signal.aborted) return;
    await this.followLog(folds, folding, () => statistics.beforeAnsweringReads(rowsWritten()), signal);
  }

  /**
   * Every projection's fold as its checkpoint left it. Where a rebuild passes over the streams,
   * it reads little in log order after the pass (what was appended meanwhile), so it may look
   * every key up; holding a key per row would not fit its heap on a long enough log.
   */
  private async resumeFolds(passes: boolean): Promise<Fold[]> {
    const { projections, pool, generation, log } = this.options;
    const folds: Fold[] = [];
    let alreadyFolded = Infinity;
    for (const projection of projections) {
      const { position, eventsRead, streamPass } = await new ProjectionWriter(
        pool,
        projection,
        generation,
      ).checkpoint();
      alreadyFolded = Math.min(alreadyFolded, eventsRead);
      const rows = new RebuildRows(
        projection,
        eventsRead === 0
          ? []
          : await this.writer.writtenBefore(projection.name, passes || streamPass !== null, this.keysAtMost),
        this.options.keepRows ?? 500,
        this.keysAtMost,
      );
      folds.push({ rows, from: position, pass: streamPass, events: 0, parked: [] });
    }
    log.info(
      alreadyFolded === 0
        ? `rebuild#${generation}: reading the log from its start.`
        : `rebuild#${generation}: resuming from its checkpoints, ${alreadyFolded} events already folded into every read model.`,
    );
    return folds;
  }

  private get keysAtMost(): number {
    return this.options.keysAtMost ?? KEYS_HELD_AT_MOST;
  }

  private get batchSize(): number {
    return this.options.batchSize ?? 500;
  }

  /** Reads the log in its order from the earliest checkpoint; returns once the reads switched over, or when stopped. */
  private async followLog(
    folds: readonly Fold[],
    folding: RebuildFolds,
    beforeAnsweringReads: () => Promise<void>,
    signal: AbortSignal,
  ) {
    const { store, ticker, pollMs } = this.options;
    let position = folds.map((f) => f.from).reduce((a, b) => (isAfter(a, b) ? b : a));
    const read = (after: LogPosition) => settledLater(store.readAllForReadModels(after, this.batchSize));
    const flush = () => folding.flush(folds, (fold) => ({ along: 'log', from: fold.from, to: position }));
    await foldBatches(signal, read(position), {
      fold: (events) => folding.foldEach(folds, events),
      flushDue: () => folding.flushDue(folds),
      next: (events) => read((position = events.at(-1)!.position)),
      flush,
      atEnd: async () => {
        await flush();
        await beforeAnsweringReads();
        if (await this.reportCaughtUp()) return true;
        await ticker.wait(pollMs, signal);
        return false;
      },
      again: () => read(position),
    });
  }

  private async reportCaughtUp(): Promise<boolean> {
    let switched = false;
    for (const projection of this.options.projections)
      switched = (await this.options.caughtUp(projection.name)) || switched;
    return switched;
  }
}
