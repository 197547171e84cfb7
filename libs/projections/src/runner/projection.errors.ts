import type { ReadModelEvent } from '@kemitraan/event-store';

/** A projection could not apply an event: the same event will fail again (a poison event). */
export class ProjectionFailed extends Error {
  constructor(
    readonly projection: string,
    readonly event: ReadModelEvent,
    override readonly cause: unknown,
  ) {
    super(
      `${projection} could not apply ${event.type} ${event.streamId}@${event.version}: ${
        cause instanceof Error ? cause.message : String(cause)
      }`,
    );
  }
}

/** Another runner moved the checkpoint: this one no longer holds the read model, and stops. */
export class CheckpointMoved extends Error {
  constructor(
    readonly projection: string,
    readonly generation: number,
  ) {
    super(`The checkpoint of ${projection} (generation ${generation}) was moved by another runner.`);
  }
}

/**
 * SQLSTATE classes of errors that come back whatever the retry: bad data (22), a refused row
 * (23) or a row beyond the server's limits (54). Anything else (a lost connection, a restart)
 * is waited out, never parked.
 */
const DETERMINISTIC_SQLSTATE = /^(22|23|54)/;

export function isPoison(error: unknown): boolean {
  if (error instanceof ProjectionFailed) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && DETERMINISTIC_SQLSTATE.test(code);
}
