import type { Pool, PoolClient } from 'pg';
import { AppendWakeups } from '../append-wakeups';
import { checkOut, type CheckedOut } from '@kemitraan/postgres/checked-out';
import { NOTIFY_CHANNEL } from './event-log.sql';

/**
 * Wakes a reader of the log when an append commits, through PostgreSQL LISTEN/NOTIFY, on one
 * connection of the pool. Every connection it takes goes back (closed) whatever happens to it: a
 * LISTEN that fails, a backend terminated, a close while a LISTEN is still under way. One kept
 * would hold a pool's place for good and leave `pool.end()` waiting at shutdown.
 */
export class LogWakeups extends AppendWakeups {
  private listener: { readonly client: PoolClient; readonly drop: () => void } | null = null;
  /** Lets go of the connection whose LISTEN is under way: a close must not wait for its answer. */
  private dropStarting: (() => void) | null = null;
  /** The LISTEN under way: waits that come meanwhile share it rather than take connections of their own. */
  private starting: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly pool: Pool) {
    super();
  }

  close(): void {
    this.closed = true;
    this.listener?.drop();
    this.dropStarting?.();
  }

  protected listen(): Promise<void> {
    if (this.listener || this.closed) return Promise.resolve();
    this.starting ??= this.startListening().finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  private async startListening(): Promise<void> {
    let connection: CheckedOut;
    try {
      connection = await checkOut(this.pool);
    } catch {
      return; // Polling carries on; the next wait tries to listen again.
    }
    if (this.closed) return connection.release(); // never listened: fit for the pool
    const { client } = connection;
    let dropped = false;
    const drop = (error?: unknown) => {
      if (dropped) return;
      dropped = true;
      if (this.listener?.client === client) this.listener = null;
      client.off('error', drop);
      client.removeAllListeners('notification');
      // Closed rather than pooled: a connection that listened would still get the notifications.
      connection.spoil(error ?? new Error('The LISTEN connection was let go.'));
      connection.release();
    };
    client.on('notification', () => this.notify());
    client.on('error', drop);
    this.dropStarting = drop;
    try {
      await client.query(`listen ${NOTIFY_CHANNEL}`);
    } catch (error) {
      drop(error);
      return;
    } finally {
      this.dropStarting = null;
    }
    if (this.closed || dropped) drop();
    else this.listener = { client, drop };
  }
}
