import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { EVENT_STORE, START_OF_LOG, type EventStore, type LogPosition } from '@kemitraan/event-store';
import { PG_POOL } from '@kemitraan/postgres';
import { CURRENT_GENERATIONS, REBUILD_PACE } from '../generations/generations.sql';
import type { Generations, RebuildPace } from '../generations/read-model-generations';
import { PROJECTIONS } from '../projections.list';
import { positionOf, readCheckpoint } from '../runner/checkpoint-position';
import { REBUILD_STALLED_AFTER_MS } from '../runner/left-to-rebuild';
import { LEASE_HELD, leaseName, REBUILD_LEASE } from '../runner/projection-leases';
import {
  ProjectionStatusQuery,
  type GenerationProgress,
  type ParkedEvent,
  type ProjectionHealth,
  type ProjectionStatus,
} from './projection-status.query';

const PARKED = `
  select event_id as "eventId", stream_id as "streamId", version, type, attempts, error, parked_at as "parkedAt"
  from parked_events where projection = $1 and generation = $2 order by prepare_position`;

/**
 * Up to this many events behind, a read model's lag is counted exactly; further behind it is an
 * upper bound from log positions (EventStore.lagAfter), so one reading costs the same however far
 * a rebuild has to go, and `running` (lag 0) against `catching-up` is always decided exactly.
 */
const LAG_COUNTED_UP_TO = 10_000;

@QueryHandler(ProjectionStatusQuery)
export class ProjectionStatusHandler implements IQueryHandler<ProjectionStatusQuery, ProjectionStatus[]> {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute(): Promise<ProjectionStatus[]> {
    const { rows } = await this.pool.query<Generations>(CURRENT_GENERATIONS);
    const { live, building } = rows[0]!;
    // One lag per position: a rebuild reads the log once for all its read models, so their
    // checkpoints are usually at one position, and live read models that have caught up share one.
    const lags = new Map<string, Promise<number>>();
    const lagAfter = (position: LogPosition): Promise<number> => {
      const key = `${position.commit}/${position.prepare}`;
      let lag = lags.get(key);
      if (!lag) lags.set(key, (lag = this.store.lagAfter(position, { exactUpTo: LAG_COUNTED_UP_TO })));
      return lag;
    };
    // A rebuild that runs somewhere and moves its checkpoints replaces what no runner keeps up meanwhile.
    const { rebuildIdleMs } = (await this.pool.query<RebuildPace>(REBUILD_PACE)).rows[0]!;
    const rebuildRunning =
      building !== null &&
      rebuildIdleMs !== null &&
      rebuildIdleMs < REBUILD_STALLED_AFTER_MS &&
      (await this.held(leaseName(REBUILD_LEASE, building)));
    return Promise.all(
      PROJECTIONS.map(async ({ name }) => {
        const progress = await this.progress(name, live, lagAfter);
        const parked = (await this.pool.query<ParkedEvent>(PARKED, [name, live])).rows;
        const status: ProjectionHealth = !(await this.held(leaseName(name, live)))
          ? rebuildRunning
            ? 'waiting-for-rebuild'
            : 'stopped'
          : parked.length > 0
            ? 'degraded'
            : progress.lag > 0
              ? 'catching-up'
              : 'running';
        const rebuilding = building === null ? null : await this.progress(name, building, lagAfter);
        return { name, ...progress, status, parked, rebuilding };
      }),
    );
  }

  private async held(lease: string): Promise<boolean> {
    return (await this.pool.query<{ held: boolean }>(LEASE_HELD, [lease])).rows[0]!.held;
  }

  private async progress(
    name: string,
    generation: number,
    lagAfter: (position: LogPosition) => Promise<number>,
  ): Promise<GenerationProgress> {
    const row = await readCheckpoint(this.pool, name, generation);
    const position = positionOf(row);
    const eventsRead = Number(row?.read ?? 0);
    // Passing over the streams, a rebuild's position stays at the log's start until the pass ends:
    // what it has left is the whole log less what it read, never shown as less than it is.
    const lag =
      row?.pass_horizon == null ? await lagAfter(position) : Math.max(1, (await lagAfter(START_OF_LOG)) - eventsRead);
    return { generation, position: Number(position.prepare), lag, eventsRead };
  }
}
