import type { Pool, PoolClient } from 'pg';
import { AppendWakeups } from '../append-wakeups';
import { checkOut } from '@kemitraan/postgres/checked-out';
import { NOTIFY_CHANNEL } from './event-log.sql';

/** Wakes a reader of the log when an append commits, through PostgreSQL LISTEN/NOTIFY. */
export class LogWakeups extends AppendWakeups {
  private client: PoolClient | null = null;

  constructor(private readonly pool: Pool) {
    super();
  }

  close(): void {
    const client = this.client;
    this.client = null;
    client?.release(true);
  }

  protected async listen(): Promise<void> {
    if (this.client) return;
    try {
      const { client } = await checkOut(this.pool);
      client.on('notification', () => this.notify());
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
