import type { Pool } from 'pg';
import { START_OF_LOG, type EventStore } from '@kemitraan/event-store';
import type { Generations } from '../generations/read-model-generations';
import { positionOf, readCheckpoint } from './checkpoint-position';

/** How often the lags are read again while the generations stay the same. */
export const LAG_RECHECK_MS = 30_000;

/**
 * The live read models so far behind that a rebuild brings them up sooner than their runners
 * would: at least `behindAtLeast` events, and at least half the log. A runner reads in log order,
 * which on an interleaved log rewrites an agreement's row at nearly every event; a rebuild reads
 * stream by stream and writes each row once, about five times as fast (docs/RELIABILITY.md), but
 * it reads the whole log and redoes every read model. That is a log imported into a fresh
 * database, or a read model added by a release; a smaller lag is cheaper to catch up.
 */
export class LaggingReadModels {
  private last: { readonly of: Generations; readonly at: number; readonly names: ReadonlySet<string> } | null = null;

  constructor(
    private readonly pool: Pool,
    private readonly store: EventStore,
    private readonly projections: readonly string[],
    private readonly behindAtLeast: number,
  ) {}

  /**
   * The names of the live generation's read models that are that far behind; read again at once
   * when a rebuild starts or ends, so processes that share a database soon agree.
   */
  async of(generations: Generations): Promise<ReadonlySet<string>> {
    const { live, building } = generations;
    const last = this.last;
    const same = last !== null && last.of.live === live && last.of.building === building;
    if (same && performance.now() - last.at < LAG_RECHECK_MS) return last.names;
    const names = new Set<string>();
    let logLength: number | null = null;
    for (const projection of this.projections) {
      const position = positionOf(await readCheckpoint(this.pool, projection, live));
      // Counted exactly up to the threshold; further behind, both lags are bounds from log positions.
      const lag = await this.store.lagAfter(position, { exactUpTo: this.behindAtLeast });
      if (lag < this.behindAtLeast) continue;
      logLength ??= await this.store.lagAfter(START_OF_LOG, { exactUpTo: this.behindAtLeast });
      if (2 * lag >= logLength) names.add(projection);
    }
    this.last = { of: { live, building }, at: performance.now(), names };
    return names;
  }
}
