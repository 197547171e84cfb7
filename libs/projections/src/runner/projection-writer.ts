import { LRUCache } from 'lru-cache';
import type { Pool, PoolClient } from 'pg';
import { inTransaction } from '@kemitraan/postgres/transaction';
import { type LogPosition, type ReadModelEvent, type StreamCursor } from '@kemitraan/event-store';
import type { AnyProjection } from '../projection';
import { applyBatch, keysOf } from './apply-batch';
import { advanceCheckpoint, parkEvent, writeRows } from './checkpoint-writes';
import { ENSURE_CHECKPOINT, LOAD_ROWS, READ_CHECKPOINT, type CheckpointRow } from './checkpoint.sql';
import { positionOf } from './checkpoint-position';
import { CheckpointMoved } from './projection.errors';

/** A rebuild reading the log stream by stream: up to `horizon`, and `after` so far. */
export interface StreamPass {
  readonly horizon: LogPosition;
  readonly after: StreamCursor;
}

export interface Checkpoint {
  readonly position: LogPosition;
  readonly eventsRead: number;
  /** Set while a rebuild passes over the streams; `position` is then the log's start. */
  readonly streamPass: StreamPass | null;
}

/**
 * Writes one generation of one projection: each batch's rows and the checkpoint after it in one
 * transaction, so a crash at any point leaves both as they were before the batch, or both after.
 */
export class ProjectionWriter {
  /** Rows as the table holds them, as this writer last committed or read them (null: none). */
  private readonly known = new LRUCache<string, { readonly row: object | null }>({ max: 2_000 });

  constructor(
    private readonly pool: Pool,
    readonly projection: AnyProjection,
    readonly generation: number,
  ) {}

  private get ids(): [string, number] {
    return [this.projection.name, this.generation];
  }

  async checkpoint(): Promise<Checkpoint> {
    await this.pool.query(ENSURE_CHECKPOINT, this.ids);
    const { rows } = await this.pool.query<CheckpointRow>(READ_CHECKPOINT, this.ids);
    const row = rows[0];
    if (!row) throw new CheckpointMoved(...this.ids); // a retired generation
    const streamPass =
      row.pass_horizon === null
        ? null
        : {
            horizon: { commit: BigInt(row.pass_horizon), prepare: 0n },
            after: { streamId: row.pass_stream!, version: row.pass_version! },
          };
    return {
      position: positionOf(row),
      eventsRead: Number(row.read),
      streamPass,
    };
  }

  /** Applies a batch read after `from`; answers the position after it. */
  async write(from: LogPosition, events: readonly ReadModelEvent[]): Promise<LogPosition> {
    const keys = keysOf(this.projection, events);
    try {
      const { loaded, changes } = await inTransaction(this.pool, async (client) => {
        const loaded = await this.rowsBefore(client, keys);
        const changes = applyBatch(this.projection, loaded, events);
        // The checkpoint first: its row lock orders this batch against a retirement (RETIRE).
        await advanceCheckpoint(client, this.ids, from, events.at(-1)!.position, events.length);
        await writeRows(client, this.ids, changes);
        return { loaded, changes };
      });
      for (const key of keys)
        this.known.set(key, { row: changes.has(key) ? changes.get(key)! : (loaded.get(key) ?? null) });
    } catch (error) {
      // A projection may have changed a row in place before failing: forget the batch's rows.
      for (const key of keys) this.known.delete(key);
      throw error;
    }
    return events.at(-1)!.position;
  }

  /**
   * The rows a batch starts from: those this writer knows, else read. After the commit, `write`
   * knows every row of the batch, read ones too: a row the batches leave unchanged is never
   * written, and would otherwise be read again for every batch. Only the holder of the read
   * model's lease writes it, and the checkpoint's compare-and-set stops this writer the moment
   * anyone else did, so what it committed or read is what the table holds.
   */
  private async rowsBefore(client: PoolClient, keys: readonly string[]): Promise<Map<string, object>> {
    const rows = new Map<string, object>();
    const unknown: string[] = [];
    for (const key of keys) {
      const known = this.known.get(key);
      if (!known) unknown.push(key);
      else if (known.row) rows.set(key, known.row);
    }
    if (unknown.length > 0) {
      const read = await client.query<{ key: string; row: object }>(LOAD_ROWS, [...this.ids, unknown]);
      for (const { key, row } of read.rows) rows.set(key, row);
    }
    return rows;
  }

  /** Records a poison event as parked and moves past it, in one transaction. */
  async park(from: LogPosition, event: ReadModelEvent, attempts: number, error: unknown): Promise<LogPosition> {
    await inTransaction(this.pool, async (client) => {
      await advanceCheckpoint(client, this.ids, from, event.position, 1);
      await parkEvent(client, this.ids, event, attempts, error);
    });
    return event.position;
  }
}
