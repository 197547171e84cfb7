/**
 * Wakes every waiting runner of this process at once when the log says something was appended,
 * so one LISTEN connection serves them all; a waiter that misses a ring wakes at its timeout.
 */
export class Ticker {
  private readonly waiters = new Set<() => void>();

  ring(): void {
    for (const wake of [...this.waiters]) wake();
  }

  wait(timeoutMs: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal.addEventListener('abort', done, { once: true });
      this.waiters.add(done);
    });
  }
}
