/** Which generation of the read models answers reads, and which one a rebuild is filling. */

export const CURRENT_GENERATIONS = 'select live, building from read_model_generations';

/** The live generation, as a sub-select: a read sees one generation in one statement. */
export const LIVE_GENERATION = '(select live from read_model_generations)';

/**
 * Milliseconds since the last switch-over (null before the first), and since the rebuild under
 * way last moved a checkpoint or was requested (null when none is under way).
 */
export const REBUILD_PACE = `
  select (extract(epoch from clock_timestamp() - g.switched_at) * 1000)::float8 as "sinceSwitchOverMs",
    (extract(epoch from clock_timestamp() - greatest(g.rebuild_requested_at,
      (select max(c.updated_at) from projection_checkpoints c where c.generation = g.building))) * 1000)::float8
      as "rebuildIdleMs"
  from read_model_generations g`;

export const LOCK_GENERATIONS = 'select live, building from read_model_generations for update';

export const START_BUILDING = `
  update read_model_generations
  set building = live + 1, rebuild_requested_at = clock_timestamp()
  where building is null
  returning building`;

export const CLEAR_GENERATION = [
  'delete from projection_rows where generation = $1',
  'delete from projection_checkpoints where generation = $1',
  'delete from parked_events where generation = $1',
];

export const MARK_CAUGHT_UP = `
  update projection_checkpoints set caught_up_at = coalesce(caught_up_at, clock_timestamp())
  where projection = $1 and generation = $2`;

/**
 * Read models of this process's list that have caught up, and whether any read model of the
 * generation (listed here or not: a process of another version may list more) is still in a pass
 * over the streams. Its checkpoint then has no place in the log a live runner could follow from.
 */
export const ALL_CAUGHT_UP = `
  select count(*) filter (where caught_up_at is not null and projection = any($2::text[]))::int as ready,
    bool_or(stream_pass_horizon is not null) as passing
  from projection_checkpoints where generation = $1`;

export const SWITCH_OVER = `
  update read_model_generations set live = building, building = null, switched_at = clock_timestamp()
  where building = $1`;

/**
 * Rows too (see RETIRE). The lowest generation of any row is the first entry of the generation
 * index (migration 0006), whatever PostgreSQL's statistics say. Asked as `exists (... where
 * generation < $1)`, a table never analyzed (a server without autovacuum) was scanned whole for
 * it: 81 to 123 ms on 200,000 rows of the live generation, against 0.16 ms this way
 * (performance-notes.md, fifth session of 2026-12-02).
 */
export const ANY_RETIRED = `
  select exists (select 1 from projection_checkpoints where generation < $1)
      or coalesce((select min(generation) from projection_rows) < $1, false) as any`;

/**
 * The checkpoints first, as every writer moves its checkpoint before it writes: their row locks
 * make a writer's last batch either commit before the rows are deleted (each statement sees what
 * committed before it started), or find its checkpoint gone and roll back. Rows first would miss
 * the rows of a batch committing meanwhile (ANY_RETIRED now looks for such rows too).
 */
export const RETIRE = [
  'delete from projection_checkpoints where generation < $1',
  'delete from projection_rows where generation < $1',
  'delete from parked_events where generation < $1',
];
