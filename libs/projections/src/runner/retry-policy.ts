/** How a runner retries an event that fails before parking it, and how it waits out an outage. */
export interface RetryPolicy {
  /** Attempts at one failing event, the first included, before it is parked. */
  readonly attempts: number;
  /** Wait before the n-th retry (1-based), in milliseconds. */
  delayMs(retry: number): number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 5,
  delayMs: (retry) => Math.min(100 * 4 ** (retry - 1), 10_000),
};

/** Back-off while the database or the log cannot be reached: never give up, never park. */
export const outageDelayMs = (failures: number): number => Math.min(250 * 2 ** Math.min(failures, 6), 15_000);
