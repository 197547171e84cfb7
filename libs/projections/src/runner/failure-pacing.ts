import { outageDelayMs } from './retry-policy';

/**
 * How long to wait before starting again something that keeps failing: each failure in a row
 * waits longer (outageDelayMs), and one success starts the count afresh.
 */
export class FailurePacing {
  private failuresInARow = 0;

  /** Counts a failure; answers the wait, in milliseconds, before the next start. */
  failed(): number {
    return outageDelayMs(++this.failuresInARow);
  }

  succeeded(): void {
    this.failuresInARow = 0;
  }
}
