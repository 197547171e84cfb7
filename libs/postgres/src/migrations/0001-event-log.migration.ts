import type { Migration } from './migration';

/**
 * The event log. `transaction_id` lets readers of the whole log skip nothing when concurrent
 * transactions commit out of the order of their positions; the triggers keep each stream's hash
 * chain unbroken and every recorded event unchanged.
 */
export const eventLog: Migration = {
  name: '0001-event-log',
  up: `
    create table events (
      global_position bigint generated always as identity primary key,
      transaction_id xid8 not null default pg_current_xact_id(),
      stream_id text not null,
      version integer not null check (version > 0),
      event_id uuid not null unique,
      type text not null,
      data jsonb not null,
      metadata jsonb not null,
      hash text not null check (hash ~ '^[0-9a-f]{64}$'),
      previous_hash text check (previous_hash ~ '^[0-9a-f]{64}$'),
      recorded_at timestamptz not null default clock_timestamp(),
      constraint events_stream_version_unique unique (stream_id, version),
      constraint events_chain_starts_at_one check ((version = 1) = (previous_hash is null))
    );

    create index events_commit_order on events (transaction_id, global_position);

    create function events_follow_their_stream() returns trigger language plpgsql as $$
    begin
      if new.version > 1 and not exists (
        select 1 from events e
        where e.stream_id = new.stream_id and e.version = new.version - 1 and e.hash = new.previous_hash
      ) then
        raise exception 'event % of stream % does not follow the last event of its stream', new.version, new.stream_id
          using errcode = 'KM001';
      end if;
      return new;
    end $$;

    create trigger events_chain before insert on events
      for each row execute function events_follow_their_stream();

    create function events_are_immutable() returns trigger language plpgsql as $$
    begin
      raise exception 'recorded events are never changed or deleted; record a correcting event instead'
        using errcode = 'KM002';
    end $$;

    create trigger events_immutable before update or delete on events
      for each row execute function events_are_immutable();
    create trigger events_not_truncated before truncate on events
      for each statement execute function events_are_immutable();

    create table idempotency_keys (
      scope text not null,
      key text not null,
      fingerprint text not null,
      result jsonb not null,
      recorded_at timestamptz not null default clock_timestamp(),
      primary key (scope, key)
    );
  `,
};
