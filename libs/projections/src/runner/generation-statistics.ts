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
 * rebuild, and only rebuilds that read rows back pay for them.
 */
export class GenerationStatistics {
  private analyzedAt = 0;

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
    this.log.info(`rebuild#${this.generation}: analyzing the read models' rows (${rows} in this generation).`);
    try {
      await this.analyze();
    } catch (error) {
      // Reading the rows back still works, only maybe slowly (a role that does not own the table).
      this.log.warn(`rebuild#${this.generation}: could not analyze the read models' rows: ${String(error)}.`);
    }
  }
}
