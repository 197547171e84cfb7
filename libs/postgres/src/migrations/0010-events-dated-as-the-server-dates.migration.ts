import type { Migration } from './migration';

/**
 * 0009 compared event times as `timestamptz`, so a time PostgreSQL cannot read (written around
 * the server) made every later append to its stream fail with a cast error. The server dates
 * every event as JavaScript's `toISOString` does (UTC, milliseconds, fixed width), in which text
 * order is time order: an event dated otherwise is refused, and times compare as text (byte
 * order, whatever the database's collation), with no cast that can fail.
 */
export const eventsDatedAsTheServerDates: Migration = {
  name: '0010-events-dated-as-the-server-dates',
  up: `
    create or replace function events_follow_their_stream() returns trigger language plpgsql as $$
    declare
      previous_at text;
      dated text := new.metadata->>'at';
    begin
      if dated is null or dated !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[.][0-9]{3}Z$' then
        raise exception 'event % of stream % is dated %, not as the server dates events (like 2025-08-04T02:00:00.000Z)',
          new.version, new.stream_id, coalesce(dated, 'nowhere')
          using errcode = 'check_violation', constraint = 'events_dated_as_the_server_dates';
      end if;
      if new.version = 1 then
        return new;
      end if;
      select e.metadata->>'at' into previous_at from events e
        where e.stream_id = new.stream_id and e.version = new.version - 1 and e.hash = new.previous_hash;
      if not found then
        raise exception 'event % of stream % does not follow the last event of its stream', new.version, new.stream_id
          using errcode = 'KM001';
      end if;
      if dated collate "C" < previous_at collate "C" then
        raise exception 'event % of stream % is dated %, before the event before it (%)',
          new.version, new.stream_id, dated, previous_at
          using errcode = 'check_violation', constraint = 'events_dated_in_order';
      end if;
      return new;
    end $$;
  `,
};
