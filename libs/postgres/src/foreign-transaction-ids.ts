import type { Pool } from 'pg';

/**
 * Readers of the whole log order it by transaction id and read only below the oldest running
 * transaction (libs/event-store READ_ALL). A logical dump restored into another cluster keeps the
 * old cluster's ids, which this cluster has not reached: the restored events would stay unread
 * and new ones would sort before them, so the read models would be rebuilt without them.
 */
const NEWEST_AGAINST_NEXT = `
  select (select max(transaction_id) from events)::text as newest,
         pg_snapshot_xmax(pg_current_snapshot())::text as next`;

export class ForeignTransactionIds extends Error {}

/** Refuses a log holding transaction ids this cluster has not handed out yet. */
export async function assertLogFromThisCluster(pool: Pool): Promise<void> {
  const { rows } = await pool.query<{ newest: string | null; next: string }>(NEWEST_AGAINST_NEXT);
  const { newest, next } = rows[0]!;
  if (newest === null || BigInt(newest) < BigInt(next)) return;
  throw new ForeignTransactionIds(
    `The event log holds transaction id ${newest}, and this PostgreSQL cluster has only reached ${next}: ` +
      'it was restored from a logical dump (pg_dump) of another cluster, and its events could not be read in order. ' +
      'Nothing was changed. Restore from a physical copy instead (the stopped DATA_DIR, pg_basebackup); see docs/DEPLOYMENT.md.',
  );
}
