/** What a line about refusals says: how many since the last line, and the newest one's cause. */
export type RefusalLine = (refused: number, newestCause: string) => void;

/**
 * Requests refused with 503 while the store is unavailable, counted rather than logged one by
 * one: clients that retry at once would otherwise write a line and a stack per request, tens of
 * megabytes a minute, on the disk that may hold DATA_DIR. The first refusal is written at once;
 * later ones at most one line per `everyMs`, and those of an outage's last moments when their
 * period ends, even if no refusal follows.
 */
export class RefusalLog {
  private refused = 0;
  private newestCause = '';
  private lastLineAt = Number.NEGATIVE_INFINITY;
  private pending: NodeJS.Timeout | null = null;

  constructor(
    private readonly write: RefusalLine,
    private readonly everyMs = 10_000,
  ) {}

  /** Counts one refusal, writing a line now or when its period ends. */
  count(cause: string): void {
    this.refused += 1;
    this.newestCause = cause;
    const waitMs = this.lastLineAt + this.everyMs - Date.now();
    if (waitMs <= 0) this.flush();
    else this.pending ??= setTimeout(() => this.flush(), waitMs).unref();
  }

  private flush(): void {
    if (this.pending) clearTimeout(this.pending);
    this.pending = null;
    if (this.refused === 0) return;
    this.write(this.refused, this.newestCause);
    this.refused = 0;
    this.lastLineAt = Date.now();
  }
}
