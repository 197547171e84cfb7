import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive } from './postmaster';

export interface PostmasterWatchOptions {
  /** The pid of the postmaster running now; null when it cannot be read. */
  readonly pidNow: () => number | null;
  /** Starts PostgreSQL again on the same cluster, port and password. */
  readonly restart: () => Promise<void>;
  /** PostgreSQL died and could not be brought back: the process cannot serve any more. */
  readonly onLost: (reason: string) => void;
  readonly log: (message: string) => void;
  readonly pollMs?: number;
  /** The pause before a restart, as a service manager leaves one. */
  readonly restartAfterMs?: number;
  /** More deaths than this within `windowMs`, and PostgreSQL is not started again. */
  readonly restartsAtMost?: number;
  readonly windowMs?: number;
}

export interface PostmasterWatch {
  /** Stops watching: from now on the postmaster may stop without being started again. */
  stop(): void;
}

/**
 * Watches the PostgreSQL this process started. Killed under a running server (the OOM killer, a
 * mistaken `kill`), it would leave every command answering 503 for ever while `/health` said
 * the process was fine: it is started again instead, with crash recovery keeping every committed
 * event. Dying again and again, or failing to start, it is given up on: `onLost` then lets the
 * server stop, and a service manager start it afresh.
 */
export function watchPostmaster(options: PostmasterWatchOptions): PostmasterWatch {
  const { pollMs = 500, restartAfterMs = 1_000, restartsAtMost = 3, windowMs = 600_000 } = options;
  let watching = true;
  const deaths: number[] = [];

  const bringBack = async (pid: number | null): Promise<void> => {
    const now = Date.now();
    deaths.push(now);
    while (deaths[0]! < now - windowMs) deaths.shift();
    if (deaths.length > restartsAtMost) {
      watching = false;
      options.onLost(`PostgreSQL stopped ${deaths.length} times within ${windowMs / 60_000} minutes`);
      return;
    }
    options.log(`Embedded PostgreSQL ${pid ?? '(its pid file is gone)'} stopped unexpectedly; starting it again.`);
    await sleep(restartAfterMs);
    if (!watching) return;
    try {
      await options.restart();
      options.log(`Embedded PostgreSQL started again (process ${options.pidNow() ?? 'unknown'}).`);
    } catch (error) {
      watching = false;
      options.onLost(
        `PostgreSQL could not be started again: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };

  const watch = async (): Promise<void> => {
    while (watching) {
      await sleep(pollMs, undefined, { ref: false });
      const pid = options.pidNow();
      if (watching && (pid === null || !isAlive(pid))) await bringBack(pid);
    }
  };
  void watch();
  return {
    stop: () => {
      watching = false;
    },
  };
}
