/**
 * Requests refused with 503 while the store is unavailable, counted rather than logged one by
 * one: clients that retry at once would otherwise write a line and a stack per request, tens of
 * megabytes a minute, on the disk that may hold DATA_DIR. The first refusal is logged, then at
 * most one line per `everyMs` with how many it stands for.
 */
export class RefusalLog {
  private refusedSinceLine = 0;
  private lastLineAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly everyMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one refusal; answers how many a line written now stands for, or null: no line now. */
  refused(): number | null {
    this.refusedSinceLine += 1;
    const at = this.now();
    if (at - this.lastLineAt < this.everyMs) return null;
    const count = this.refusedSinceLine;
    this.refusedSinceLine = 0;
    this.lastLineAt = at;
    return count;
  }
}

/** The one count of this process's refusals, whichever path refused. */
export const UNAVAILABLE_REFUSALS = new RefusalLog();
