import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  AccessDeniedError,
  BACKWARDS,
  END,
  NotLeaderError,
  START,
  UnavailableError,
  WrongExpectedVersionError,
  type KurrentDBClient,
} from '@kurrent/kurrentdb-client';
import { EventStoreUnavailable, StreamVersionConflict } from '../event-store.errors';
import { EMPTY_STREAM, START_OF_LOG, type LogPosition } from '../event-store.port';
import { chainEvents } from '../hash-chain';
import { anEvent } from '../testing/contract';
import { EsdbAppendWatch } from './esdb-append-watch';
import { EsdbConnection } from './esdb-connection';
import { toEventData, type EsdbRecordedEvent } from './esdb-event-mapping';
import { EsdbEventStore } from './esdb-event-store';

/**
 * The adapter's own logic around the client, over a scripted client: no KurrentDB server can run
 * where these tests run (the contract suite against a real one is test/int/esdb-event-store).
 */
const STREAM = 'agreement-0192d3c0-0000-7000-8000-0000000000e1';
const at = (n: number) => ({ commit: BigInt(n * 100), prepare: BigInt(n * 100) });

const applicationEvent = (n: number): EsdbRecordedEvent => {
  const [chained] = chainEvents(`${STREAM}-${n}`, EMPTY_STREAM, [anEvent()]);
  const data = toEventData(chained!);
  return { streamId: chained!.streamId, revision: 0n, ...data, position: at(n) };
};

/** The `$streamDeleted` tombstone the server writes into a hard-deleted stream itself. */
const tombstone = (n: number): EsdbRecordedEvent => ({
  streamId: `${STREAM}-gone-${n}`,
  id: `t-${n}`,
  revision: 1n,
  type: '$streamDeleted',
  data: {},
  metadata: {},
  position: at(n),
});

/** `$all` as the server reads it: from a position, the event at it included, at most maxCount. */
function scriptedAll(log: readonly EsdbRecordedEvent[]) {
  return (options: { fromPosition: typeof START | typeof END | LogPosition; maxCount: number; direction?: string }) => {
    if (options.direction === BACKWARDS)
      return (async function* () {
        yield { event: log.at(-1) };
      })();
    const from = options.fromPosition === START ? -1n : (options.fromPosition as LogPosition).commit;
    const page = log.filter((e) => e.position!.commit >= from).slice(0, options.maxCount);
    return (async function* () {
      for (const event of page) yield { event };
    })();
  };
}

const storeOver = (client: Partial<Record<keyof KurrentDBClient, unknown>>) =>
  new EsdbEventStore(new EsdbConnection(() => client as unknown as KurrentDBClient));

describe('the EventStoreDB adapter over a scripted client (no server)', () => {
  describe('reading $all past the server’s own records', () => {
    // Five tombstones, then three events of Kemitraan's: more records to pass over than a page holds.
    const log = [1, 2, 3, 4, 5].map(tombstone).concat([6, 7, 8].map(applicationEvent));
    const store = storeOver({ readAll: scriptedAll(log) });

    it('answers a full page of events, never a short one before the log’s end', async () => {
      const first = await store.readAll(START_OF_LOG, 2);
      expect(first.map((e) => e.position)).toEqual([at(6), at(7)]);
      const rest = await store.readAll(first.at(-1)!.position, 2);
      expect(rest.map((e) => e.position)).toEqual([at(8)]);
      expect(await store.readAll(at(8), 2)).toEqual([]);
    });

    it('answers no event when asked for none, as a SQL limit of 0 does', async () => {
      await expect(store.readAll(START_OF_LOG, 0)).resolves.toEqual([]);
    });

    it('counts only Kemitraan’s events in the lag, exactly up to the count asked for', async () => {
      await expect(store.lagAfter(START_OF_LOG, { exactUpTo: 100 })).resolves.toBe(3);
      await expect(store.lagAfter(at(5), { exactUpTo: 100 })).resolves.toBe(3);
      // Fewer places to read than records to pass over: still exact, never cut short.
      await expect(store.lagAfter(START_OF_LOG, { exactUpTo: 3 })).resolves.toBe(3);
    });

    it('bounds a longer lag from above, never below the true count', async () => {
      const lag = await store.lagAfter(START_OF_LOG, { exactUpTo: 2 });
      expect(lag).toBeGreaterThanOrEqual(3);
    });
  });

  it('takes an append that resolves unsuccessful (throwOnAppendFailure=false) for the conflict it is', async () => {
    const store = storeOver({
      appendToStream: async () => ({ success: false, nextExpectedRevision: 4n, position: undefined }),
    });
    const appending = store.append([{ streamId: STREAM, expected: EMPTY_STREAM, events: [anEvent()] }]);
    await expect(appending).rejects.toBeInstanceOf(StreamVersionConflict);
    await expect(appending).rejects.toMatchObject({ streamId: STREAM, expectedVersion: 0 });
  });

  it('reads from the leader whatever a command decides on or a reader must see of its own writes', async () => {
    const [first] = chainEvents(STREAM, EMPTY_STREAM, [anEvent('AgreementProposed')]);
    const recorded = { streamId: STREAM, revision: 0n, ...toEventData(first!), position: at(1) };
    const asked: unknown[] = [];
    const store = storeOver({
      readStream: (_stream: string, options: unknown) => {
        asked.push(options);
        return (async function* () {
          yield { event: recorded };
        })();
      },
      appendToStream: async () => ({ success: true, nextExpectedRevision: 1n, position: undefined }),
    });
    await store.readStream(STREAM);
    await store.readStreamFrom(STREAM, 1);
    await store.findIdempotency('op-maros-01', 'k-1');
    await store.append([{ streamId: STREAM, expected: { version: 1, hash: first!.hash }, events: [anEvent()] }]);
    expect(asked).toHaveLength(4);
    for (const options of asked) expect(options).toMatchObject({ requiresLeader: true });
  });

  it('subscribes again for wake-ups after the server ends a subscription cleanly', async () => {
    const subscriptions: EventEmitter[] = [];
    const client = {
      subscribeToAll: () => {
        const subscription = Object.assign(new EventEmitter(), { unsubscribe: async () => undefined });
        subscriptions.push(subscription);
        return subscription;
      },
    };
    const watch = new EsdbAppendWatch(() => client as unknown as KurrentDBClient);
    const signal = new AbortController().signal;
    await watch.wait(1, signal);
    await watch.wait(1, signal);
    expect(subscriptions).toHaveLength(1);
    subscriptions[0]!.emit('end');
    await watch.wait(1, signal);
    expect(subscriptions).toHaveLength(2);
    subscriptions[1]!.emit('data', {});
    const stop = new AbortController();
    const outcome = await Promise.race([
      watch.wait(60_000, stop.signal).then(() => 'woken by the append'),
      sleep(500).then(() => 'still waiting'),
    ]);
    stop.abort();
    watch.close();
    expect(outcome).toBe('woken by the append');
  });

  describe('the client in use, after a call fails', () => {
    const connections: EsdbConnection[] = [];
    afterEach(async () => {
      await Promise.all(connections.splice(0).map((connection) => connection.dispose()));
    });

    /** A store whose every client fails every call with `error`, counting the clients made. */
    function failingWith(error: Error) {
      let made = 0;
      const fail = () =>
        (async function* () {
          throw error;
        })();
      const connection = new EsdbConnection(
        () => {
          made++;
          return {
            readAll: fail,
            readStream: fail,
            appendToStream: async () => Promise.reject(error),
            dispose: async () => undefined,
          } as never;
        },
        { renewAfterMs: 0 },
      );
      connections.push(connection);
      return { store: new EsdbEventStore(connection), made: () => made };
    }
    const calls: [string, (store: EsdbEventStore) => Promise<unknown>][] = [
      ['ping', (store) => store.ping()],
      ['readStream', (store) => store.readStream(STREAM)],
      ['readStreamFrom', (store) => store.readStreamFrom(STREAM, 2)],
      ['readAll', (store) => store.readAll(START_OF_LOG, 10)],
      ['lagAfter', (store) => store.lagAfter(START_OF_LOG, { exactUpTo: 10 })],
      ['findIdempotency', (store) => store.findIdempotency('op-maros-01', 'k-1')],
      ['append', (store) => store.append([{ streamId: STREAM, expected: EMPTY_STREAM, events: [anEvent()] }])],
    ];

    it.each(calls)(
      '%s that finds the cluster unreachable has the next call go through a new client',
      async (_name, call) => {
        const { store, made } = failingWith(new UnavailableError());
        await expect(call(store)).rejects.toBeInstanceOf(EventStoreUnavailable);
        await expect(call(store)).rejects.toBeInstanceOf(EventStoreUnavailable);
        expect(made()).toBe(2);
      },
    );

    const notLeader = new NotLeaderError(
      Object.assign(new Error('not leader'), {
        code: 5,
        metadata: { 'leader-endpoint-host': 'node2', 'leader-endpoint-port': '2113' },
      }) as never,
    );
    it.each([
      ['a node that is not the leader (the client moves to the leader itself)', notLeader],
      ['access denied', new AccessDeniedError()],
    ])('keeps the client after %s', async (_name, error) => {
      const { store, made } = failingWith(error);
      await expect(store.readStream(STREAM)).rejects.toBeDefined();
      await expect(store.readStream(STREAM)).rejects.toBeDefined();
      expect(made()).toBe(1);
    });

    it('keeps the client after an append that lost a race', async () => {
      const moved = new WrongExpectedVersionError(undefined, {
        streamName: STREAM,
        expected: 'no_stream',
        current: 0n,
      });
      const { store, made } = failingWith(moved);
      const appending = () => store.append([{ streamId: STREAM, expected: EMPTY_STREAM, events: [anEvent()] }]);
      await expect(appending()).rejects.toBeInstanceOf(StreamVersionConflict);
      await expect(appending()).rejects.toBeInstanceOf(StreamVersionConflict);
      expect(made()).toBe(1);
    });
  });
});
