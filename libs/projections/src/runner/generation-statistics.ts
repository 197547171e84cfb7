import type { RunnerLog } from './projection-runner';

/** Below this many rows, reading a generation's rows back is cheap whatever plan PostgreSQL picks. */
export const ANALYZE_FROM_ROWS = 5_000;

/**
 * Keeps PostgreSQL's statistics of a generation being rebuilt close to its size. The generation
 * grows from nothing during the rebuild, faster than autovacuum analyzes it, so the planner takes
 * it for a handful of rows. Reading rows back no longer depends on that (LOAD_ROWS looks each key
 * up on its own); removing rows by key (DELETE_ROWS, which no read model of the product does)
 * still does, and the lists' and reports' queries are planned from the same statistics once the
 * generation goes live. Analyzing each time the generation has doubled costs a few analyses per
 * rebuild, and only rebuilds that read rows back pay for them; every rebuild pays for one more
 * before its generation answers reads.
 */
export class GenerationStatistics {
  private analyzedAt = 0;
  private analyzedForReads = false;

  constructor(
    private readonly analyze: () => Promise<void>,
    private readonly log: RunnerLog,
    private readonly generation: number,
    private readonly fromRows = ANALYZE_FROM_ROWS,
  ) {}

  /** Before reading rows back from a generation that holds `rows` rows. */
  async beforeReadingBack(rows: number): Promise<void> {
    if (rows < this.fromRows || rows < 2 * this.analyzedAt) return;
    this.analyzedAt = rows;
    await this.analyzeLogged(`(${rows} in this generation)`);
  }

  /**
   * Once, when the generation has read the log to its end and is about to answer reads. A pass
   * over the streams reads nothing back, so without this a rebuilt generation went live with
   * whatever statistics the table had: on a log imported into a server without autovacuum, none,
   * and listing the 614 proposed agreements of 163,304 took 495 ms instead of 13
   * (performance-notes.md, ninth session of 2026-12-03).
   */
  async beforeAnsweringReads(rows: number): Promise<void> {
    if (this.analyzedForReads) return;
    this.analyzedForReads = true;
    await this.analyzeLogged(`before they answer reads (${rows} in this generation)`);
  }

  private async analyzeLogged(why: string): Promise<void> {
    this.log.info(`rebuild#${this.generation}: analyzing the read models' rows ${why}.`);
    try {
      await this.analyze();
    } catch (error) {
      // The rebuild goes on; reading rows back, and reads, may only be slower (a role that does not own the table).
      this.log.warn(`rebuild#${this.generation}: could not analyze the read models' rows: ${String(error)}.`);
    }
  }
}
