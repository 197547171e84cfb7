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

describe('the keys a rebuild in log order keeps', () => {
  it('holds at most keysAtMost of them: past that, it looks up every key it does not hold and replaces rows', () => {
    const rows = new RebuildRows(counting, [], 1, 2);
    rows.fold([event('a'), event('b')], new Map());
    flushOf(rows);
    rows.flushed();
    expect(rows.knowsEveryKey).toBe(true);
    expect(rows.unknownKeys([event('a'), event('z')])).toEqual(['a']);
    rows.fold([event('a'), event('c')], new Map([['a', { n: 1 }]]));
    expect(flushOf(rows)).toEqual({ first: { c: { n: 1 } }, later: { a: { n: 2 } } });
    rows.flushed();
    // Three keys written, one more than it may hold: none is held now, and a key never written is asked for too.
    expect(rows.knowsEveryKey).toBe(false);
    expect(rows.rememberedKeys).toBe(0);
    expect(rows.writtenCount).toBe(3);
    expect(rows.unknownKeys([event('a'), event('b'), event('z')]).sort()).toEqual(['a', 'b', 'z']);
    rows.fold(
      [event('b'), event('z')],
      new Map([
        ['b', { n: 1 }],
        ['z', null],
      ]),
    );
    expect(flushOf(rows)).toEqual({ first: {}, later: { b: { n: 2 }, z: { n: 1 } } });
  });

  it('holds none of the keys written before it resumed when they are more than keysAtMost', () => {
    const within = new RebuildRows(counting, ['a', 'b'], 10, 2);
    expect(within.knowsEveryKey).toBe(true);
    expect(within.unknownKeys([event('a'), event('z')])).toEqual(['a']);
    const past = new RebuildRows(counting, ['a', 'b', 'c'], 10, 2);
    expect(past.knowsEveryKey).toBe(false);
    expect(past.writtenCount).toBe(3);
    expect(past.unknownKeys([event('a'), event('z')])).toEqual(['a', 'z']);
  });
});

describe('the rows a rebuild keeps in memory while it passes over the streams', () => {
  it('keeps only the rows of the stream the last flush ended in, however many streams it wrote', () => {
    const rows = new RebuildRows(counting, [], 1_000);
    rows.passOverStreams('');
    for (let stream = 0; stream < 100; stream += 10) {
      const streams = Array.from({ length: 10 }, (_, i) => `s${String(stream + i).padStart(3, '0')}`);
      rows.fold(
        streams.flatMap((s) => [event(s), event(s)]),
        new Map(),
      );
      expect(Object.keys(flushOf(rows).later)).toEqual([]);
      rows.flushed(streams.at(-1));
      expect(rows.rememberedKeys).toBe(1);
    }
    expect(rows.writtenCount).toBe(100);
  });

  it('asks only for the rows of the stream it stopped in, when resuming a pass', () => {
    const rows = new RebuildRows(counting, { rows: 5 }, 10);
    rows.passOverStreams('b');
    expect(rows.unknownKeys([event('b'), event('c')])).toEqual(['b']);
    expect(() => rows.fold([event('b')], new Map())).toThrow(/was not read/);
    rows.fold([event('b'), event('c')], new Map([['b', { n: 3 }]]));
    expect(flushOf(rows)).toEqual({ first: { c: { n: 1 } }, later: { b: { n: 4 } } });
    rows.flushed('c');
    // `b` is behind the pass now, and `c` is kept in memory.
    expect(rows.unknownKeys([event('c'), event('d')])).toEqual([]);
    expect(rows.writtenCount).toBe(6);
  });

  it('continues a stream across flushes, replacing what it wrote of it', () => {
    const rows = new RebuildRows(counting, [], 10);
    rows.passOverStreams('');
    rows.fold([event('a'), event('b')], new Map());
    expect(flushOf(rows)).toEqual({ first: { a: { n: 1 }, b: { n: 1 } }, later: {} });
    rows.fold([event('b')], new Map());
    rows.flushed('b');
    rows.fold([event('b'), event('c')], new Map());
    expect(flushOf(rows)).toEqual({ first: { c: { n: 1 } }, later: { b: { n: 3 } } });
    rows.flushed('c');
    expect(() => rows.flushed()).toThrow(/names its last stream/);
  });

  it('forgets a row kept from the stream it ended a flush in, once a later flush wrote that stream again', () => {
    const rows = new RebuildRows(counting, [], 10);
    rows.passOverStreams('');
    rows.fold([event('a')], new Map());
    flushOf(rows);
    rows.flushed('a');
    rows.fold([event('a'), event('b')], new Map());
    expect(flushOf(rows)).toEqual({ first: { b: { n: 1 } }, later: { a: { n: 2 } } });
    rows.flushed('b');
    rows.passOver();
    // `a` as the first flush left it would be out of date: it is read again.
    expect(rows.unknownKeys([event('a'), event('b')])).toEqual(['a']);
  });

  it('after the pass, looks every key up that it does not hold, and replaces rows rather than inserting them', () => {
    const rows = new RebuildRows(counting, [], 10);
    rows.passOverStreams('');
    rows.fold([event('a'), event('b')], new Map());
    flushOf(rows);
    rows.flushed('b');
    rows.passOver();
    expect(rows.rememberedKeys).toBe(0);
    expect(rows.unknownKeys([event('a'), event('b'), event('z')])).toEqual(['a', 'z']);
    rows.fold(
      [event('a'), event('b'), event('z')],
      new Map([
        ['a', { n: 1 }],
        ['z', null],
      ]),
    );
    expect(flushOf(rows)).toEqual({ first: {}, later: { a: { n: 2 }, b: { n: 2 }, z: { n: 1 } } });
  });
});
