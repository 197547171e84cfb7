import type { PoolClient } from 'pg';
import type { LogPosition, StoredEvent } from '@kemitraan/event-store';
import { ADVANCE_CHECKPOINT, PARK_EVENT } from './checkpoint.sql';
import { CheckpointMoved } from './projection.errors';

/** A read model of one generation: [projection, generation]. */
export type ReadModelIds = readonly [projection: string, generation: number];

/** Moves the checkpoint from where its writer read it; throws when another runner moved it. */
export async function advanceCheckpoint(
  client: PoolClient,
  ids: ReadModelIds,
  from: LogPosition,
  to: LogPosition,
  events: number,
): Promise<void> {
  const { rowCount } = await client.query(ADVANCE_CHECKPOINT, [
    ...ids,
    from.commit.toString(),
    from.prepare.toString(),
    to.commit.toString(),
    to.prepare.toString(),
    events,
  ]);
  if (rowCount !== 1) throw new CheckpointMoved(...ids);
}

/** Records an event the read model could not apply, with why. */
export async function parkEvent(
  client: PoolClient,
  ids: ReadModelIds,
  event: StoredEvent,
  attempts: number,
  error: unknown,
): Promise<void> {
  const reason = error instanceof Error ? error.message : String(error);
  await client.query(PARK_EVENT, [
    ...ids,
    event.eventId,
    event.streamId,
    event.version,
    event.type,
    event.position.commit.toString(),
    event.position.prepare.toString(),
    attempts,
    reason.slice(0, 2000),
  ]);
}
