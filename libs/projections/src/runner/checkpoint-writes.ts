import type { Statements } from '@kemitraan/postgres/statements';
import type { LogPosition, ReadModelEvent, StreamCursor } from '@kemitraan/event-store';
import { ADVANCE_CHECKPOINT, ADVANCE_STREAM_PASS, DELETE_ROWS, PARK_EVENT, SAVE_ROWS } from './checkpoint.sql';
import { CheckpointMoved } from './projection.errors';

/** A read model of one generation: [projection, generation]. */
export type ReadModelIds = readonly [projection: string, generation: number];

/** Rows per statement: few round trips, and each statement's JSON stays small. */
const ROWS_PER_STATEMENT = 2_000;

/** Writes changed rows (null: removed) of one read model. */
export async function writeRows(
  client: Statements,
  ids: ReadModelIds,
  changes: ReadonlyMap<string, object | null>,
): Promise<void> {
  const saved: { key: string; row: object }[] = [];
  const removed: string[] = [];
  for (const [key, row] of changes) {
    if (row === null) removed.push(key);
    else saved.push({ key, row });
  }
  for (let i = 0; i < saved.length; i += ROWS_PER_STATEMENT) {
    await client.query({ text: SAVE_ROWS, values: [...ids, JSON.stringify(saved.slice(i, i + ROWS_PER_STATEMENT))] });
  }
  if (removed.length > 0) await client.query({ text: DELETE_ROWS, values: [...ids, removed] });
}

/** Moves the checkpoint from where its writer read it; throws when another runner moved it. */
export async function advanceCheckpoint(
  client: Statements,
  ids: ReadModelIds,
  from: LogPosition,
  to: LogPosition,
  events: number,
): Promise<void> {
  const { rowCount } = await client.query({
    text: ADVANCE_CHECKPOINT,
    values: [
      ...ids,
      from.commit.toString(),
      from.prepare.toString(),
      to.commit.toString(),
      to.prepare.toString(),
      events,
    ],
  });
  if (rowCount !== 1) throw new CheckpointMoved(...ids);
}

/** Moves a rebuild's pass over the streams from where its writer read it; as `advanceCheckpoint`. */
export async function advanceStreamPass(
  client: Statements,
  ids: ReadModelIds,
  from: StreamCursor,
  to: StreamCursor,
  events: number,
): Promise<void> {
  const { rowCount } = await client.query({
    text: ADVANCE_STREAM_PASS,
    values: [...ids, from.streamId, from.version, to.streamId, to.version, events],
  });
  if (rowCount !== 1) throw new CheckpointMoved(...ids);
}

/** Records an event the read model could not apply, with why. */
export async function parkEvent(
  client: Statements,
  ids: ReadModelIds,
  event: ReadModelEvent,
  attempts: number,
  error: unknown,
): Promise<void> {
  const reason = error instanceof Error ? error.message : String(error);
  await client.query({
    text: PARK_EVENT,
    values: [
      ...ids,
      event.eventId,
      event.streamId,
      event.version,
      event.type,
      event.position.commit.toString(),
      event.position.prepare.toString(),
      attempts,
      reason.slice(0, 2000),
    ],
  });
}
