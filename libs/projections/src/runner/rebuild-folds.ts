import { isAfter, sameCursor, type LogPosition, type ReadModelEvent } from '@kemitraan/event-store/event-store.port';
import type { ProjectionFailed } from './projection.errors';
import type { RunnerLog } from './projection-runner';
import type { StreamPass } from './projection-writer';
import type { RebuildRows } from './rebuild-rows';
import type { FlushProgress, RebuildWriter } from './rebuild-writer';

/** One projection's progress through the log since the last flush. */
export interface Fold {
  readonly rows: RebuildRows;
  /** Its checkpoint as last written. */
  from: LogPosition;
  /** Its pass over the streams as last written, while it is in one (`from` is then the start). */
  pass: StreamPass | null;
  events: number;
  parked: ProjectionFailed[];
}

export interface FlushLimits {
  /** Changed rows, over all projections, that make a flush. */
  readonly flushRows: number;
  /** Events folded into one projection that make a flush, whatever the rows. */
  readonly flushEvents: number;
  /** Keys of written rows held per projection in log order, as RebuildRows was given. */
  readonly keysAtMost: number;
}

/**
 * How a rebuild folds batches into its projections' rows in memory and writes them: each fold
 * reads back the rows it needs first, and a flush writes every fold's rows with its checkpoint,
 * whichever way the log is read (in log order, or stream by stream).
 */
export class RebuildFolds {
  constructor(
    private readonly writer: RebuildWriter,
    private readonly log: RunnerLog,
    private readonly limits: FlushLimits,
    /** Called before rows are read back from the database (GenerationStatistics). */
    private readonly beforeReadingBack: () => Promise<void>,
  ) {}

  async foldEach(folds: readonly Fold[], events: readonly ReadModelEvent[]): Promise<void> {
    for (const fold of folds) await this.fold(fold, events);
  }

  flushDue(folds: readonly Fold[]): boolean {
    const rows = folds.reduce((n, f) => n + f.rows.pendingCount, 0);
    const events = folds.reduce((n, f) => Math.max(n, f.events), 0);
    return rows >= this.limits.flushRows || events >= this.limits.flushEvents;
  }

  /** Writes what every projection folded since its checkpoint, and moves each checkpoint as `progressOf` says. */
  async flush(folds: readonly Fold[], progressOf: (fold: Fold) => FlushProgress): Promise<void> {
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

  private async fold(fold: Fold, batch: readonly ReadModelEvent[]): Promise<void> {
    const events = batch.filter((event) => isAfter(event.position, fold.from));
    const read = new Map<string, object | null>();
    // While rows are read back, the flush being written may finish and hand its rows to the few
    // kept in memory, pushing out rows these events need: so ask again until nothing is missing,
    // with no wait between the last asking and the folding.
    for (let unknown = fold.rows.unknownKeys(events, read); unknown.length > 0;) {
      await this.beforeReadingBack();
      for (const [key, row] of await this.writer.load(fold.rows.projection.name, unknown)) read.set(key, row);
      unknown = fold.rows.unknownKeys(events, read);
    }
    for (const failure of fold.rows.fold(events, read)) {
      this.log.error(`rebuild#${this.writer.generation}: parked, ${failure.message}`);
      fold.parked.push(failure);
    }
    fold.events += events.length;
  }

  private saysKeysForgotten(rows: RebuildRows): void {
    this.log.info(
      `rebuild#${this.writer.generation}: ${rows.projection.name} has written ${rows.writtenCount} rows, more keys ` +
        `than it holds (${this.limits.keysAtMost}); it looks up the row of every key from now on.`,
    );
  }
}
