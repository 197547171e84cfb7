import type { Pool, PoolClient } from 'pg';
import { inTransaction } from '@kemitraan/postgres';
import type { LogPosition } from '@kemitraan/event-store';
import { advanceCheckpoint, parkEvent, type ReadModelIds } from './checkpoint-writes';
import { DELETE_ROWS, LOAD_ROWS, SAVE_ROWS } from './checkpoint.sql';
import type { ProjectionFailed } from './projection.errors';
import type { PendingRows } from './rebuild-rows';

/** Rows per statement: large enough to cost few round trips, small enough to keep each JSON small. */
const ROWS_PER_STATEMENT = 2_000;

/** What one flush writes for one projection of the generation being built. */
export interface ProjectionFlush {
  readonly projection: string;
  readonly rows: PendingRows;
  readonly parked: readonly ProjectionFailed[];
  readonly from: LogPosition;
  readonly to: LogPosition;
  readonly events: number;
}

/**
 * Writes a rebuild's rows: every projection's changed rows, its parked events and its checkpoint
 * in one transaction, so a crash leaves each read model and its checkpoint agreeing.
 */
export class RebuildWriter {
  constructor(
    private readonly pool: Pool,
    readonly generation: number,
  ) {}

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

  async flush(flushes: readonly ProjectionFlush[]): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      for (const flush of flushes) await this.write(client, flush);
    });
  }

  private async write(client: PoolClient, flush: ProjectionFlush): Promise<void> {
    const ids: ReadModelIds = [flush.projection, this.generation];
    const saved: { key: string; row: object }[] = [];
    const removed: string[] = [];
    for (const [key, row] of flush.rows) {
      if (row === null) removed.push(key);
      else saved.push({ key, row });
    }
    for (let i = 0; i < saved.length; i += ROWS_PER_STATEMENT) {
      await client.query(SAVE_ROWS, [...ids, JSON.stringify(saved.slice(i, i + ROWS_PER_STATEMENT))]);
    }
    if (removed.length > 0) await client.query(DELETE_ROWS, [...ids, removed]);
    for (const failure of flush.parked) await parkEvent(client, ids, failure.event, 1, failure);
    await advanceCheckpoint(client, ids, flush.from, flush.to, flush.events);
  }
}
