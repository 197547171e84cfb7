import type { Migration } from './migration';

/**
 * An event is never dated before the event before it in its stream. The server dates each
 * event after the last (decision-time.ts), so only a row written around it can be out of order;
 * one dated earlier would make an `asOf` read show a state the agreement never had. Equal times
 * stay allowed: they are not misleading about what came first (the version says it).
 */
export const eventsDatedInOrder: Migration = {
  name: '0009-events-dated-in-order',
  up: `
    create or replace function events_follow_their_stream() returns trigger language plpgsql as $$
    declare
      previous_at text;
    begin
      if new.version = 1 then
        return new;
      end if;
      select e.metadata->>'at' into previous_at from events e
        where e.stream_id = new.stream_id and e.version = new.version - 1 and e.hash = new.previous_hash;
      if not found then
        raise exception 'event % of stream % does not follow the last event of its stream', new.version, new.stream_id
          using errcode = 'KM001';
      end if;
      if previous_at is not null and new.metadata->>'at' is not null
         and (new.metadata->>'at')::timestamptz < previous_at::timestamptz then
        raise exception 'event % of stream % is dated %, before the event before it (%)',
          new.version, new.stream_id, new.metadata->>'at', previous_at
          using errcode = 'check_violation', constraint = 'events_dated_in_order';
      end if;
      return new;
    end $$;
  `,
};
