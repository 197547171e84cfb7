import { START, streamNameFilter } from '@kurrent/kurrentdb-client';
import { START_OF_LOG, type LogPosition } from '../event-store.port';
import { IDEMPOTENCY_PREFIX } from './esdb-event-mapping';

/**
 * A LogPosition is EventStoreDB's own (commit, prepare) pair, so a checkpoint kept in PostgreSQL
 * holds it unchanged; (0, 0) is the start of `$all`.
 */
export const readFrom = (after: LogPosition): typeof START | LogPosition =>
  after.commit === START_OF_LOG.commit && after.prepare === START_OF_LOG.prepare ? START : after;

/** `$all` without the server's own streams and events, and without the idempotency records. */
export const applicationEvents = () => streamNameFilter({ regex: `^(?!\\$|${IDEMPOTENCY_PREFIX})` });

/**
 * A record the server writes into an application's own stream (the `$streamDeleted` tombstone of a
 * hard-deleted stream): the name filter above lets it through, and it is no event of Kemitraan's.
 */
export const isServerRecord = (event: { readonly type: string }): boolean => event.type.startsWith('$');
