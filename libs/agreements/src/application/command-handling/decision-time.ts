import type { StoredEvent } from '@kemitraan/event-store';

/**
 * The instant a command is decided at: now, but always after the stream's last event, so the
 * times of a stream strictly increase (an asOf read is never ambiguous) even if two servers'
 * clocks differ.
 */
export function decisionTime(now: Date, events: readonly StoredEvent[]): string {
  const last = events.at(-1)?.metadata.at;
  const earliest = last ? Date.parse(last) + 1 : -Infinity;
  return new Date(Math.max(now.getTime(), earliest)).toISOString();
}
