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

/**
 * SQLSTATEs after which the statement certainly rolled back and the session goes on: the log's
 * own triggers, data and integrity errors, a statement PostgreSQL could not run, a deadlock or
 * serialization failure, a lock not granted, a cancelled statement. Anything else (a session
 * ended, a failure while committing, an error of unknown kind) may have followed the commit.
 */
const CERTAINLY_ROLLED_BACK = /^(KM001|22...|23...|42...|54...|40001|40P01|55P03|57014)$/;

/** Whether PostgreSQL refused the statement as a whole, so that none of it was written. */
export function refusedWhole(error: unknown): boolean {
  return error instanceof DatabaseError && CERTAINLY_ROLLED_BACK.test(error.code ?? '');
}
