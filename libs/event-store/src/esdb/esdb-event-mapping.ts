import { createHash } from 'node:crypto';
import type { AuditMetadata, IdempotencyRecord, JsonObject, StoredEvent, StreamTip } from '../event-store.port';
import type { ChainedEvent } from '../hash-chain';

/**
 * What an event looks like in EventStoreDB / KurrentDB. Metadata is a flat map of strings, the
 * only shape the atomic multi-stream append accepts, so one shape serves every append.
 */
export interface EsdbEventData {
  readonly id: string;
  readonly contentType: 'application/json';
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: Record<string, string>;
}

/** The part of a recorded event the adapter reads. */
export interface EsdbRecordedEvent {
  readonly streamId: string;
  readonly id: string;
  readonly revision: bigint;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly position?: { readonly commit: bigint; readonly prepare: bigint };
}

export const AUDIT = 'kemitraan.audit';
export const HASH = 'kemitraan.hash';
export const PREVIOUS_HASH = 'kemitraan.previousHash';

/** Streams of idempotency records: one per key, never read by projections. */
export const IDEMPOTENCY_PREFIX = 'idempotency-';

export function toEventData(event: ChainedEvent): EsdbEventData {
  return {
    id: event.eventId,
    contentType: 'application/json',
    type: event.type,
    data: event.data,
    metadata: {
      [AUDIT]: JSON.stringify(event.metadata),
      [HASH]: event.hash,
      [PREVIOUS_HASH]: event.previousHash ?? '',
    },
  };
}

function metadataOf(recorded: EsdbRecordedEvent): Record<string, string> {
  const metadata = recorded.metadata as Record<string, unknown> | undefined;
  const audit = metadata?.[AUDIT];
  const hash = metadata?.[HASH];
  if (typeof audit !== 'string' || typeof hash !== 'string') {
    throw new Error(
      `${recorded.streamId}@${recorded.revision} was not written by Kemitraan: it has no audit metadata.`,
    );
  }
  return metadata as Record<string, string>;
}

/** Versions count events from 1; EventStoreDB revisions count from 0. */
export function fromRecorded(recorded: EsdbRecordedEvent): StoredEvent {
  const metadata = metadataOf(recorded);
  const position = recorded.position;
  if (!position) throw new Error(`${recorded.streamId}@${recorded.revision} was read without its log position.`);
  return {
    streamId: recorded.streamId,
    version: Number(recorded.revision) + 1,
    eventId: recorded.id,
    type: recorded.type,
    data: recorded.data as JsonObject,
    metadata: JSON.parse(metadata[AUDIT]!) as AuditMetadata,
    hash: metadata[HASH]!,
    previousHash: metadata[PREVIOUS_HASH] || null,
    position: { commit: position.commit, prepare: position.prepare },
  };
}

/** The revision an append expects: none before the first event, else the tip's (version − 1). */
export const expectedRevision = (tip: StreamTip): 'no_stream' | bigint =>
  tip.version === 0 ? 'no_stream' : BigInt(tip.version - 1);

export const idempotencyStream = (scope: string, key: string): string =>
  `${IDEMPOTENCY_PREFIX}${createHash('sha256').update(`${scope}\u0000${key}`).digest('hex')}`;

export function idempotencyEvent(record: IdempotencyRecord, eventId: string): EsdbEventData {
  return {
    id: eventId,
    contentType: 'application/json',
    type: 'IdempotencyKeyUsed',
    data: { scope: record.scope, key: record.key, fingerprint: record.fingerprint, result: record.result },
    metadata: {},
  };
}

export function idempotencyFromData(data: unknown): IdempotencyRecord {
  const record = data as IdempotencyRecord;
  return { scope: record.scope, key: record.key, fingerprint: record.fingerprint, result: record.result };
}
