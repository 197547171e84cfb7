import type { Generations, ReadModelGenerations } from '../generations/read-model-generations';
import type { LaggingReadModels } from './lagging-read-models';
import type { RunnerLog } from './projection-runner';

/**
 * How long a rebuild may go without moving a checkpoint before the read models left to it are
 * run again: a thread that keeps failing (REBUILD_HEAP_MB too small, say) waits at most 15 s
 * between attempts, and a healthy one moves its checkpoints at every flush.
 */
export const REBUILD_STALLED_AFTER_MS = 2 * 60_000;

/**
 * No rebuild is started for read models far behind this soon after a switch-over. A rebuild that
 * left one out (a process of an older version, which does not know a read model a release added,
 * may take the rebuild's lease and switch over without it) would otherwise start the next at once.
 */
export const NO_REBUILD_AGAIN_WITHIN_MS = 10 * 60_000;

const NONE: ReadonlySet<string> = new Set();

export interface RebuildDecision {
  /** The generations after any rebuild this round started. */
  readonly generations: Generations;
  /** Live read models whose runners are not to run: a rebuild under way will replace them. */
  readonly leftToRebuild: ReadonlySet<string>;
}

/**
 * Each round of the supervisor: starts a rebuild for live read models far behind the log
 * (LaggingReadModels), and leaves them to it while it makes progress. A rebuild that stops moving
 * gives them back to their runners, so nothing waits forever on a rebuild that cannot finish.
 */
export class LeftToRebuild {
  private said = '';

  constructor(
    private readonly lagging: LaggingReadModels,
    private readonly generations: ReadModelGenerations,
    private readonly log: RunnerLog,
    private readonly stalledAfterMs = REBUILD_STALLED_AFTER_MS,
  ) {}

  async decide(current: Generations): Promise<RebuildDecision> {
    const lagging = await this.lagging.of(current);
    if (lagging.size === 0) return { generations: current, leftToRebuild: NONE };
    const names = [...lagging].join(', ');
    const { sinceSwitchOverMs, rebuildIdleMs } = await this.generations.pace();
    if (current.building === null) {
      if (sinceSwitchOverMs !== null && sinceSwitchOverMs < NO_REBUILD_AGAIN_WITHIN_MS) {
        this.sayOnce(
          `Read models far behind the log (${names}) catch up in log order: the last rebuild switched over less than ${NO_REBUILD_AGAIN_WITHIN_MS / 60_000} minutes ago.`,
        );
        return { generations: current, leftToRebuild: NONE };
      }
      const generations = await this.generations.requestRebuild();
      this.sayOnce(
        `Read models far behind the log (${names}): rebuilding every read model as generation ` +
          `${generations.building}, which reads the log stream by stream, rather than catching up in log order.`,
      );
      return { generations, leftToRebuild: lagging };
    }
    if (rebuildIdleMs !== null && rebuildIdleMs >= this.stalledAfterMs) {
      this.sayOnce(
        `The rebuild of generation ${current.building} has not moved for ${Math.round(rebuildIdleMs / 1000)} s: ` +
          `read models far behind the log (${names}) catch up in log order meanwhile.`,
        'warn',
      );
      return { generations: current, leftToRebuild: NONE };
    }
    return { generations: current, leftToRebuild: lagging };
  }

  /** Each decision is logged when it is first taken, not every round. */
  private sayOnce(message: string, level: 'info' | 'warn' = 'info'): void {
    const what = message.replace(/\d+ s:/, '');
    if (what === this.said) return;
    this.said = what;
    this.log[level](message);
  }
}
