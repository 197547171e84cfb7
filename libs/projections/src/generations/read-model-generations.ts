import type { Pool } from 'pg';
import { boundedBy, COMMAND_ANSWER_MS, inTransaction, type Statements } from '@kemitraan/postgres';
import {
  ALL_CAUGHT_UP,
  ANY_RETIRED,
  CLEAR_GENERATION,
  CURRENT_GENERATIONS,
  LOCK_GENERATIONS,
  MARK_CAUGHT_UP,
  REBUILD_PACE,
  RETIRE,
  START_BUILDING,
  SWITCH_OVER,
} from './generations.sql';

/** How long a live generation found with nothing below it to retire is taken as still so. */
export const RECHECK_MS = 10 * 60_000;

export interface Generations {
  readonly live: number;
  readonly building: number | null;
}

export interface RebuildPace {
  /** Since the last switch-over; null before the first. */
  readonly sinceSwitchOverMs: number | null;
  /** Since the rebuild under way last moved a checkpoint, or was requested; null when none is. */
  readonly rebuildIdleMs: number | null;
}

/**
 * The switch-over of a rebuild: a fresh generation is filled beside the live one, and when
 * every projection of it has caught up with the log, one update makes it the live one.
 *
 * What the supervision reads every round (`current`, `pace`, whether anything is left to retire)
 * has a bound on PostgreSQL's answer (`answerWithinMs`, as a command's): sent into a network that
 * drops packets without a word, such a read held the supervision, and so every read model's new
 * runner, until the kernel's retransmissions got a reset, 47 s after a 60 s partition ended
 * (docs/RELIABILITY.md). The retirement's deletes and the switch-over have none: they may take long.
 */
export class ReadModelGenerations {
  /** The live generation below which this process last found nothing to retire, and when. */
  private clearBelow: { readonly live: number; readonly at: number } | null = null;
  /** The supervision's reads, each within the bound. */
  private readonly looks: Statements;

  constructor(
    private readonly pool: Pool,
    private readonly projections: readonly string[],
    /** Milliseconds on a monotonic clock (tests move it). */
    private readonly now: () => number = () => performance.now(),
    answerWithinMs: number = COMMAND_ANSWER_MS,
  ) {
    this.looks = boundedBy(pool, answerWithinMs);
  }

  async current(): Promise<Generations> {
    const { rows } = await this.looks.query<Generations>({ text: CURRENT_GENERATIONS });
    return rows[0]!;
  }

  async pace(): Promise<RebuildPace> {
    const { rows } = await this.looks.query<RebuildPace>({ text: REBUILD_PACE });
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

  /**
   * Removes the rows of generations no read can reach any more. It looks when the live generation
   * moves, and otherwise every RECHECK_MS: no writer of today's code can leave rows below the live
   * generation after its retirement (RETIRE), so a later look only finds what a process of an
   * older version left. Looking every second cost a database without autovacuum a walk of every
   * retired row's index entry each time (performance-notes.md, second session of 2026-12-02).
   */
  async retireOlderThan(live: number): Promise<void> {
    const last = this.clearBelow;
    if (last !== null && last.live === live && this.now() - last.at < RECHECK_MS) return;
    const { rows } = await this.looks.query<{ any: boolean }>({ text: ANY_RETIRED, values: [live] });
    if (rows[0]!.any) {
      await inTransaction(this.pool, async (client) => {
        for (const sql of RETIRE) await client.query(sql, [live]);
      });
    }
    this.clearBelow = { live, at: this.now() };
  }
}
