import type { AppendWatch } from './event-store.port';

/**
 * The waiting half of every AppendWatch: an adapter listens its own way and calls `notify` on
 * each append; a wake-up that comes between two waits is kept for the next one, and a listener
 * that fails only delays a reader until its poll interval, never skips.
 */
export abstract class AppendWakeups implements AppendWatch {
  private pending = false;
  private wake: (() => void) | null = null;

  /** Starts listening if not listening yet; must not throw. */
  protected abstract listen(): Promise<void> | void;
  abstract close(): void;

  protected notify(): void {
    this.pending = true;
    this.wake?.();
  }

  async wait(pollMs: number, signal: AbortSignal): Promise<void> {
    await this.listen();
    if (this.pending || signal.aborted) {
      this.pending = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, pollMs);
      signal.addEventListener('abort', done, { once: true });
      this.wake = done;
    });
    this.pending = false;
  }
}
