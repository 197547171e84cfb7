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

/** What a refused member of a group appended: its streams and idempotency record. */
export interface RefusableAppend {
  readonly appends: readonly StreamAppend[];
  readonly idempotency?: IdempotencyRecord;
}

/**
 * Which of a group's appends PostgreSQL refused it for: the chain trigger names the stream of the
 * row it refused, and a unique violation the stream (no stream is twice in a group), or the
 * idempotency scope and key. -1 when the error names no single member (a deadlock, say).
 */
export function refusedMember(error: unknown, members: readonly RefusableAppend[]): number {
  if (!(error instanceof DatabaseError)) return -1;
  const named = (member: RefusableAppend): boolean => {
    if (error.code === 'KM001')
      return member.appends.some((a) => error.message.includes(` of stream ${a.streamId} does not follow`));
    if (error.code !== '23505') return false;
    if (error.constraint === 'events_stream_version_unique')
      return member.appends.some((a) => (error.detail ?? '').includes(`=(${a.streamId}, `));
    const record = member.idempotency;
    return (
      error.constraint === 'idempotency_keys_pkey' &&
      !!record &&
      (error.detail ?? '').includes(`=(${record.scope}, ${record.key})`)
    );
  };
  const matching = members.flatMap((member, at) => (named(member) ? [at] : []));
  return matching.length === 1 ? matching[0]! : -1;
}

/**
 * SQLSTATEs after which the statement certainly rolled back and the session goes on: the log's
 * own triggers, data and integrity errors, a statement PostgreSQL could not run, a deadlock or
 * serialization failure, a lock not granted, a cancelled statement. Anything else (a session
 * ended, a failure while committing, an error of unknown kind) may have followed the commit.
 */
const CERTAINLY_ROLLED_BACK = /^(KM001|22...|23...|42...|54...|40001|40P01|55P03|57014)$/;

/**
 * Refusals of what a statement asked (the chain trigger, a constraint, bad data, a deadlock or a
 * serialization failure): the session that ran it is as good as before. Anything else, such as a
 * server shutting down or a standby that cannot write, may be the connection's own state. The
 * SQLSTATE alone decides: none of these comes as a fatal error, and the severity PostgreSQL
 * sends is in the server's language (`FEHLER`, not `ERROR`, under a German `lc_messages`).
 */
const REFUSED_FOR_ITS_CONTENT = /^(KM001|22...|23...|40001|40P01)$/;

/** Whether the connection an append was refused on can serve the next statement. */
export function refusedForItsContent(error: unknown): boolean {
  return error instanceof DatabaseError && REFUSED_FOR_ITS_CONTENT.test(error.code ?? '');
}

/** Whether PostgreSQL refused the statement as a whole, so that none of it was written. */
export function refusedWhole(error: unknown): boolean {
  return error instanceof DatabaseError && CERTAINLY_ROLLED_BACK.test(error.code ?? '');
}
