import AsyncLock from 'async-lock';
import { WritersContending } from './application.errors';

/** As long as an append may wait for its turn to be sent (postgres-event-store.ts). */
const TURN_WAIT_MS = 5_000;

/**
 * Commands on one agreement take turns in this process, each deciding on the state the one before
 * it left. Without turns, concurrent commands on an agreement all decided on the same state, and
 * all but one were refused at the append and decided again: n of them cost about n²/2 appends, and
 * on a slow machine the last ones waited past their deadline. Writers in other processes are still
 * met by the append's expected version.
 */
export class AgreementTurns {
  private readonly lock: AsyncLock;

  constructor(waitMs = TURN_WAIT_MS) {
    this.lock = new AsyncLock({ timeout: waitMs });
  }

  /** Runs `work` once the commands before it on the agreement are done; refuses it, never run, after the wait. */
  async take<T>(agreementId: string, work: () => Promise<T>): Promise<T> {
    let started = false;
    try {
      return await this.lock.acquire(agreementId, () => {
        started = true;
        return work();
      });
    } catch (error) {
      if (!started) throw new WritersContending(agreementId);
      throw error;
    }
  }
}
