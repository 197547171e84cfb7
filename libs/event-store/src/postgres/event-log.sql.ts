/** The statements of the PostgreSQL event log (schema: libs/postgres/src/migrations). */

export const EVENT_COLUMNS = `
  stream_id, version, event_id, type, data, metadata, hash, previous_hash,
  global_position::text as prepare, transaction_id::text as commit`;

export const READ_STREAM = `select ${EVENT_COLUMNS} from events where stream_id = $1 order by version`;

/**
 * Only transactions older than every running one are read: their events can no longer be
 * joined by another that commits late with a smaller position. The horizon is the server's
 * (every database on it): a transaction left open anywhere holds readers back until it ends, so
 * production servers should set idle_in_transaction_session_timeout.
 */
export const READ_ALL = `
  select ${EVENT_COLUMNS} from events
  where (transaction_id, global_position) > ($1::xid8, $2::bigint)
    and transaction_id < pg_snapshot_xmin(pg_current_snapshot())
  order by transaction_id, global_position
  limit $3`;

export const COUNT_AFTER = `
  select count(*)::int as count from events where (transaction_id, global_position) > ($1::xid8, $2::bigint)`;

/**
 * One statement, so one transaction: the events of every stream (the chain trigger checks each
 * link), the idempotency record, and a wake-up for subscribers sent when it commits.
 */
export const APPEND = `
  with appended as (
    insert into events (stream_id, version, event_id, type, data, metadata, hash, previous_hash)
    select e.stream_id, e.version, e.event_id, e.type, e.data, e.metadata, e.hash, e.previous_hash
    from rows from (jsonb_to_recordset($1::jsonb) as (
      stream_id text, version integer, event_id uuid, type text, data jsonb, metadata jsonb,
      hash text, previous_hash text)) with ordinality as e
    order by e.ordinality
    returning global_position
  ), remembered as (
    insert into idempotency_keys (scope, key, fingerprint, result)
    select $2, $3, $4, $5::jsonb where $3::text is not null
  )
  select count(*)::int as appended, pg_notify('kemitraan_events', '') from appended`;

export const NOTIFY_CHANNEL = 'kemitraan_events';

export const FIND_IDEMPOTENCY =
  'select scope, key, fingerprint, result from idempotency_keys where scope = $1 and key = $2';
