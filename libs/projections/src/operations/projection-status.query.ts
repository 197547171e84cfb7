import { Query } from '@nestjs/cqrs';

export interface ParkedEvent {
  readonly eventId: string;
  readonly streamId: string;
  readonly version: number;
  readonly type: string;
  readonly attempts: number;
  readonly error: string;
  readonly parkedAt: string;
}

export interface GenerationProgress {
  readonly generation: number;
  /** The log position of the last event read (0 before the first). */
  readonly position: number;
  /**
   * Events in the log still to be read: exact up to 10,000 (so 0 means at the head); beyond that an
   * upper bound from log positions, never below the true number.
   */
  readonly lag: number;
  readonly eventsRead: number;
}

/**
 * `running`: a runner holds it and has read the whole log; `catching-up`: a runner holds it and
 * events remain; `degraded`: it parked events it could not apply; `waiting-for-rebuild`: no
 * process runs it while a rebuild under way, and moving, will replace it (one far behind the log
 * is left to the rebuild); `stopped`: no process runs it.
 */
export const PROJECTION_HEALTHS = ['running', 'catching-up', 'degraded', 'waiting-for-rebuild', 'stopped'] as const;
export type ProjectionHealth = (typeof PROJECTION_HEALTHS)[number];

export interface ProjectionStatus extends GenerationProgress {
  readonly name: string;
  readonly status: ProjectionHealth;
  readonly parked: readonly ParkedEvent[];
  /** The fresh copy a rebuild is filling, until it takes over. */
  readonly rebuilding: GenerationProgress | null;
}

export class ProjectionStatusQuery extends Query<ProjectionStatus[]> {}
