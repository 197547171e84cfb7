import type { Pool, PoolClient } from 'pg';
import type { AppendWatch } from '../event-store.port';
import { NOTIFY_CHANNEL } from './event-log.sql';

/**
 * Wakes a reader of the log when an append commits (PostgreSQL NOTIFY), or after `pollMs`
 * at the latest: a lost connection or a notification that never came only delays, never skips.
 */
export class LogWakeups implements AppendWatch {
  private client: PoolClient | null = null;
  private pending = false;
  private wake: (() => void) | null = null;

  constructor(private readonly pool: Pool) {}

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

  close(): void {
    const client = this.client;
    this.client = null;
    client?.release(true);
  }

  private async listen(): Promise<void> {
    if (this.client) return;
    try {
      const client = await this.pool.connect();
      client.on('notification', () => {
        this.pending = true;
        this.wake?.();
      });
      client.on('error', () => {
        if (this.client === client) this.close();
      });
      await client.query(`listen ${NOTIFY_CHANNEL}`);
      this.client = client;
    } catch {
      // Polling carries on; the next wait tries to listen again.
    }
  }
}
