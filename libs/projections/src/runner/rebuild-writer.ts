import type { Pool, PoolClient } from 'pg';
import { inTransaction } from '@kemitraan/postgres/transaction';
import type { LogPosition, StreamCursor } from '@kemitraan/event-store';
import { advanceCheckpoint, advanceStreamPass, parkEvent, writeRows, type ReadModelIds } from './checkpoint-writes';
import { ANALYZE_ROWS, FINISH_STREAM_PASS, LOAD_ROWS, ROW_COUNT, ROW_KEYS, START_STREAM_PASS } from './checkpoint.sql';
import { CheckpointMoved, type ProjectionFailed } from './projection.errors';
import { copyRows } from './copy-rows';
import type { PendingWrites } from './rebuild-rows';

/** How far a flush moves a read model: along the log, or along the streams in a stream pass. */
export type FlushProgress =
  | { readonly along: 'log'; readonly from: LogPosition; readonly to: LogPosition }
  | { readonly along: 'streams'; readonly from: StreamCursor; readonly to: StreamCursor };

/** What one flush writes for one projection of the generation being built. */
export interface ProjectionFlush {
  readonly projection: string;
  readonly rows: PendingWrites;
  readonly parked: readonly ProjectionFailed[];
  readonly progress: FlushProgress;
  readonly events: number;
}

/**
 * Writes a rebuild's rows: every projection's changed rows, its parked events and its checkpoint
 * in one transaction, so a crash leaves each read model and its checkpoint agreeing. Most rows of a
 * rebuild are written once, for the first time: those go in by COPY, the rest as upserts.
 */
export class RebuildWriter {
  constructor(
    private readonly pool: Pool,
    readonly generation: number,
  ) {}

  /** The keys of the rows a projection has in this generation. */
  async keys(projection: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ key: string }>(ROW_KEYS, [projection, this.generation]);
    return rows.map(({ key }) => key);
  }

  /** How many rows a projection has in this generation. */
  async rowCount(projection: string): Promise<number> {
    const { rows } = await this.pool.query<{ rows: number }>(ROW_COUNT, [projection, this.generation]);
    return rows[0]!.rows;
  }

  /**
   * What a resumed fold knows of the rows written before. In log order, the keys already written
   * are the only ones worth looking up (asking for every key made a resumed rebuild about ten
   * times as slow as a fresh one), as long as there are no more than `keysAtMost`; in or after a
   * pass over the streams, only how many there are.
   */
  async writtenBefore(
    projection: string,
    passing: boolean,
    keysAtMost: number,
  ): Promise<readonly string[] | { readonly rows: number }> {
    const rows = await this.rowCount(projection);
    return passing || rows > keysAtMost ? { rows } : await this.keys(projection);
  }

  /** The rows under `keys`, null where there is none. */
  async load(projection: string, keys: readonly string[]): Promise<Map<string, object | null>> {
    const { rows } = await this.pool.query<{ key: string; row: object }>(LOAD_ROWS, [
      projection,
      this.generation,
      keys,
    ]);
    const found = new Map(rows.map(({ key, row }) => [key, row]));
    return new Map(keys.map((key) => [key, found.get(key) ?? null]));
  }

  async analyze(): Promise<void> {
    await this.pool.query(ANALYZE_ROWS);
  }

  async flush(flushes: readonly ProjectionFlush[]): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      for (const flush of flushes) await this.write(client, flush);
    });
  }

  /** Read models still at the log's start go through it stream by stream, up to `horizon`. */
  async startStreamPass(projections: readonly string[], horizon: LogPosition): Promise<void> {
    await this.updateEach(projections, START_STREAM_PASS, [horizon.commit.toString()]);
  }

  /**
   * Their pass has written every stream up to its horizon, the last event being `at`; they go on
   * in log order after `position`.
   */
  async finishStreamPass(projections: readonly string[], at: StreamCursor, position: LogPosition): Promise<void> {
    await this.updateEach(projections, FINISH_STREAM_PASS, [
      at.streamId,
      at.version,
      position.commit.toString(),
      position.prepare.toString(),
    ]);
  }

  /** One compare-and-set per read model, all or none. */
  private async updateEach(projections: readonly string[], sql: string, values: unknown[]): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      for (const projection of projections) {
        const { rowCount } = await client.query(sql, [projection, this.generation, ...values]);
        if (rowCount !== 1) throw new CheckpointMoved(projection, this.generation);
      }
    });
  }

  private async write(client: PoolClient, flush: ProjectionFlush): Promise<void> {
    const ids: ReadModelIds = [flush.projection, this.generation];
    await copyRows(client, ids, flush.rows.firstRows);
    await writeRows(client, ids, flush.rows.laterRows);
    for (const failure of flush.parked) await parkEvent(client, ids, failure.event, 1, failure);
    const { progress } = flush;
    if (progress.along === 'log') await advanceCheckpoint(client, ids, progress.from, progress.to, flush.events);
    else await advanceStreamPass(client, ids, progress.from, progress.to, flush.events);
  }
}
