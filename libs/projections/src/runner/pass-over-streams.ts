import {
  isAfter,
  readsStreamsInOrder,
  sameCursor,
  START_OF_LOG,
  START_OF_STREAMS,
  type EventStore,
  type LogPosition,
  type ReadModelEvent,
  type StreamCursor,
  type StreamOrderedLog,
} from '@kemitraan/event-store/event-store.port';
import type { AnyProjection } from '../projection';
import { foldBatches, settledLater } from './fold-batches';
import type { RunnerLog } from './projection-runner';
import type { Fold, RebuildFolds } from './rebuild-folds';
import type { RebuildWriter } from './rebuild-writer';

/** Whether a rebuild of `projections` from the start reads `store` stream by stream (PassOverStreams). */
export const passesOverStreams = (store: EventStore, projections: readonly AnyProjection[]): boolean =>
  readsStreamsInOrder(store) && projections.every((p) => p.oneStreamPerRow === true);

export interface PassOptions {
  readonly store: EventStore;
  readonly projections: readonly AnyProjection[];
  readonly writer: RebuildWriter;
  readonly folding: RebuildFolds;
  readonly log: RunnerLog;
  /** Events read per query. */
  readonly batchSize: number;
}

const isStart = (fold: Fold) => !isAfter(fold.from, START_OF_LOG);
const cursorOf = (event: ReadModelEvent): StreamCursor => ({ streamId: event.streamId, version: event.version });

/**
 * When each read model's rows follow single streams and the store can read stream by stream, a
 * rebuild from the start first reads the log up to a horizon fixed then, stream after stream:
 * each row is folded whole and written once, however the agreements interleave in the log (in
 * log order, a row pushed out of memory is read back and written again for nearly every batch).
 * What was appended since the horizon is then read in log order, as a rebuild always did.
 */
export class PassOverStreams {
  constructor(private readonly options: PassOptions) {}

  /**
   * Starts or resumes the pass of the folds that take one, and returns when it is done (each of
   * them then goes on in log order) or when stopped; at once when none does.
   */
  async run(folds: readonly Fold[], signal: AbortSignal): Promise<void> {
    const passing = await this.foldsInPass(folds);
    if (passing) await this.pass(passing.store, passing.folds, signal);
  }

  /**
   * The folds that pass over the streams: those already in a pass, or every fold when all are at
   * the log's start and the pass is possible (it then starts, at a horizon fixed now). A read
   * model added while a pass was under way joins in log order afterwards.
   */
  private async foldsInPass(
    folds: readonly Fold[],
  ): Promise<{ store: EventStore & StreamOrderedLog; folds: readonly Fold[] } | null> {
    const { store, writer } = this.options;
    const inPass = folds.filter((fold) => fold.pass !== null);
    if (!readsStreamsInOrder(store)) {
      // Read in log order, a pass's read models would fold again what they already hold.
      if (inPass.length > 0)
        throw new Error('A pass over the streams is under way, and this store cannot read by stream.');
      return null;
    }
    if (inPass.length > 0) return { store, folds: inPass };
    if (!passesOverStreams(store, this.options.projections) || !folds.every(isStart)) return null;
    const horizon = await store.committedHorizon();
    await writer.startStreamPass(
      folds.map((fold) => fold.rows.projection.name),
      horizon,
    );
    for (const fold of folds) fold.pass = { horizon, after: START_OF_STREAMS };
    return { store, folds };
  }

  /** Reads the log up to the pass's horizon stream by stream; returns when done, or when stopped. */
  private async pass(store: StreamOrderedLog, folds: readonly Fold[], signal: AbortSignal): Promise<void> {
    const { writer, log, batchSize } = this.options;
    const { horizon, after: resumedAt } = folds[0]!.pass!;
    if (folds.some((f) => f.pass!.horizon.commit !== horizon.commit || !sameCursor(f.pass!.after, resumedAt))) {
      throw new Error(`rebuild#${writer.generation}: its read models are at different places of one pass.`);
    }
    for (const fold of folds) fold.rows.passOverStreams(fold.pass!.after.streamId);
    log.info(
      `rebuild#${writer.generation}: reading the log stream by stream up to transaction ${horizon.commit}` +
        (sameCursor(resumedAt, START_OF_STREAMS)
          ? '.'
          : `, from ${resumedAt.streamId} after version ${resumedAt.version}.`),
    );
    const read = (after: StreamCursor) => settledLater(store.readStreamsInOrder(horizon, after, batchSize));
    let cursor = resumedAt;
    const flush = () =>
      this.options.folding.flush(folds, (fold) => ({ along: 'streams', from: fold.pass!.after, to: cursor }));
    await foldBatches(signal, read(cursor), {
      fold: (events) => this.options.folding.foldEach(folds, events),
      flushDue: () => this.options.folding.flushDue(folds),
      next: (events) => read((cursor = cursorOf(events.at(-1)!))),
      flush,
      atEnd: async () => {
        await flush();
        await this.finish(store, folds, horizon, cursor);
        return true;
      },
    });
  }

  /** Every stream is written up to the horizon, the last event at `cursor`: on in log order. */
  private async finish(
    store: StreamOrderedLog,
    folds: readonly Fold[],
    horizon: LogPosition,
    cursor: StreamCursor,
  ): Promise<void> {
    const end = await store.lastPositionBefore(horizon);
    await this.options.writer.finishStreamPass(
      folds.map((fold) => fold.rows.projection.name),
      cursor,
      end,
    );
    for (const fold of folds) {
      fold.from = end;
      fold.pass = null;
      fold.rows.passOver();
    }
  }
}
