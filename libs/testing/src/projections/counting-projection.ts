import type { Projection } from '@kemitraan/projections';

export interface CountRow {
  readonly n: number;
}

/**
 * A read model that counts each stream's events, for the runners' tests: a `Noted` event gives the
 * row back as it was (nothing to write), `Removed` takes the row away, `Poison` cannot be applied,
 * and `Ignored` is none of its business.
 */
export const countingProjection: Projection<CountRow> = {
  name: 'counting',
  keyOf: (event) => (event.type === 'Ignored' ? null : event.streamId),
  apply: (row, event) => {
    if (event.type === 'Poison') throw new Error('cannot');
    if (event.type === 'Noted') return row;
    return event.type === 'Removed' ? null : { n: (row?.n ?? 0) + 1 };
  },
};
