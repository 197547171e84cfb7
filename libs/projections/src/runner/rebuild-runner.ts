import type { Pool } from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  readsStreamsInOrder,
  START_OF_STREAMS,
  type EventStore,
  type LogPosition,
  type StoredEvent,
  type StreamCursor,
  type StreamOrderedLog,
} from '@kemitraan/event-store/event-store.port';
import type { AnyProjection } from '../projection';
import { FailurePacing } from './failure-pacing';
import { foldBatches, settledLater } from './fold-batches';
import { GenerationStatistics } from './generation-statistics';
import { CheckpointMoved, type ProjectionFailed } from './projection.errors';
import type { RunnerLog } from './projection-runner';
import { ProjectionWriter, type StreamPass } from './projection-writer';
import { KEYS_HELD_AT_MOST, RebuildRows } from './rebuild-rows';
import { RebuildWriter, type FlushProgress } from './rebuild-writer';
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

/** One projection's progress through the log since the last flush. */
interface Fold {
  readonly rows: RebuildRows;
  /** Its checkpoint as last written. */
  from: LogPosition;
  /** Its pass over the streams as last written, while it is in one (`from` is then the start). */
  pass: StreamPass | null;
  events: number;
  parked: ProjectionFailed[];
}

const isAfter = (a: LogPosition, b: LogPosition) =>
  a.commit > b.commit || (a.commit === b.commit && a.prepare > b.prepare);
const isStart = (p: LogPosition) => p.commit === 0n && p.prepare === 0n;
const sameCursor = (a: StreamCursor, b: StreamCursor) => a.streamId === b.streamId && a.version === b.version;
const cursorOf = (event: StoredEvent): StreamCursor => ({ streamId: event.streamId, version: event.version });

/** Whether a rebuild of `projections` from the start reads `store` stream by stream (below). */
export const passesOverStreams = (store: EventStore, projections: readonly AnyProjection[]): boolean =>
  readsStreamsInOrder(store) && projections.every((p) => p.oneStreamPerRow === true);

/**
 * Fills a generation of read models being rebuilt: one reader of the log for every projection,
 * the next batch read while this one is folded, rows folded in memory and written many at a time
 * with every checkpoint in one transaction. An error restarts it from the checkpoints; an event
 * a projection cannot apply is parked at once (folding is pure: it would fail again).
 *
 * When each read model's rows follow single streams and the store can read stream by stream, a
 * rebuild from the start first reads the log up to a horizon fixed then, stream after stream:
 * each row is folded whole and written once, however the agreements interleave in the log (in
 * log order, a row pushed out of memory is read back and written again for nearly every batch).
 * What was appended since the horizon is then read in log order, as a rebuild always did.
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
    const { generation } = this.options;
    const folds = await this.resumeFolds();
    const statistics = new GenerationStatistics(
      () => this.writer.analyze(),
      this.options.log,
      generation,
      this.options.analyzeFromRows,
    );
    const rowsWritten = () => folds.reduce((n, f) => n + f.rows.writtenCount, 0);
    const beforeReadingBack = () => statistics.beforeReadingBack(rowsWritten());

    const passing = await this.streamPassOf(folds);
    if (passing) {
      await this.passOverStreams(passing.store, passing.folds, signal, beforeReadingBack);
      if (signal.aborted) return;
    }
    await this.followLog(folds, signal, beforeReadingBack);
  }

  /** Every projection's fold as its checkpoint left it. */
  private async resumeFolds(): Promise<Fold[]> {
    const { projections, pool, generation, log } = this.options;
    const folds: Fold[] = [];
    let alreadyFolded = Infinity;
    // Where a rebuild passes over the streams, it reads little in log order after the pass (what
    // was appended meanwhile), so it may look every key up; holding a key per row would not fit
    // its heap on a long enough log.
    const passes = this.canPassOverStreams();
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

  /**
   * The folds that pass over the streams: those already in a pass, or every fold when all are at
   * the log's start and the pass is possible (it then starts, at a horizon fixed now). A read
   * model added while a pass was under way joins in log order afterwards.
   */
  private async streamPassOf(folds: Fold[]): Promise<{ store: EventStore & StreamOrderedLog; folds: Fold[] } | null> {
    const { store } = this.options;
    const inPass = folds.filter((fold) => fold.pass !== null);
    if (!readsStreamsInOrder(store)) {
      // Read in log order, a pass's read models would fold again what they already hold.
      if (inPass.length > 0)
        throw new Error('A pass over the streams is under way, and this store cannot read by stream.');
      return null;
    }
    if (inPass.length > 0) return { store, folds: inPass };
    if (!this.canPassOverStreams() || !folds.every((fold) => isStart(fold.from))) return null;
    const horizon = await store.committedHorizon();
    await this.writer.startStreamPass(
      folds.map((fold) => fold.rows.projection.name),
      horizon,
    );
    for (const fold of folds) fold.pass = { horizon, after: START_OF_STREAMS };
    return { store, folds };
  }

  /** Whether the store can read stream by stream and each read model's rows follow single streams. */
  private canPassOverStreams(): boolean {
    return passesOverStreams(this.options.store, this.options.projections);
  }

  /** Reads the log up to the pass's horizon stream by stream; returns when done, or when stopped. */
  private async passOverStreams(
    store: StreamOrderedLog,
    folds: readonly Fold[],
    signal: AbortSignal,
    beforeReadingBack: () => Promise<void>,
  ): Promise<void> {
    const { horizon, after: resumedAt } = folds[0]!.pass!;
    if (folds.some((f) => f.pass!.horizon.commit !== horizon.commit || !sameCursor(f.pass!.after, resumedAt))) {
      throw new Error(`rebuild#${this.options.generation}: its read models are at different places of one pass.`);
    }
    for (const fold of folds) fold.rows.passOverStreams(fold.pass!.after.streamId);
    this.options.log.info(
      `rebuild#${this.options.generation}: reading the log stream by stream up to transaction ${horizon.commit}` +
        (sameCursor(resumedAt, START_OF_STREAMS)
          ? '.'
          : `, from ${resumedAt.streamId} after version ${resumedAt.version}.`),
    );
    const batchSize = this.options.batchSize ?? 500;
    const read = (after: StreamCursor) => settledLater(store.readStreamsInOrder(horizon, after, batchSize));
    let cursor = resumedAt;
    const flush = () => this.flush(folds, (fold) => ({ along: 'streams', from: fold.pass!.after, to: cursor }));
    await foldBatches(signal, read(cursor), {
      fold: (events) => this.foldEach(folds, events, beforeReadingBack),
      flushDue: () => this.flushDue(folds),
      next: (events) => read((cursor = cursorOf(events.at(-1)!))),
      flush,
      atEnd: async () => {
        await flush();
        const end = await store.lastPositionBefore(horizon);
        await this.writer.finishStreamPass(
          folds.map((fold) => fold.rows.projection.name),
          cursor,
          end,
        );
        for (const fold of folds) {
          fold.from = end;
          fold.pass = null;
          fold.rows.passOver();
        }
        return true;
      },
    });
  }

  /** Reads the log in its order from the earliest checkpoint; returns once the reads switched over, or when stopped. */
  private async followLog(folds: readonly Fold[], signal: AbortSignal, beforeReadingBack: () => Promise<void>) {
    const { store, ticker, pollMs } = this.options;
    const batchSize = this.options.batchSize ?? 500;
    let position = folds.map((f) => f.from).reduce((a, b) => (isAfter(a, b) ? b : a));
    const read = (after: LogPosition) => settledLater(store.readAll(after, batchSize));
    const flush = () => this.flush(folds, (fold) => ({ along: 'log', from: fold.from, to: position }));
    await foldBatches(signal, read(position), {
      fold: (events) => this.foldEach(folds, events, beforeReadingBack),
      flushDue: () => this.flushDue(folds),
      next: (events) => read((position = events.at(-1)!.position)),
      flush,
      atEnd: async () => {
        await flush();
        if (await this.reportCaughtUp()) return true;
        await ticker.wait(pollMs, signal);
        return false;
      },
      again: () => read(position),
    });
  }

  private async foldEach(
    folds: readonly Fold[],
    events: readonly StoredEvent[],
    beforeReadingBack: () => Promise<void>,
  ): Promise<void> {
    for (const fold of folds) await this.fold(fold, events, beforeReadingBack);
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

  private flushDue(folds: readonly Fold[]): boolean {
    const rows = folds.reduce((n, f) => n + f.rows.pendingCount, 0);
    const events = folds.reduce((n, f) => Math.max(n, f.events), 0);
    return rows >= (this.options.flushRows ?? 2_000) || events >= (this.options.flushEvents ?? 20_000);
  }

  /** Writes what every projection folded since its checkpoint, and moves each checkpoint as `progress` says. */
  private async flush(folds: readonly Fold[], progressOf: (fold: Fold) => FlushProgress): Promise<void> {
    const moves = folds
      .map((fold) => ({ fold, progress: progressOf(fold) }))
      .filter(({ progress }) =>
        progress.along === 'log' ? isAfter(progress.to, progress.from) : !sameCursor(progress.to, progress.from),
      );
    if (moves.length === 0) return;
    const flushes = moves.map(({ fold, progress }) => ({
      projection: fold.rows.projection.name,
      rows: fold.rows.takePending(),
      parked: fold.parked,
      progress,
      events: fold.events,
    }));
    for (const { fold } of moves) {
      fold.events = 0;
      fold.parked = [];
    }
    await this.writer.flush(flushes);
    for (const { fold, progress } of moves) {
      const knewEveryKey = fold.rows.knowsEveryKey;
      fold.rows.flushed(progress.along === 'streams' ? progress.to.streamId : undefined);
      if (knewEveryKey && !fold.rows.knowsEveryKey) this.saysKeysForgotten(fold.rows);
      if (progress.along === 'log') fold.from = progress.to;
      else fold.pass = { horizon: fold.pass!.horizon, after: progress.to };
    }
  }

  private saysKeysForgotten(rows: RebuildRows): void {
    this.options.log.info(
      `rebuild#${this.options.generation}: ${rows.projection.name} has written ${rows.writtenCount} rows, more keys ` +
        `than it holds (${this.keysAtMost}); it looks up the row of every key from now on.`,
    );
  }

  private async reportCaughtUp(): Promise<boolean> {
    let switched = false;
    for (const projection of this.options.projections)
      switched = (await this.options.caughtUp(projection.name)) || switched;
    return switched;
  }
}
