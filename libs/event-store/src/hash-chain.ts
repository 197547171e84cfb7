import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { NewEvent, StoredEvent, StreamTip } from './event-store.port';

export interface ChainedEvent extends NewEvent {
  readonly streamId: string;
  readonly version: number;
  readonly hash: string;
  readonly previousHash: string | null;
}

/**
 * SHA-256, in hex, of the RFC 8785 canonical JSON of everything recorded about the event and
 * the hash of the event before it in its stream. Anyone can recompute it offline.
 */
export function eventHash(event: Omit<ChainedEvent, 'hash'>): string {
  const { streamId, version, eventId, type, data, metadata, previousHash } = event;
  const canonical = canonicalize({ streamId, version, eventId, type, data, metadata, previousHash });
  if (canonical === undefined) throw new Error(`Event ${eventId} cannot be put in canonical JSON.`);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** Numbers and links new events onto the tip of their stream. */
export function chainEvents(streamId: string, tip: StreamTip, events: readonly NewEvent[]): ChainedEvent[] {
  const chained: ChainedEvent[] = [];
  let previousHash = tip.hash;
  for (const [i, event] of events.entries()) {
    const unsealed = { ...event, streamId, version: tip.version + i + 1, previousHash };
    const hash = eventHash(unsealed);
    chained.push({ ...unsealed, hash });
    previousHash = hash;
  }
  return chained;
}

export interface ChainVerification {
  readonly valid: boolean;
  readonly events: number;
  readonly firstBrokenVersion?: number;
}

/**
 * Checks a whole stream: versions from 1 without gaps, each hash recomputed and linked, and each
 * event dated, none before the one before it (an `asOf` read would show a state that never was; the
 * server never writes one, so only a hand that wrote around it can).
 */
export function verifyChain(events: readonly StoredEvent[]): ChainVerification {
  let previousHash: string | null = null;
  let previousAt = -Infinity;
  for (const [i, event] of events.entries()) {
    const at = Date.parse(event.metadata.at);
    const intact =
      event.version === i + 1 &&
      event.previousHash === previousHash &&
      eventHash(event) === event.hash &&
      // An undated event would also leave the next one unchecked.
      !Number.isNaN(at) &&
      !(at < previousAt);
    if (!intact) return { valid: false, events: events.length, firstBrokenVersion: i + 1 };
    previousHash = event.hash;
    previousAt = at;
  }
  return { valid: true, events: events.length };
}

export function tipOf(events: readonly StoredEvent[]): StreamTip {
  const last = events.at(-1);
  return last ? { version: last.version, hash: last.hash } : { version: 0, hash: null };
}
