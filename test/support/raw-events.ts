import type { Pool, PoolClient } from 'pg';
import { EMPTY_STREAM, chainEvents } from '@kemitraan/event-store';
import { anEvent } from '@kemitraan/event-store/testing/contract';

/**
 * Inserts the first event of a stream straight into `events`, bypassing the store: to hold a
 * transaction open across statements, or (`transactionIdsAhead`) to write a transaction id this
 * cluster has not handed out yet, as a logical dump of another cluster would.
 */
export function insertRawEvent(
  client: Pool | PoolClient,
  streamId: string,
  options: { transactionIdsAhead?: number } = {},
): Promise<unknown> {
  const [event] = chainEvents(streamId, EMPTY_STREAM, [anEvent()]);
  const fields = [event!.version, event!.eventId, event!.type, event!.data, event!.metadata, event!.hash];
  const ahead = options.transactionIdsAhead;
  if (ahead === undefined) {
    // The column's default, so the row draws its position before its transaction id, as the store's do.
    return client.query(
      `insert into events (stream_id, version, event_id, type, data, metadata, hash, previous_hash)
       values ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [streamId, ...fields, event!.previousHash],
    );
  }
  return client.query(
    `insert into events (transaction_id, stream_id, version, event_id, type, data, metadata, hash, previous_hash)
     values ((pg_snapshot_xmax(pg_current_snapshot())::text::bigint + $1)::text::xid8, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [ahead, streamId, ...fields, event!.previousHash],
  );
}
