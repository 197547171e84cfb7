/** The statements of the PostgreSQL event log (schema: libs/postgres/src/migrations). */

export const EVENT_COLUMNS = `
  stream_id, version, event_id, type, data, metadata, hash, previous_hash,
  global_position::text as prepare, transaction_id::text as commit`;

export const READ_STREAM = `select ${EVENT_COLUMNS} from events where stream_id = $1 order by version`;

export const READ_STREAM_FROM = `
  select ${EVENT_COLUMNS} from events where stream_id = $1 and version >= $2::integer order by version`;

/**
 * Only transactions older than every running one are read: their events can no longer be
 * joined by another that commits late with a smaller position. The horizon is the server's
 * (every database on it): a transaction left open anywhere holds readers back until it ends, so
 * production servers should set idle_in_transaction_session_timeout.
 */
const COMMITTED_AFTER = `
  from events
  where (transaction_id, global_position) > ($1::xid8, $2::bigint)
    and transaction_id < pg_snapshot_xmin(pg_current_snapshot())
  order by transaction_id, global_position
  limit $3`;

/** Events committed after a position, in log order, whole. */
export const READ_ALL = `select ${EVENT_COLUMNS} ${COMMITTED_AFTER}`;

/**
 * Every event of a transaction older than each running one has committed (or never will), and
 * each later transaction gets a larger id: (xmin, 0) splits the log as READ_ALL reads it.
 */
export const COMMITTED_HORIZON = `select pg_snapshot_xmin(pg_current_snapshot())::text as commit`;

/** The last event below a horizon in log order: one probe of the commit-order index, backwards. */
export const LAST_POSITION_BEFORE = `
  select transaction_id::text as commit, global_position::text as prepare from events
  where transaction_id < $1::xid8
  order by transaction_id desc, global_position desc
  limit 1`;

/**
 * The columns of an event as the read models fold it (ReadModelEvent): PostgreSQL picks who and
 * when out of the metadata, so the rest is neither sent nor parsed.
 */
export const READ_MODEL_EVENT_COLUMNS = `
  stream_id, version, event_id, type, data, metadata->'actor' as actor, metadata->>'at' as at,
  global_position::text as prepare, transaction_id::text as commit`;

/** READ_ALL, each event as the read models fold it. */
export const READ_ALL_FOR_READ_MODELS = `select ${READ_MODEL_EVENT_COLUMNS} ${COMMITTED_AFTER}`;

/** The log below a horizon, stream after stream: the (stream_id, version) index gives the order. */
export const READ_STREAMS_IN_ORDER = `
  select ${READ_MODEL_EVENT_COLUMNS} from events
  where (stream_id, version) > ($1, $2::integer) and transaction_id < $3::xid8
  order by stream_id, version
  limit $4`;

/**
 * How far a reader at ($1, $2) is behind, in one snapshot: the events after it counted up to $3
 * (at most $3 entries of the commit-order index are read, whatever the lag), and what
 * PostgresEventStore.lagAfter bounds a longer lag with: the last position, the first position of
 * the reader's transaction (or null), and how many processes the server may run at once. Each of
 * the last three is one index probe or a setting. The `order by` keeps both scans on the
 * commit-order index: with `limit`, nothing else stops early.
 */
export const LAG_AFTER = `
  select
    (select count(*)::int from (
      select 1 from events
      where (transaction_id, global_position) > ($1::xid8, $2::bigint)
      order by transaction_id, global_position
      limit $3) as unread) as counted,
    (select max(global_position) from events)::text as last,
    (select global_position from (
      select transaction_id, global_position from events
      where (transaction_id, global_position) > ($1::xid8, 0::bigint)
      order by transaction_id, global_position
      limit 1) as next
     where transaction_id = $1::xid8)::text as "firstOfTransaction",
    current_setting('max_connections')::int + current_setting('max_worker_processes')::int
      + current_setting('max_wal_senders')::int as sessions`;

/** Parameters per event, then for the idempotency record, in the append statements below. */
export const EVENT_FIELDS = 8;
export const IDEMPOTENCY_FIELDS = 4;

/** With a name, PostgreSQL parses and plans it once per connection, then only binds and runs it. */
export interface AppendStatement {
  readonly name?: string;
  readonly text: string;
}

/**
 * A command appends a few events, so those statements are prepared and kept on each connection;
 * a larger append (the bench's generator, an import) is parsed each time rather than kept.
 */
const PREPARED_UP_TO = 16;

const APPEND_STATEMENTS = new Map<number, AppendStatement>();

/**
 * One statement, so one transaction: the events of every stream (the chain trigger checks each
 * link) and the idempotency record, as typed parameters (`rows` events of EVENT_FIELDS each, then
 * scope, key, fingerprint and result). It sends no NOTIFY: PostgreSQL serialises the commits of
 * notifying transactions behind one lock, which would undo group commit under concurrent writers;
 * readers are woken after the commit instead (AppendAnnouncer). The events are inserted before
 * the idempotency record (an unreferenced CTE runs last), which PostgresEventStore.lagAfter's
 * bound relies on.
 */
export function appendStatement(rows: number): AppendStatement {
  if (rows > PREPARED_UP_TO) return { text: buildAppend(rows) };
  let statement = APPEND_STATEMENTS.get(rows);
  if (!statement)
    APPEND_STATEMENTS.set(rows, (statement = { name: `kemitraan-append-${rows}`, text: buildAppend(rows) }));
  return statement;
}

function buildAppend(rows: number): string {
  const values = Array.from({ length: rows }, (_, row) => {
    const p = (field: number) => `$${row * EVENT_FIELDS + field}`;
    return `(${p(1)}, ${p(2)}::integer, ${p(3)}::uuid, ${p(4)}, ${p(5)}::jsonb, ${p(6)}::jsonb, ${p(7)}, ${p(8)})`;
  });
  const idem = (field: number) => `$${rows * EVENT_FIELDS + field}`;
  const insert = rows
    ? `insert into events (stream_id, version, event_id, type, data, metadata, hash, previous_hash)
      values ${values.join(', ')} returning global_position`
    : 'select null::bigint as global_position where false';
  return `
    with appended as (${insert}), remembered as (
      insert into idempotency_keys (scope, key, fingerprint, result)
      select ${idem(1)}::text, ${idem(2)}::text, ${idem(3)}::text, ${idem(4)}::jsonb where ${idem(2)}::text is not null
    )
    select count(*)::int as appended from appended`;
}

export const NOTIFY_CHANNEL = 'kemitraan_events';

export const ANNOUNCE = `select pg_notify('${NOTIFY_CHANNEL}', '')`;

export const FIND_IDEMPOTENCY =
  'select scope, key, fingerprint, result from idempotency_keys where scope = $1 and key = $2';

/**
 * The appends of several commands in one statement (AppendGroups): the same guarantees as
 * appendStatement, with every field an array, so one prepared statement serves any group. The
 * events go in in the order given (`ordinality`), so the chain trigger finds each stream's
 * earlier event of the same group.
 */
export const APPEND_GROUP: AppendStatement = {
  name: 'kemitraan-append-group',
  text: `
    with appended as (
      insert into events (stream_id, version, event_id, type, data, metadata, hash, previous_hash)
      select stream_id, version, event_id, type, data, metadata, hash, previous_hash
      from unnest($1::text[], $2::integer[], $3::uuid[], $4::text[], $5::jsonb[], $6::jsonb[], $7::text[], $8::text[])
        with ordinality as e(stream_id, version, event_id, type, data, metadata, hash, previous_hash, n)
      order by n
      returning global_position
    ), remembered as (
      insert into idempotency_keys (scope, key, fingerprint, result)
      select * from unnest($9::text[], $10::text[], $11::text[], $12::jsonb[])
    )
    select count(*)::int as appended from appended`,
};
