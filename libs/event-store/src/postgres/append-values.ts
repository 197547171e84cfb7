import type { IdempotencyRecord, StreamAppend } from '../event-store.port';
import type { ChainedEvent } from '../hash-chain';
import type { GroupMember } from './append-groups';
import { EVENT_FIELDS, IDEMPOTENCY_FIELDS } from './event-log.sql';

/** One command's append, chained and ready to be written. */
export interface ChainedAppend {
  readonly appends: readonly StreamAppend[];
  readonly events: readonly ChainedEvent[];
  readonly idempotency?: IdempotencyRecord;
}

export const eventFields = (e: ChainedEvent): unknown[] => [
  e.streamId,
  e.version,
  e.eventId,
  e.type,
  JSON.stringify(e.data),
  JSON.stringify(e.metadata),
  e.hash,
  e.previousHash,
];

export const idempotencyFields = (record: IdempotencyRecord): unknown[] => [
  record.scope,
  record.key,
  record.fingerprint,
  JSON.stringify(record.result),
];

/** APPEND_GROUP's parameters: each event field, then each idempotency field, as one array. */
export function groupValues(group: readonly GroupMember<ChainedAppend>[]): unknown[][] {
  const eventColumns: unknown[][] = Array.from({ length: EVENT_FIELDS }, () => []);
  const keyColumns: unknown[][] = Array.from({ length: IDEMPOTENCY_FIELDS }, () => []);
  const add = (columns: unknown[][], fields: unknown[]) => fields.forEach((value, i) => columns[i]!.push(value));
  for (const { item } of group) {
    item.events.forEach((event) => add(eventColumns, eventFields(event)));
    if (item.idempotency) add(keyColumns, idempotencyFields(item.idempotency));
  }
  return [...eventColumns, ...keyColumns];
}
