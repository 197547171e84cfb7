import type { Pool } from 'pg';
import { inTransaction } from '@kemitraan/postgres';
import {
  ALL_CAUGHT_UP,
  ANY_RETIRED,
  CLEAR_GENERATION,
  CURRENT_GENERATIONS,
  LOCK_GENERATIONS,
  MARK_CAUGHT_UP,
  RETIRE,
  START_BUILDING,
  SWITCH_OVER,
} from './generations.sql';

export interface Generations {
  readonly live: number;
  readonly building: number | null;
}

/**
 * The switch-over of a rebuild: a fresh generation is filled beside the live one, and when
 * every projection of it has caught up with the log, one update makes it the live one.
 */
export class ReadModelGenerations {
  constructor(
    private readonly pool: Pool,
    private readonly projections: readonly string[],
  ) {}

  async current(): Promise<Generations> {
    const { rows } = await this.pool.query<Generations>(CURRENT_GENERATIONS);
    return rows[0]!;
  }

  /** Starts a rebuild, or answers the one already under way. */
  async requestRebuild(): Promise<Generations> {
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<Generations>(LOCK_GENERATIONS);
      const current = rows[0]!;
      if (current.building !== null) return current;
      for (const sql of CLEAR_GENERATION) await client.query(sql, [current.live + 1]);
      await client.query(START_BUILDING);
      return { live: current.live, building: current.live + 1 };
    });
  }

  /**
   * Marks one projection of the building generation as caught up; the last one to do so
   * switches the reads over. Answers whether this call switched.
   */
  async caughtUp(projection: string, generation: number): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<Generations>(LOCK_GENERATIONS);
      if (rows[0]!.building !== generation) return false;
      await client.query(MARK_CAUGHT_UP, [projection, generation]);
      const ready = await client.query<{ ready: number; passing: boolean }>(ALL_CAUGHT_UP, [
        generation,
        this.projections,
      ]);
      if (ready.rows[0]!.passing || ready.rows[0]!.ready < this.projections.length) return false;
      await client.query(SWITCH_OVER, [generation]);
      return true;
    });
  }

  /** Removes the rows of generations no read can reach any more. */
  async retireOlderThan(live: number): Promise<void> {
    const { rows } = await this.pool.query<{ any: boolean }>(ANY_RETIRED, [live]);
    if (!rows[0]!.any) return;
    await inTransaction(this.pool, async (client) => {
      for (const sql of RETIRE) await client.query(sql, [live]);
    });
  }
}
