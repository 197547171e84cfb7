import type { Migration } from './migration';

/**
 * The read models: rows of every projection, kept per generation so that a rebuild fills a
 * fresh generation beside the live one and switches over in one update. Checkpoints live in
 * the same database as the rows, so a row and its checkpoint are written in one transaction.
 */
export const readModels: Migration = {
  name: '0003-read-models',
  up: `
    create table read_model_generations (
      singleton boolean primary key default true check (singleton),
      live integer not null,
      building integer check (building > live),
      rebuild_requested_at timestamptz,
      switched_at timestamptz
    );
    insert into read_model_generations (live) values (1);

    create table projection_checkpoints (
      projection text not null,
      generation integer not null,
      commit_position bigint not null default 0,
      prepare_position bigint not null default 0,
      events_read bigint not null default 0,
      caught_up_at timestamptz,
      updated_at timestamptz not null default clock_timestamp(),
      primary key (projection, generation)
    );

    create table projection_rows (
      projection text not null,
      generation integer not null,
      key text not null,
      row jsonb not null,
      primary key (projection, generation, key)
    );
    create index projection_rows_contents on projection_rows using gin (row jsonb_path_ops);

    create table parked_events (
      projection text not null,
      generation integer not null,
      event_id uuid not null,
      stream_id text not null,
      version integer not null,
      type text not null,
      commit_position bigint not null,
      prepare_position bigint not null,
      attempts integer not null,
      error text not null,
      parked_at timestamptz not null default clock_timestamp(),
      primary key (projection, generation, event_id)
    );
  `,
};
