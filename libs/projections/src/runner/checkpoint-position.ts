import type { Pool } from 'pg';
import { START_OF_LOG, type LogPosition } from '@kemitraan/event-store/event-store.port';
import { READ_CHECKPOINT, type CheckpointRow } from './checkpoint.sql';

/** A checkpoint's place in the log; the log's start for a read model that has none yet. */
export const positionOf = (row: CheckpointRow | undefined): LogPosition =>
  row ? { commit: BigInt(row.commit), prepare: BigInt(row.prepare) } : START_OF_LOG;

/** One generation's checkpoint of one read model, read without creating it. */
export async function readCheckpoint(
  pool: Pool,
  projection: string,
  generation: number,
): Promise<CheckpointRow | undefined> {
  return (await pool.query<CheckpointRow>(READ_CHECKPOINT, [projection, generation])).rows[0];
}
