import {
  AccessDeniedError,
  DeadlineExceededError,
  START,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import { EventStoreUnavailable, IdempotencyKeyTaken, StreamVersionConflict } from '../event-store.errors';
import { EMPTY_STREAM, START_OF_LOG } from '../event-store.port';
import { chainEvents, verifyChain } from '../hash-chain';
import { anEvent } from '../testing/contract';
import { isStreamNotFound, translateAppendError, translateReadError } from './esdb-errors';
import {
  AUDIT,
  expectedRevision,
  fromRecorded,
  HASH,
  idempotencyEvent,
  idempotencyFromData,
  idempotencyStream,
  PREVIOUS_HASH,
  toEventData,
} from './esdb-event-mapping';
import { readFrom } from './esdb-positions';
import { isAfter } from '../event-store.port';

const stream = 'agreement-0192d3c0-0000-7000-8000-000000000001';

describe('the EventStoreDB adapter, without a server', () => {
  describe('mapping events and their metadata', () => {
    const chained = chainEvents(stream, EMPTY_STREAM, [anEvent('AgreementProposed'), anEvent('AudiensiHeld')]);

    it('writes the audit metadata and the chain as string properties, as multi-stream appends require', () => {
      const data = toEventData(chained[1]!);
      expect(data).toMatchObject({ id: chained[1]!.eventId, type: 'AudiensiHeld', contentType: 'application/json' });
      expect(Object.values(data.metadata).every((value) => typeof value === 'string')).toBe(true);
      expect(JSON.parse(data.metadata[AUDIT]!)).toEqual(chained[1]!.metadata);
      expect(data.metadata[PREVIOUS_HASH]).toBe(chained[0]!.hash);
      expect(toEventData(chained[0]!).metadata[PREVIOUS_HASH]).toBe('');
    });

    it('reads back exactly the stored event: version from revision, position, hash chain intact', () => {
      const read = chained.map((event, i) => {
        const data = toEventData(event);
        return fromRecorded({
          streamId: stream,
          id: data.id,
          revision: BigInt(i),
          type: data.type,
          data: data.data,
          metadata: data.metadata,
          position: { commit: 1000n + BigInt(i), prepare: 990n + BigInt(i) },
        });
      });
      expect(read.map((e) => e.version)).toEqual([1, 2]);
      expect(read[1]).toEqual({ ...chained[1], position: { commit: 1001n, prepare: 991n } });
      expect(verifyChain(read)).toMatchObject({ valid: true, events: 2 });
    });

    it('refuses an event without Kemitraan audit metadata rather than invent one', () => {
      const foreign = {
        streamId: stream,
        id: 'x',
        revision: 0n,
        type: 'X',
        data: {},
        metadata: { [HASH]: 'a' },
        position: { commit: 1n, prepare: 1n },
      };
      expect(() => fromRecorded(foreign)).toThrow(/no audit metadata/);
    });

    it('expects no stream before the first event, then the tip revision (version − 1)', () => {
      expect(expectedRevision(EMPTY_STREAM)).toBe('no_stream');
      expect(expectedRevision({ version: 3, hash: 'h' })).toBe(2n);
    });

    it('keeps an idempotency record in a stream named by a hash of its scope and key', () => {
      const record = { scope: 'op-maros-01', key: 'k-1', fingerprint: 'f', result: { id: 'a', version: 1 } };
      expect(idempotencyStream('op-maros-01', 'k-1')).toMatch(/^idempotency-[0-9a-f]{64}$/);
      expect(idempotencyStream('op-maros-01', 'k-1')).not.toBe(idempotencyStream('op-maros-0', '1k-1'));
      expect(idempotencyFromData(idempotencyEvent(record, 'e').data)).toEqual(record);
    });
  });

  describe('positions', () => {
    it('reads $all from its start for the start of the log, else from the position itself', () => {
      expect(readFrom(START_OF_LOG)).toBe(START);
      expect(readFrom({ commit: 5n, prepare: 4n })).toEqual({ commit: 5n, prepare: 4n });
    });

    it('orders positions by commit, then prepare, and excludes the position read from', () => {
      const at = { commit: 10n, prepare: 8n };
      expect(isAfter(at, at)).toBe(false);
      expect(isAfter({ commit: 10n, prepare: 9n }, at)).toBe(true);
      expect(isAfter({ commit: 11n, prepare: 2n }, at)).toBe(true);
      expect(isAfter({ commit: 9n, prepare: 99n }, at)).toBe(false);
    });
  });

  describe('translating errors into the port’s', () => {
    const appends = [
      { streamId: stream, expected: { version: 2, hash: 'h' }, events: [] },
      { streamId: 'agreement-other', expected: EMPTY_STREAM, events: [] },
    ];
    const wrongVersion = (streamName: string) =>
      new WrongExpectedVersionError(undefined, { streamName, expected: 1n, current: 2n });

    it('turns a wrong expected version into the conflict of the stream that moved', () => {
      const error = translateAppendError(wrongVersion('agreement-other'), appends, undefined);
      expect(error).toBeInstanceOf(StreamVersionConflict);
      expect(error).toMatchObject({ streamId: 'agreement-other', expectedVersion: 0 });
    });

    it('turns a conflict on the idempotency stream into the key being taken', () => {
      const record = { scope: 's', key: 'k', fingerprint: 'f', result: null };
      const error = translateAppendError(wrongVersion(idempotencyStream('s', 'k')), appends, record);
      expect(error).toBeInstanceOf(IdempotencyKeyTaken);
    });

    it.each([
      ['unavailable', new UnavailableError()],
      ['deadline exceeded', new DeadlineExceededError()],
    ])('turns %s into the store being unavailable', (_name, raw) => {
      expect(translateReadError(raw)).toBeInstanceOf(EventStoreUnavailable);
      expect(translateAppendError(raw, appends, undefined)).toBeInstanceOf(EventStoreUnavailable);
    });

    it('turns a raw gRPC UNAVAILABLE (code 14) into the store being unavailable', () => {
      const raw = Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 });
      expect(translateAppendError(raw, appends, undefined)).toBeInstanceOf(EventStoreUnavailable);
    });

    it('turns the client giving up its discovery of a cluster, on an append, into the store being unavailable', () => {
      // Reads go through the client's native bridge, which fails them with UnavailableError instead.
      const raw = new Error('Failed to discover after 10 attempts.');
      expect(translateAppendError(raw, appends, undefined)).toBeInstanceOf(EventStoreUnavailable);
    });

    it('leaves other errors as they are', () => {
      const denied = new AccessDeniedError();
      expect(translateReadError(denied)).toBe(denied);
      expect(translateReadError(new Error('boom'))).toBeInstanceOf(Error);
    });

    it('knows a stream that does not exist', () => {
      expect(isStreamNotFound(new StreamNotFoundError(undefined, stream))).toBe(true);
      expect(isStreamNotFound(new UnavailableError())).toBe(false);
    });
  });
});
