import type { INestApplication, LoggerService } from '@nestjs/common';

/** A shutdown that takes longer ends the process anyway; DEPLOYMENT.md allows 30 seconds. */
export const SHUTDOWN_DEADLINE_MS = 25_000;

/**
 * Stops the server on SIGTERM or SIGINT: it stops taking requests and answers those in flight,
 * then stops the projection runners, closes the pool and the embedded PostgreSQL (Nest's shutdown
 * hooks), then exits with `process.exitCode` (0 unless a failure set it). A database that hangs
 * would hold the shutdown for ever, so past the deadline the process exits anyway: a command not
 * yet answered was not acknowledged, though it may be recorded (its COMMIT may have reached
 * PostgreSQL already), as after any lost connection; a retry with its Idempotency-Key tells. A
 * second signal exits at once.
 */
export function stopOnSignals(app: INestApplication, logger: LoggerService, deadlineMs = SHUTDOWN_DEADLINE_MS): void {
  let stopping = false;
  const stop = async (why: string): Promise<void> => {
    if (stopping) {
      logger.warn(`${why} again: exiting now.`);
      process.exit(process.exitCode || 1);
    }
    stopping = true;
    logger.log(`${why}: stopping (requests in flight are answered first).`);
    const deadline = setTimeout(() => {
      logger.error(`Not stopped ${deadlineMs / 1000} s after ${why}: exiting now.`);
      process.exit(process.exitCode || 1);
    }, deadlineMs);
    try {
      // Nest closes the HTTP server only after its shutdown hooks, such as stopping the read models,
      // which wait for the database: a stalled one kept the server taking new requests until the
      // deadline. So requests stop first, and those in flight are answered, before anything else.
      await app.getHttpAdapter().close();
      await app.close();
      logger.log('Stopped.');
    } catch (error) {
      logger.error(`Stopping failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode ||= 1;
    }
    clearTimeout(deadline);
    process.exit();
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, (s: NodeJS.Signals) => void stop(s));
  stopRequested = (why) => void stop(why);
}

let stopRequested: ((why: string) => void) | null = null;

/**
 * A SIGTERM or SIGINT that comes while the server starts is held (and `onHeld` told) until it
 * listens, then stops it as any other (`release` answers the signal, and main.ts sends it again):
 * ending the process midway left the embedded PostgreSQL it had just started running without it.
 * A second signal exits at once.
 */
export function holdStopUntilStarted(onHeld: (signal: NodeJS.Signals) => void): { release(): NodeJS.Signals | null } {
  let asked: NodeJS.Signals | null = null;
  const hold = (signal: NodeJS.Signals) => {
    if (asked) process.exit(1);
    asked = signal;
    onHeld(signal);
  };
  const signals = ['SIGTERM', 'SIGINT'] as const;
  for (const signal of signals) process.on(signal, hold);
  return {
    release: () => {
      for (const signal of signals) process.off(signal, hold);
      return asked;
    },
  };
}

/** Stops the server as a signal would, for a reason of its own, with `process.exitCode` set first. */
export function requestStop(why: string): void {
  if (stopRequested) stopRequested(why);
  else process.kill(process.pid, 'SIGTERM');
}
