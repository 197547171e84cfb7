import { anEvent } from './testing/contract';
import { chainEvents, verifyChain } from './hash-chain';
import { EMPTY_STREAM, type NewEvent, type StoredEvent } from './event-store.port';

const dated = (at: string): NewEvent => {
  const event = anEvent();
  return { ...event, metadata: { ...event.metadata, at } };
};

/** A stream as read back, every link and hash right as chainEvents made them. */
const streamOf = (...times: string[]): StoredEvent[] =>
  chainEvents('agreement-1', EMPTY_STREAM, times.map(dated)).map((event, i) => ({
    ...event,
    position: { commit: BigInt(i + 1), prepare: BigInt(i + 1) },
  }));

describe('verifyChain', () => {
  it('holds a stream whose events are linked and dated in order, equal times included', () => {
    const stream = streamOf('2025-08-04T02:00:00.000Z', '2025-08-04T02:00:00.000Z', '2025-09-01T00:00:00.000Z');
    expect(verifyChain(stream)).toEqual({ valid: true, events: 3 });
  });

  it('finds an event dated before the one before it, though every hash and link is right', () => {
    const stream = streamOf('2025-08-04T02:00:00.000Z', '2025-09-01T00:00:00.000Z', '2025-08-20T00:00:00.000+07:00');
    expect(verifyChain(stream)).toEqual({ valid: false, events: 3, firstBrokenVersion: 3 });
  });

  it('finds an event with no time one can read, which would leave the next unchecked', () => {
    const stream = streamOf('2025-08-04T02:00:00.000Z', 'kemarin', '2025-08-01T00:00:00.000Z');
    expect(verifyChain(stream)).toEqual({ valid: false, events: 3, firstBrokenVersion: 2 });
  });

  it('finds an edited event by its hash', () => {
    const stream = streamOf('2025-08-04T02:00:00.000Z', '2025-09-01T00:00:00.000Z');
    const edited = [stream[0]!, { ...stream[1]!, data: { ...stream[1]!.data, place: 'Makassar' } }];
    expect(verifyChain(edited)).toEqual({ valid: false, events: 2, firstBrokenVersion: 2 });
  });
});
