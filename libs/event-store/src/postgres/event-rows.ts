import type { StoredEvent } from '../event-store.port';

/** A row of `events` as EVENT_COLUMNS reads it (event-log.sql.ts). */
export interface EventRow {
  stream_id: string;
  version: number;
  event_id: string;
  type: string;
  data: StoredEvent['data'];
  metadata: StoredEvent['metadata'];
  hash: string;
  previous_hash: string | null;
  prepare: string;
  commit: string;
}

export const toEvent = (row: EventRow): StoredEvent => ({
  streamId: row.stream_id,
  version: row.version,
  eventId: row.event_id,
  type: row.type,
  data: row.data,
  metadata: row.metadata,
  hash: row.hash,
  previousHash: row.previous_hash,
  position: { commit: BigInt(row.commit), prepare: BigInt(row.prepare) },
});
