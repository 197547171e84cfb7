import type { Pool, PoolClient } from 'pg';
import { checkOut } from '@kemitraan/postgres/checked-out';

/** Any fixed number: the namespace of projection leases among PostgreSQL advisory locks. */
export const LEASE_NAMESPACE = 7_263_548_002;
const LEASE_CLASS = LEASE_NAMESPACE % 2 ** 31;

export const leaseName = (projection: string, generation: number): string => `${projection}#${generation}`;

/** The lease, with a generation, of the one runner that fills a generation being rebuilt. */
export const REBUILD_LEASE = 'rebuild';

/**
 * Which read models this process may write: a session-level advisory lock per projection and
 * generation, all held on one connection. When the process dies its connection closes and the
 * locks go with it, so another process takes over; when the connection breaks, every lease is
 * lost at once and `onLost` tells the runners to stop.
 */
export class ProjectionLeases {
  private client: PoolClient | null = null;
  private readonly held = new Set<string>();
  /** One connection answers one query at a time: lease calls wait their turn. */
  private turn: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly pool: Pool,
    private readonly onLost: () => void,
  ) {}

  has(name: string): boolean {
    return this.held.has(name);
  }

  tryAcquire(name: string): Promise<boolean> {
    return this.inTurn(async () => {
      if (this.held.has(name)) return true;
      const client = await this.connection();
      const { rows } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1, hashtext($2)) as ok', [
        LEASE_CLASS,
        name,
      ]);
      if (rows[0]?.ok) this.held.add(name);
      return this.held.has(name);
    });
  }

  release(name: string): Promise<void> {
    return this.inTurn(async () => {
      if (!this.held.delete(name) || !this.client) return;
      await this.client.query('select pg_advisory_unlock($1, hashtext($2))', [LEASE_CLASS, name]);
    }).catch(() => undefined);
  }

  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const result = this.turn.then(work, work);
    this.turn = result.catch(() => undefined);
    return result;
  }

  /**
   * Gives every lease up and waits until PostgreSQL has let them go, then closes the connection.
   * Closing alone ends the session in the background, so a stopped process still held its leases
   * for a moment: the status it reported next, and a replica taking over, saw them held.
   */
  async giveUp(): Promise<void> {
    const client = this.client;
    if (client) await this.inTurn(() => client.query('select pg_advisory_unlock_all()')).catch(() => undefined);
    this.close();
  }

  close(): void {
    const client = this.client;
    this.client = null;
    this.held.clear();
    client?.release(true);
  }

  private async connection(): Promise<PoolClient> {
    if (this.client) return this.client;
    // Held until the lease is lost or closed, then dropped; listening from the pool's hand-over.
    const { client } = await checkOut(this.pool);
    client.on('error', () => {
      if (this.client !== client) return;
      this.close();
      this.onLost();
    });
    this.client = client;
    return client;
  }
}

/** Whether any process holds the lease (for the operations report). */
export const LEASE_HELD = `
  select exists (
    select 1 from pg_locks
    where locktype = 'advisory' and granted
      and database = (select oid from pg_database where datname = current_database())
      and classid = ${LEASE_CLASS}
      and objid::bigint = (hashtext($1)::bigint + 4294967296) % 4294967296 and objsubid = 2
  ) as held`;

/** How many sessions hold each projection lease of this database (never more than one). */
export const LEASE_HELD_ANYWHERE = `
  select count(*)::int as holders from pg_locks
  where locktype = 'advisory' and granted and classid = ${LEASE_CLASS}
    and database = (select oid from pg_database where datname = current_database())
  group by objid order by objid`;
