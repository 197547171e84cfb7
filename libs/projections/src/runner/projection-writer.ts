import type { Pool, PoolClient } from 'pg';
import { inTransaction } from '@kemitraan/postgres';
import { type LogPosition, type StoredEvent } from '@kemitraan/event-store';
import type { AnyProjection } from '../projection';
import { applyBatch, keysOf } from './apply-batch';
import { advanceCheckpoint, parkEvent } from './checkpoint-writes';
import { DELETE_ROWS, ENSURE_CHECKPOINT, LOAD_ROWS, READ_CHECKPOINT, SAVE_ROWS } from './checkpoint.sql';
import { CheckpointMoved } from './projection.errors';

export interface Checkpoint {
  readonly position: LogPosition;
  readonly eventsRead: number;
}

/**
 * Writes one generation of one projection: each batch's rows and the checkpoint after it in one
 * transaction, so a crash at any point leaves both as they were before the batch, or both after.
 */
export class ProjectionWriter {
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
    const { rows } = await this.pool.query<{ commit: string; prepare: string; read: string }>(
      READ_CHECKPOINT,
      this.ids,
    );
    const row = rows[0];
    if (!row) throw new CheckpointMoved(...this.ids); // a retired generation
    return { position: { commit: BigInt(row.commit), prepare: BigInt(row.prepare) }, eventsRead: Number(row.read) };
  }

  /** Applies a batch read after `from`; answers the position after it. */
  async write(from: LogPosition, events: readonly StoredEvent[]): Promise<LogPosition> {
    return inTransaction(this.pool, async (client) => {
      const keys = keysOf(this.projection, events);
      const loaded = new Map<string, object>();
      if (keys.length > 0) {
        const { rows } = await client.query<{ key: string; row: object }>(LOAD_ROWS, [...this.ids, keys]);
        for (const { key, row } of rows) loaded.set(key, row);
      }
      const changes = applyBatch(this.projection, loaded, events);
      const saved = [...changes].filter(([, row]) => row !== null).map(([key, row]) => ({ key, row }));
      const removed = [...changes].filter(([, row]) => row === null).map(([key]) => key);
      if (saved.length > 0) await client.query(SAVE_ROWS, [...this.ids, JSON.stringify(saved)]);
      if (removed.length > 0) await client.query(DELETE_ROWS, [...this.ids, removed]);
      return this.advance(client, from, events);
    });
  }

  /** Records a poison event as parked and moves past it, in one transaction. */
  async park(from: LogPosition, event: StoredEvent, attempts: number, error: unknown): Promise<LogPosition> {
    return inTransaction(this.pool, async (client) => {
      await parkEvent(client, this.ids, event, attempts, error);
      return this.advance(client, from, [event]);
    });
  }

  private async advance(client: PoolClient, from: LogPosition, events: readonly StoredEvent[]): Promise<LogPosition> {
    const to = events.at(-1)!.position;
    await advanceCheckpoint(client, this.ids, from, to, events.length);
    return to;
  }
}
