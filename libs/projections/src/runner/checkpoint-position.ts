import type { Pool } from 'pg';
import { boundedBy } from '@kemitraan/postgres/statements';
import { COMMAND_ANSWER_MS } from '@kemitraan/postgres/unavailable';
import { START_OF_LOG, type LogPosition } from '@kemitraan/event-store/event-store.port';
import { READ_CHECKPOINT, type CheckpointRow } from './checkpoint.sql';

/** A checkpoint's place in the log; the log's start for a read model that has none yet. */
export const positionOf = (row: CheckpointRow | undefined): LogPosition =>
  row ? { commit: BigInt(row.commit), prepare: BigInt(row.prepare) } : START_OF_LOG;

/**
 * One generation's checkpoint of one read model, read without creating it: within a bound on
 * PostgreSQL's answer, as a command's statements (the supervision reads it every round).
 */
export async function readCheckpoint(
  pool: Pool,
  projection: string,
  generation: number,
  answerWithinMs = COMMAND_ANSWER_MS,
): Promise<CheckpointRow | undefined> {
  const read = boundedBy(pool, answerWithinMs);
  return (await read.query<CheckpointRow>({ text: READ_CHECKPOINT, values: [projection, generation] })).rows[0];
}
