import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Pool } from 'pg';
import { EVENT_STORE, type EventStore, type EventStoreChoice } from '@kemitraan/event-store';
import { DATABASE, PG_POOL, type Database } from '@kemitraan/postgres';
import type { Generations } from './generations/read-model-generations';
import { PROJECTIONS } from './projections.list';
import { ProjectionSupervisor } from './runner/projection-supervisor';

export const PROJECTION_WORKER_OPTIONS = Symbol('ProjectionWorkerOptions');

export interface ProjectionWorkerOptions {
  /** Whether this process runs projections (it always can request a rebuild). */
  readonly run: boolean;
  readonly pollMs?: number;
  /**
   * A rebuild runs in a worker thread with this heap ceiling, reading the events from `store`;
   * absent or 0 MB, it runs on the server's own thread (a thread needs the built files, which
   * tests run from the TypeScript sources do not have).
   */
  readonly rebuildThread?: { readonly heapMb: number; readonly store: EventStoreChoice };
  /** See SupervisorOptions.rebuildWhenBehind; absent or 0, never. */
  readonly rebuildWhenBehind?: number;
}

/** The projection runners of this process, started with the application and stopped before its pool closes. */
@Injectable()
export class ProjectionWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly supervisor: ProjectionSupervisor;

  constructor(
    @Inject(PG_POOL) pool: Pool,
    @Inject(DATABASE) database: Database,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(PROJECTION_WORKER_OPTIONS) private readonly options: ProjectionWorkerOptions,
  ) {
    const logger = new Logger('Projections');
    this.supervisor = new ProjectionSupervisor({
      pool,
      store,
      projections: PROJECTIONS,
      pollMs: options.pollMs,
      rebuildWhenBehind: options.rebuildWhenBehind,
      rebuildThread: options.rebuildThread?.heapMb
        ? { ...options.rebuildThread, databaseUrl: database.connectionString() }
        : undefined,
      log: { info: (m) => logger.log(m), warn: (m) => logger.warn(m), error: (m) => logger.error(m) },
    });
  }

  onApplicationBootstrap(): void {
    if (this.options.run) this.supervisor.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.supervisor.stop();
  }

  requestRebuild(): Promise<Generations> {
    return this.supervisor.requestRebuild();
  }
}
