import type { StoredEvent } from '@kemitraan/event-store';
import { countingProjection as counting } from '@kemitraan/testing/projections/counting-projection';
import { applyBatch } from './apply-batch';
import { ProjectionFailed } from './projection.errors';

const event = (streamId: string, type = 'Counted') => ({ streamId, type }) as StoredEvent;

describe('folding a batch of a live read model', () => {
  it('holds every changed row, removals included, folded from the loaded rows', () => {
    const loaded = new Map([['a', { n: 5 }]]);
    const changes = applyBatch(counting, loaded, [
      event('a'),
      event('b'),
      event('a'),
      event('c'),
      event('c', 'Removed'),
    ]);
    expect(Object.fromEntries(changes)).toEqual({ a: { n: 7 }, b: { n: 1 }, c: null });
  });

  it('leaves out rows the batch gave back as they were, and events the read model ignores', () => {
    const loaded = new Map([
      ['a', { n: 5 }],
      ['b', { n: 1 }],
    ]);
    const changes = applyBatch(counting, loaded, [
      event('a', 'Noted'),
      event('b', 'Noted'),
      event('b'),
      event('b', 'Noted'),
      event('z', 'Ignored'),
    ]);
    expect(Object.fromEntries(changes)).toEqual({ b: { n: 2 } });
  });

  it('names the event a projection cannot apply', () => {
    expect(() => applyBatch(counting, new Map(), [event('a'), event('a', 'Poison')])).toThrow(ProjectionFailed);
  });
});
