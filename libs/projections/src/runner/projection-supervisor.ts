import type { Pool } from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EventStore } from '@kemitraan/event-store';
import { ReadModelGenerations, type Generations } from '../generations/read-model-generations';
import type { AnyProjection } from '../projection';
import { FailurePacing } from './failure-pacing';
import { LaggingReadModels } from './lagging-read-models';
import { LeftToRebuild } from './left-to-rebuild';
import { leaseName, ProjectionLeases, REBUILD_LEASE } from './projection-leases';
import { ProjectionRunner, type RunnerLog } from './projection-runner';
import { ProjectionWriter } from './projection-writer';
import { passesOverStreams } from './pass-over-streams';
import { RebuildRunner } from './rebuild-runner';
import { assertRebuildThreadAvailable, rebuildInThread, type RebuildThreadOptions } from './rebuild-thread';
import { DEFAULT_RETRY, type RetryPolicy } from './retry-policy';
import { Ticker } from './ticker';

export interface SupervisorOptions {
  readonly pool: Pool;
  readonly store: EventStore;
  readonly projections: readonly AnyProjection[];
  readonly log: RunnerLog;
  readonly retry?: RetryPolicy;
  readonly batchSize?: number;
  /** The longest a runner sleeps when no wake-up came; also how often leases are sought. */
  readonly pollMs?: number;
  /**
   * A live read model at least this many events behind, and at least half the log, is brought up
   * by a rebuild instead of its runner (LeftToRebuild), where the rebuild reads the log stream by
   * stream; absent, never.
   */
  readonly rebuildWhenBehind?: number;
  /** See REBUILD_STALLED_AFTER_MS (tests shorten it). */
  readonly rebuildStalledAfterMs?: number;
  /**
   * Where a rebuild runs: in a worker thread (what a server does), which rebuilds the product's
   * read models (PROJECTIONS) whatever `projections` says; on this thread when absent.
   */
  readonly rebuildThread?: Pick<RebuildThreadOptions, 'databaseUrl' | 'store' | 'heapMb'> & {
    /** Runs one rebuild thread until it ends: `rebuildInThread`, unless a test stands in one. */
    readonly run?: typeof rebuildInThread;
  };
}

interface Running {
  readonly stop: AbortController;
  readonly done: Promise<void>;
}

/**
 * Runs, in this process, every projection of the live generation and of a rebuild under way
 * whose lease it can take. Several processes may run a supervisor on one database: each read
 * model is written by exactly one of them at a time, and a survivor takes over from one that dies.
 */
export class ProjectionSupervisor {
  private readonly running = new Map<string, Running>();
  private readonly ticker = new Ticker();
  private readonly leases: ProjectionLeases;
  readonly generations: ReadModelGenerations;
  private readonly stopping = new AbortController();
  private loops: Promise<unknown> | null = null;
  /** Rebuild threads that failed in a row here: each waits longer before the next is started. */
  private readonly rebuildPacing = new FailurePacing();
  private readonly leftToRebuild: LeftToRebuild | null;
  /** Set when something asked the supervision to look again before its next round was due. */
  private lookAgain = false;

  constructor(private readonly options: SupervisorOptions) {
    if (options.rebuildThread && !options.rebuildThread.run) assertRebuildThreadAvailable();
    this.leases = new ProjectionLeases(options.pool, () => this.stopAll());
    this.generations = new ReadModelGenerations(
      options.pool,
      options.projections.map((p) => p.name),
    );
    const { rebuildWhenBehind, store, pool, projections, log } = options;
    this.leftToRebuild =
      rebuildWhenBehind && passesOverStreams(store, projections)
        ? new LeftToRebuild(
            new LaggingReadModels(
              pool,
              store,
              projections.map((p) => p.name),
              rebuildWhenBehind,
            ),
            this.generations,
            log,
            options.rebuildStalledAfterMs,
          )
        : null;
  }

  private get pollMs(): number {
    return this.options.pollMs ?? 500;
  }

  start(): void {
    this.loops ??= Promise.all([this.supervise(), this.relayWakeups()]);
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loops;
    await this.stopAll();
    await this.leases.giveUp();
  }

  /**
   * Starts a rebuild, or answers the one under way. When this process runs the read models, its
   * supervision looks at once rather than at its next round, which comes when the relay of appends
   * next rings (up to a poll later). A process that runs them elsewhere sees the request at its own
   * next round.
   */
  async requestRebuild(): Promise<Generations> {
    const generations = await this.generations.requestRebuild();
    this.lookAgain = true;
    this.ticker.ring();
    return generations;
  }

  /** The names (`projection#generation`) of the read models this process is writing now. */
  runningHere(): string[] {
    return [...this.running.keys()];
  }

  private async supervise(): Promise<void> {
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      this.lookAgain = false;
      try {
        const current = await this.generations.current();
        const { generations, leftToRebuild } = (await this.leftToRebuild?.decide(current)) ?? {
          generations: current,
          leftToRebuild: new Set<string>(),
        };
        await this.reconcile(generations, leftToRebuild);
        await this.generations.retireOlderThan(generations.live);
      } catch (error) {
        this.options.log.warn(`Projection supervisor: ${String(error)}; trying again.`);
      }
      if (!this.lookAgain) await this.ticker.wait(this.pollMs * 2, signal);
    }
  }

  /**
   * A live read model left to a rebuild under way is not run: its runner would only compete with
   * the rebuild for the machine, and its rows are replaced when the rebuild ends.
   */
  private async reconcile({ live, building }: Generations, leftToRebuild: ReadonlySet<string>): Promise<void> {
    const wanted = new Map<string, (stop: AbortSignal) => Promise<void>>();
    for (const projection of this.options.projections) {
      if (leftToRebuild.has(projection.name)) continue;
      wanted.set(leaseName(projection.name, live), (stop) => this.follow(projection, live, stop));
    }
    if (building !== null) wanted.set(leaseName(REBUILD_LEASE, building), (stop) => this.rebuild(building, stop));
    for (const [name, run] of this.running) if (!wanted.has(name)) run.stop.abort();
    for (const [name, start] of wanted) {
      if (this.running.has(name) || this.stopping.signal.aborted) continue;
      if (await this.leases.tryAcquire(name)) this.launch(name, start);
    }
  }

  private launch(name: string, start: (stop: AbortSignal) => Promise<void>): void {
    const stop = new AbortController();
    const done = start(AbortSignal.any([stop.signal, this.stopping.signal]))
      .catch((error) => this.options.log.error(`${name} stopped: ${String(error)}`))
      .finally(async () => {
        this.running.delete(name);
        await this.leases.release(name);
      });
    this.running.set(name, { stop, done });
  }

  /** Keeps one live read model up with the log. */
  private follow(projection: AnyProjection, generation: number, signal: AbortSignal): Promise<void> {
    return new ProjectionRunner({
      store: this.options.store,
      writer: new ProjectionWriter(this.options.pool, projection, generation),
      ticker: this.ticker,
      retry: this.options.retry ?? DEFAULT_RETRY,
      log: this.options.log,
      batchSize: this.options.batchSize ?? 500,
      pollMs: this.pollMs,
    }).run(signal);
  }

  /** Fills every read model of a generation being rebuilt, in one pass over the log. */
  private rebuild(generation: number, signal: AbortSignal): Promise<void> {
    const caughtUp = (projection: string) => this.caughtUp(projection, generation);
    const { rebuildThread, log } = this.options;
    if (rebuildThread) {
      const { run = rebuildInThread, ...thread } = rebuildThread;
      return this.runRebuildThread(run, { ...thread, generation, pollMs: this.pollMs, log, caughtUp }, signal);
    }
    return new RebuildRunner({
      pool: this.options.pool,
      store: this.options.store,
      projections: this.options.projections,
      generation,
      ticker: this.ticker,
      log: this.options.log,
      pollMs: this.pollMs,
      caughtUp,
    }).run(signal);
  }

  /**
   * A thread that fails (out of memory, a bug) is started again from the checkpoints, after a
   * wait that grows while it keeps failing: the lease is held meanwhile, so no other process
   * starts the same failing rebuild at once.
   */
  private async runRebuildThread(
    run: typeof rebuildInThread,
    options: RebuildThreadOptions,
    signal: AbortSignal,
  ): Promise<void> {
    try {
      await run(options, signal);
      this.rebuildPacing.succeeded();
    } catch (error) {
      const waitMs = this.rebuildPacing.failed();
      this.options.log.error(`rebuild#${options.generation} stopped: ${String(error)} Starting again in ${waitMs} ms.`);
      await sleep(waitMs, undefined, { signal }).catch(() => undefined);
    }
  }

  private async caughtUp(projection: string, generation: number): Promise<boolean> {
    const { building } = await this.generations.current();
    if (building !== generation) return false;
    if (!(await this.generations.caughtUp(projection, generation))) return false;
    this.options.log.info(`Read models rebuilt: generation ${generation} now answers every read.`);
    this.ticker.ring();
    return true;
  }

  private async stopAll(): Promise<void> {
    const runs = [...this.running.values()];
    for (const run of runs) run.stop.abort();
    await Promise.all(runs.map((run) => run.done));
  }

  /** One LISTEN for the whole process: each append wakes every runner. */
  private async relayWakeups(): Promise<void> {
    const signal = this.stopping.signal;
    const watch = this.options.store.watchAppends();
    try {
      while (!signal.aborted) {
        await watch.wait(this.pollMs, signal);
        this.ticker.ring();
        await sleep(0);
      }
    } finally {
      watch.close();
    }
  }
}
