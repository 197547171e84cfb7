/**
 * The instant a command is decided at: now, but always after the stream's last event, so the
 * times of a stream strictly increase (an asOf read is never ambiguous) even if two servers'
 * clocks differ.
 */
export function decisionTime(now: Date, lastAt: string | null): string {
  const earliest = lastAt ? Date.parse(lastAt) + 1 : -Infinity;
  return new Date(Math.max(now.getTime(), earliest)).toISOString();
}
