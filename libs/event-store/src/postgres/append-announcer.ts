import type { Pool } from 'pg';
import { ANNOUNCE } from './event-log.sql';

/**
 * Tells the log's listeners (on every server) that appends have committed: the first append
 * announces at once, and whatever commits in the next 50 ms is told in one more NOTIFY at the
 * end of them, so a busy server sends at most twenty a second however many appends it makes, and
 * each wakes every read model runner for one larger batch. A lost announcement only delays
 * readers until their next poll.
 */
export class AppendAnnouncer {
  private quiet = false;
  private pending = false;

  constructor(
    private readonly pool: Pool,
    private readonly everyMs = 50,
  ) {}

  announce(): void {
    if (this.quiet) {
      this.pending = true;
      return;
    }
    this.quiet = true;
    this.pool.query(ANNOUNCE).catch(() => undefined);
    setTimeout(() => {
      this.quiet = false;
      if (!this.pending) return;
      this.pending = false;
      this.announce();
    }, this.everyMs).unref();
  }
}
