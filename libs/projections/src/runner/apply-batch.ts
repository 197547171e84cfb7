import type { StoredEvent } from '@kemitraan/event-store';
import type { AnyProjection } from '../projection';
import { ProjectionFailed } from './projection.errors';

export type RowChanges = Map<string, object | null>;

/** The keys of the rows a batch touches, so they can be loaded in one query. */
export function keysOf(projection: AnyProjection, events: readonly StoredEvent[]): string[] {
  const keys = events.map((event) => projection.keyOf(event)).filter((key): key is string => key !== null);
  return [...new Set(keys)];
}

/** Folds a batch into the rows it touches; the result holds every changed row (null: removed). */
export function applyBatch(
  projection: AnyProjection,
  loaded: ReadonlyMap<string, object>,
  events: readonly StoredEvent[],
): RowChanges {
  const changes: RowChanges = new Map();
  for (const event of events) {
    const key = projection.keyOf(event);
    if (key === null) continue;
    const before = changes.has(key) ? changes.get(key)! : (loaded.get(key) ?? null);
    try {
      changes.set(key, projection.apply(before, event));
    } catch (error) {
      throw new ProjectionFailed(projection.name, event, error);
    }
  }
  return changes;
}
