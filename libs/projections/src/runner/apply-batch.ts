import type { ReadModelEvent } from '@kemitraan/event-store';
import type { AnyProjection } from '../projection';
import { ProjectionFailed } from './projection.errors';

export type RowChanges = Map<string, object | null>;

/** The keys of the rows a batch touches, so they can be loaded in one query. */
export function keysOf(projection: AnyProjection, events: readonly ReadModelEvent[]): string[] {
  const keys = events.map((event) => projection.keyOf(event)).filter((key): key is string => key !== null);
  return [...new Set(keys)];
}

/**
 * Folds a batch into the rows it touches; the result holds every changed row (null: removed). A
 * row the batch leaves as it was (the projection answered the very row it was given) is not a
 * change: writing it again would cost the database a whole row's update for nothing.
 */
export function applyBatch(
  projection: AnyProjection,
  loaded: ReadonlyMap<string, object>,
  events: readonly ReadModelEvent[],
): RowChanges {
  const rows = new Map<string, object | null>();
  const changed = new Set<string>();
  for (const event of events) {
    const key = projection.keyOf(event);
    if (key === null) continue;
    const before = rows.has(key) ? rows.get(key)! : (loaded.get(key) ?? null);
    let after: object | null;
    try {
      after = projection.apply(before, event);
    } catch (error) {
      throw new ProjectionFailed(projection.name, event, error);
    }
    rows.set(key, after);
    if (after !== before) changed.add(key);
  }
  return new Map([...changed].map((key) => [key, rows.get(key)!]));
}
