import type { ReadModelEvent } from '@kemitraan/event-store';
import type { Projection } from '@kemitraan/projections';

export interface TallyRow {
  readonly versions: readonly number[];
}

/**
 * A read model that remembers every version of every stream it was given, in order: any event
 * skipped or applied twice shows as a gap or a repeat.
 */
export function tallyProjection(
  name = 'tally',
  refuse: (event: ReadModelEvent) => boolean = () => false,
  { oneStreamPerRow = false } = {},
): Projection<TallyRow> {
  return {
    name,
    oneStreamPerRow,
    keyOf: (event) => event.streamId,
    apply: (row, event) => {
      if (refuse(event)) throw new Error(`${name} refuses ${event.streamId}@${event.version}`);
      return { versions: [...(row?.versions ?? []), event.version] };
    },
  };
}
