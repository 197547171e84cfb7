import { ErrorType, isCommandError } from '@kurrent/kurrentdb-client';
import { EventStoreUnavailable, IdempotencyKeyTaken, StreamVersionConflict } from '../event-store.errors';
import type { IdempotencyRecord, StreamAppend } from '../event-store.port';
import { idempotencyStream } from './esdb-event-mapping';

/** Errors that say the cluster could not be reached or could not answer in time. */
const UNAVAILABLE = new Set<string>([
  ErrorType.UNAVAILABLE,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.TIMEOUT,
  ErrorType.CANCELLED,
  ErrorType.NOT_LEADER,
]);

/** gRPC status codes (CANCELLED, DEADLINE_EXCEEDED, UNAVAILABLE) of errors the client passes on raw. */
const GRPC_UNREACHABLE = new Set([1, 4, 14]);

const isRawGrpcUnreachable = (error: unknown): boolean =>
  error instanceof Error &&
  !isCommandError(error) &&
  GRPC_UNREACHABLE.has((error as { code?: unknown }).code as number);

/**
 * The client's discovery of a cluster (a `+discover` or several-host connection string) gives up
 * with a plain Error of this message, not one of its CommandErrors (Client/discovery.js, 1.3.1).
 */
const DISCOVERY_FAILED = /^Failed to discover after \d+ attempts\.$/;

const isDiscoveryFailure = (error: unknown): boolean =>
  error instanceof Error && !isCommandError(error) && DISCOVERY_FAILED.test(error.message);

const typeOf = (error: unknown): string | null => (error instanceof Error && isCommandError(error) ? error.type : null);

export const isNotLeader = (error: unknown): boolean => typeOf(error) === ErrorType.NOT_LEADER;

export const isStreamNotFound = (error: unknown): boolean => typeOf(error) === ErrorType.STREAM_NOT_FOUND;

/** Any error of a read, in the port's words. */
export function translateReadError(error: unknown): unknown {
  const type = typeOf(error);
  const unreachable =
    (type !== null && UNAVAILABLE.has(type)) || isRawGrpcUnreachable(error) || isDiscoveryFailure(error);
  return unreachable ? new EventStoreUnavailable(error) : error;
}

/** An append's error in the port's words: which stream moved, or whose key was taken. */
export function translateAppendError(
  error: unknown,
  appends: readonly StreamAppend[],
  idempotency: IdempotencyRecord | undefined,
): unknown {
  const type = typeOf(error);
  if (type === ErrorType.WRONG_EXPECTED_VERSION || type === ErrorType.APPEND_CONSISTENCY_VIOLATION) {
    const stream = (error as { streamName?: unknown }).streamName;
    if (idempotency && stream === idempotencyStream(idempotency.scope, idempotency.key)) {
      return new IdempotencyKeyTaken(idempotency.scope, idempotency.key);
    }
    const moved = appends.find((a) => a.streamId === stream) ?? appends[0]!;
    return new StreamVersionConflict(moved.streamId, moved.expected.version);
  }
  return translateReadError(error);
}
