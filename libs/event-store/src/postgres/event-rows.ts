import type { ReadModelEvent, StoredEvent } from '../event-store.port';

/** What both ways of reading an event (EVENT_COLUMNS, READ_MODEL_EVENT_COLUMNS) have in common. */
interface CommonColumns {
  stream_id: string;
  version: number;
  event_id: string;
  type: string;
  data: StoredEvent['data'];
  prepare: string;
  commit: string;
}

/** A row of `events` as EVENT_COLUMNS reads it (event-log.sql.ts). */
export interface EventRow extends CommonColumns {
  metadata: StoredEvent['metadata'];
  hash: string;
  previous_hash: string | null;
}

/** A row of `events` as READ_MODEL_EVENT_COLUMNS reads it (event-log.sql.ts). */
export interface ReadModelEventRow extends CommonColumns {
  actor: ReadModelEvent['metadata']['actor'];
  at: string;
}

const positionOf = (row: CommonColumns) => ({ commit: BigInt(row.commit), prepare: BigInt(row.prepare) });

// Each literal written out, not spread from a shared one: these run for every event read.
export const toEvent = (row: EventRow): StoredEvent => ({
  streamId: row.stream_id,
  version: row.version,
  eventId: row.event_id,
  type: row.type,
  data: row.data,
  metadata: row.metadata,
  hash: row.hash,
  previousHash: row.previous_hash,
  position: positionOf(row),
});

export const toReadModelEvent = (row: ReadModelEventRow): ReadModelEvent => ({
  streamId: row.stream_id,
  version: row.version,
  eventId: row.event_id,
  type: row.type,
  data: row.data,
  metadata: { actor: row.actor, at: row.at },
  position: positionOf(row),
});
