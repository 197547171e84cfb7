/** Statements of the runner: checkpoints, rows and parked events of one projection generation. */

/** A retired generation is never started again: its rows could not be read by anyone. */
export const ENSURE_CHECKPOINT = `
  insert into projection_checkpoints (projection, generation)
  select $1, $2 where $2 >= (select live from read_model_generations)
  on conflict do nothing`;

/** A row of READ_CHECKPOINT. */
export interface CheckpointRow {
  readonly commit: string;
  readonly prepare: string;
  readonly read: string;
  readonly pass_horizon: string | null;
  readonly pass_stream: string | null;
  readonly pass_version: number | null;
}

export const READ_CHECKPOINT = `
  select commit_position::text as commit, prepare_position::text as prepare, events_read::text as read,
    stream_pass_horizon::text as pass_horizon, stream_pass_stream as pass_stream, stream_pass_version as pass_version
  from projection_checkpoints where projection = $1 and generation = $2`;

/**
 * Compare-and-set: moves only from where this runner read it, so two runners can never both write.
 * Never along the log while a pass over the streams holds the read model: its position then
 * says nothing of the rows written.
 */
export const ADVANCE_CHECKPOINT = `
  update projection_checkpoints
  set commit_position = $5, prepare_position = $6, events_read = events_read + $7, updated_at = clock_timestamp()
  where projection = $1 and generation = $2 and commit_position = $3 and prepare_position = $4
    and stream_pass_horizon is null`;

/** A rebuild's read model still at the log's start enters a pass over the streams (compare-and-set). */
export const START_STREAM_PASS = `
  update projection_checkpoints
  set stream_pass_horizon = $3, stream_pass_stream = '', stream_pass_version = 0, updated_at = clock_timestamp()
  where projection = $1 and generation = $2 and commit_position = 0 and prepare_position = 0
    and stream_pass_horizon is null`;

/** Compare-and-set, as ADVANCE_CHECKPOINT, along the streams. */
export const ADVANCE_STREAM_PASS = `
  update projection_checkpoints
  set stream_pass_stream = $5, stream_pass_version = $6, events_read = events_read + $7, updated_at = clock_timestamp()
  where projection = $1 and generation = $2 and stream_pass_stream = $3 and stream_pass_version = $4`;

/**
 * The pass has read every stream up to its horizon: the read model goes on in log order from the
 * last event before the horizon ($5, $6).
 */
export const FINISH_STREAM_PASS = `
  update projection_checkpoints
  set commit_position = $5, prepare_position = $6, stream_pass_horizon = null,
    stream_pass_stream = null, stream_pass_version = null, updated_at = clock_timestamp()
  where projection = $1 and generation = $2 and stream_pass_stream = $3 and stream_pass_version = $4`;

/**
 * Each key is looked up in the primary key on its own, whatever PostgreSQL's statistics say. With
 * `key = any($3)`, a table never analyzed (a server without autovacuum, or rows written faster
 * than autovacuum analyzes them) is taken for a handful of rows, and the planner filters every row
 * of the generation instead: 1.9 s for 500 keys among 170,000 rows, against 5 ms key by key.
 * `offset 0` keeps the subquery from being turned into a join, which the planner would hash the
 * same way (docs/performance-notes.md, fourth session of 2026-12-02).
 */
export const LOAD_ROWS = `
  select r.key, r.row from unnest($3::text[]) as wanted(key)
  cross join lateral (
    select key, row from projection_rows
    where projection = $1 and generation = $2 and key = wanted.key
    offset 0
  ) as r`;

/** Fresh statistics for the planner (generation-statistics.ts). */
export const ANALYZE_ROWS = `analyze projection_rows`;

/** The keys of a read model's rows in one generation: an index-only scan of the primary key. */
export const ROW_KEYS = `select key from projection_rows where projection = $1 and generation = $2`;

/** How many rows a read model has in one generation: an index-only scan of the primary key. */
export const ROW_COUNT = `select count(*)::int as rows from projection_rows where projection = $1 and generation = $2`;

export const SAVE_ROWS = `
  insert into projection_rows (projection, generation, key, row)
  select $1, $2, r.key, r.row from jsonb_to_recordset($3::jsonb) as r(key text, row jsonb)
  on conflict (projection, generation, key) do update set row = excluded.row`;

/** Rows under keys the read model has none under (copy-rows.ts). */
export const COPY_ROWS = `copy projection_rows (projection, generation, key, row) from stdin`;

export const DELETE_ROWS = `
  delete from projection_rows where projection = $1 and generation = $2 and key = any($3::text[])`;

export const PARK_EVENT = `
  insert into parked_events
    (projection, generation, event_id, stream_id, version, type, commit_position, prepare_position, attempts, error)
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
  on conflict do nothing`;
