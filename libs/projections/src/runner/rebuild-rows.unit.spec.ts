import type { StoredEvent } from '@kemitraan/event-store';
import { countingProjection as counting } from '@kemitraan/testing/projections/counting-projection';
import { RebuildRows } from './rebuild-rows';

/** A flush's rows as plain objects: those under keys never written, and the rest. */
const flushOf = (rows: RebuildRows) => {
  const { firstRows, laterRows } = rows.takePending();
  return { first: Object.fromEntries(firstRows), later: Object.fromEntries(laterRows) };
};

let position = 0n;
const event = (streamId: string, type = 'Counted') =>
  ({ streamId, type, position: { commit: ++position, prepare: position } }) as StoredEvent;

describe('the rows a rebuild keeps in memory', () => {
  it('folds in memory and hands changed rows to the flush, with no removal of a row never written', () => {
    const rows = new RebuildRows(counting, [], 10);
    rows.fold([event('a'), event('a'), event('b'), event('b', 'Removed')], new Map());
    expect(flushOf(rows)).toEqual({ first: { a: { n: 2 } }, later: {} });
    expect(rows.pendingCount).toBe(0);
  });

  it('writes a key for the first time once: afterwards its row replaces the written one, or is removed', () => {
    const rows = new RebuildRows(counting, [], 10);
    rows.fold([event('a'), event('b')], new Map());
    expect(flushOf(rows)).toEqual({ first: { a: { n: 1 }, b: { n: 1 } }, later: {} });
    rows.flushed();
    rows.fold([event('a'), event('b', 'Removed'), event('c')], new Map());
    expect(flushOf(rows)).toEqual({ first: { c: { n: 1 } }, later: { a: { n: 2 }, b: null } });
  });

  it('asks for no row it knows, even a removed one, and for every written row it has forgotten', () => {
    const rows = new RebuildRows(counting, [], 1);
    rows.fold([event('a'), event('b'), event('b', 'Removed')], new Map());
    expect(flushOf(rows)).toEqual({ first: { a: { n: 1 } }, later: {} });
    rows.flushed();
    // Only one written row is kept: `b` (known to be gone) is, `a` was forgotten; `c` was never written.
    expect(rows.unknownKeys([event('a'), event('b'), event('c')])).toEqual(['a']);
    expect(rows.unknownKeys([event('a'), event('b')], new Map([['a', { n: 1 }]]))).toEqual([]);
    expect(() => rows.fold([event('a')], new Map())).toThrow(/was not read/);
    rows.fold([event('a'), event('b'), event('c')], new Map([['a', { n: 1 }]]));
    // `b` came and went within the first flush, so nothing was written under it; every key of a
    // finished flush counts as written, so its new row is upserted, which is right either way.
    expect(flushOf(rows)).toEqual({ first: { c: { n: 1 } }, later: { a: { n: 2 }, b: { n: 1 } } });
  });

  it('reads rows being flushed from memory, and asks for the keys written before it when resuming', () => {
    const rows = new RebuildRows(counting, ['a'], 10);
    expect(rows.unknownKeys([event('a'), event('z')])).toEqual(['a']);
    expect(() => rows.fold([event('a')], new Map())).toThrow(/was not read/);
    rows.fold([event('a')], new Map([['a', { n: 5 }]]));
    expect(flushOf(rows)).toEqual({ first: {}, later: { a: { n: 6 } } });
    expect(rows.unknownKeys([event('a')])).toEqual([]);
    rows.fold([event('a')], new Map());
    expect(() => rows.takePending()).toThrow(/not written yet/);
    rows.flushed();
    expect(flushOf(rows)).toEqual({ first: {}, later: { a: { n: 7 } } });
  });

  it('hands out no flush before the last one, even an empty one, was written', () => {
    const rows = new RebuildRows(counting, [], 10);
    expect(flushOf(rows)).toEqual({ first: {}, later: {} });
    rows.fold([event('a')], new Map());
    expect(() => rows.takePending()).toThrow(/not written yet/);
    rows.flushed();
    expect(flushOf(rows)).toEqual({ first: { a: { n: 1 } }, later: {} });
  });

  it('answers the events a projection cannot apply, and folds the rest', () => {
    const rows = new RebuildRows(counting, [], 10);
    const failures = rows.fold([event('a'), event('a', 'Poison'), event('a')], new Map());
    expect(failures.map((f) => f.event.type)).toEqual(['Poison']);
    expect(flushOf(rows)).toEqual({ first: { a: { n: 2 } }, later: {} });
  });

  it('leaves out a row the events gave back as it was, unless another event changed it', () => {
    const rows = new RebuildRows(counting, ['a', 'b'], 10);
    rows.fold(
      [event('a', 'Noted'), event('b', 'Noted'), event('b')],
      new Map([
        ['a', { n: 1 }],
        ['b', { n: 1 }],
      ]),
    );
    expect(flushOf(rows)).toEqual({ first: {}, later: { b: { n: 2 } } });
  });
});
