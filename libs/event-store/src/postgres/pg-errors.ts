import { DatabaseError } from 'pg';
import { isUnavailable } from '@kemitraan/postgres/unavailable';
import { EventStoreUnavailable, IdempotencyKeyTaken, StreamVersionConflict } from '../event-store.errors';
import type { IdempotencyRecord, StreamAppend } from '../event-store.port';

/** Translates what PostgreSQL said about an append into the port's typed errors. */
export function appendError(
  error: unknown,
  appends: readonly StreamAppend[],
  idempotency?: IdempotencyRecord,
): unknown {
  if (isUnavailable(error)) return new EventStoreUnavailable(error);
  if (!(error instanceof DatabaseError)) return error;
  const conflicting = () => {
    const streamId =
      /stream (\S+) does not follow/.exec(error.message)?.[1] ??
      /\(stream_id, version\)=\((.+), \d+\)/.exec(error.detail ?? '')?.[1];
    const append = appends.find((a) => a.streamId === streamId) ?? appends[0];
    return new StreamVersionConflict(append?.streamId ?? 'unknown', append?.expected.version ?? 0);
  };
  if (error.code === 'KM001') return conflicting();
  if (error.code === '23505' && error.constraint === 'events_stream_version_unique') return conflicting();
  if (error.code === '23505' && error.constraint === 'idempotency_keys_pkey' && idempotency) {
    return new IdempotencyKeyTaken(idempotency.scope, idempotency.key);
  }
  return error;
}
