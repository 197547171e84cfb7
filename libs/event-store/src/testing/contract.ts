import { randomUUID } from 'node:crypto';
import { IdempotencyKeyTaken, StreamVersionConflict } from '../event-store.errors';
import {
  EMPTY_STREAM,
  START_OF_LOG,
  type EventStore,
  type NewEvent,
  type ReadModelEvent,
  type StoredEvent,
} from '../event-store.port';
import { verifyChain } from '../hash-chain';

export interface ContractSubject {
  readonly store: EventStore;
  teardown(): Promise<void>;
}

const actor = { sub: 'op-maros-01', name: 'Rifqi Jalil', roles: ['operator'], unit: 'LAPAS-MAROS' };

/** A new event with awkward but legal content: unicode, nesting, empty containers, big integers. */
export function anEvent(type = 'AudiensiHeld', data: NewEvent['data'] = {}): NewEvent {
  const commandId = randomUUID();
  return {
    eventId: randomUUID(),
    type,
    data: {
      place: 'Kantor Bupati Maros — ruang rapat “Lontara” 😀',
      attendees: [{ name: 'H.A.S. Chaidir Syam', role: 'Bupati' }],
      empty: { list: [], map: {} },
      revenueIdr: 9_007_199_254_740_991,
      ratio: 0.1,
      ...data,
    },
    metadata: {
      actor,
      at: '2025-08-04T02:00:00.000Z',
      commandId,
      correlationId: commandId,
      causationId: commandId,
      machineVersion: 'agreement@1',
    },
  };
}

const stream = () => `agreement-${randomUUID()}`;

/** What a read model folds of an event (ReadModelEvent), whichever way it was read. */
export const foldedPartOf = ({ streamId, version, eventId, type, data, metadata, position }: ReadModelEvent) => ({
  streamId,
  version,
  eventId,
  type,
  data,
  metadata: { actor: metadata.actor, at: metadata.at },
  position,
});

/**
 * Reads until `enough` holds: a reader of the whole log may wait for transactions that are still
 * running anywhere on the server (another test's, too) before it sees what committed after them.
 */
export async function eventually<T>(
  read: () => Promise<T>,
  enough: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (enough(value) || Date.now() >= deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function collect(
  iterable: AsyncIterable<StoredEvent>,
  count: number,
  signal: AbortController,
): Promise<StoredEvent[]> {
  const seen: StoredEvent[] = [];
  for await (const event of iterable) {
    seen.push(event);
    if (seen.length === count) signal.abort();
  }
  return seen;
}

/**
 * What every event-store adapter must do, run against a real instance of its store.
 * `label` names the adapter exactly, so a report says which store was tested.
 */
export function eventStoreContract(label: string, open: () => Promise<ContractSubject>): void {
  describe(`${label}: the event-store contract`, () => {
    let subject: ContractSubject;
    let store: EventStore;
    beforeAll(async () => {
      subject = await open();
      store = subject.store;
    });
    afterAll(async () => subject?.teardown());

    it('reads a stream never written as empty', async () => {
      const read = await store.readStream(stream());
      expect(read.events).toEqual([]);
      expect(read.tip).toEqual(EMPTY_STREAM);
    });

    it('appends to a new stream, numbering from 1 and chaining hashes', async () => {
      const id = stream();
      const events = [anEvent('AgreementProposed'), anEvent(), anEvent()];
      const { tips } = await store.append([{ streamId: id, expected: EMPTY_STREAM, events }]);
      const read = await store.readStream(id);
      expect(read.events.map((e) => e.version)).toEqual([1, 2, 3]);
      expect(read.events.map(({ eventId, type, data, metadata }) => ({ eventId, type, data, metadata }))).toEqual(
        events,
      );
      expect(read.events[0]!.previousHash).toBeNull();
      expect(read.events[1]!.previousHash).toBe(read.events[0]!.hash);
      expect(read.tip).toEqual({ version: 3, hash: read.events[2]!.hash });
      expect(tips.get(id)).toEqual(read.tip);
      expect(verifyChain(read.events)).toEqual({ valid: true, events: 3 });
    });

    it('reads a stream from a version on, as the whole read gives those events', async () => {
      const id = stream();
      await store.append([{ streamId: id, expected: EMPTY_STREAM, events: [anEvent(), anEvent(), anEvent()] }]);
      const { events } = await store.readStream(id);
      expect(await store.readStreamFrom(id, 2)).toEqual(events.slice(1));
      expect(await store.readStreamFrom(id, 1)).toEqual(events);
      expect(await store.readStreamFrom(id, 3)).toEqual(events.slice(2));
      expect(await store.readStreamFrom(id, 4)).toEqual([]);
      expect(await store.readStreamFrom(stream(), 1)).toEqual([]);
    });

    it('appends after the tip it was given', async () => {
      const id = stream();
      await store.append([{ streamId: id, expected: EMPTY_STREAM, events: [anEvent()] }]);
      const { tip } = await store.readStream(id);
      await store.append([{ streamId: id, expected: tip, events: [anEvent()] }]);
      const read = await store.readStream(id);
      expect(read.events.map((e) => e.version)).toEqual([1, 2]);
      expect(verifyChain(read.events).valid).toBe(true);
    });

    it('refuses an append from a stale version, writing nothing', async () => {
      const id = stream();
      await store.append([{ streamId: id, expected: EMPTY_STREAM, events: [anEvent(), anEvent()] }]);
      const stale = { version: 1, hash: (await store.readStream(id)).events[0]!.hash };
      await expect(store.append([{ streamId: id, expected: stale, events: [anEvent()] }])).rejects.toBeInstanceOf(
        StreamVersionConflict,
      );
      await expect(
        store.append([{ streamId: id, expected: EMPTY_STREAM, events: [anEvent()] }]),
      ).rejects.toBeInstanceOf(StreamVersionConflict);
      expect((await store.readStream(id)).tip.version).toBe(2);
    });

    it('refuses an append whose expected hash is not the stream tip', async () => {
      const id = stream();
      await store.append([{ streamId: id, expected: EMPTY_STREAM, events: [anEvent()] }]);
      const forged = { version: 1, hash: 'f'.repeat(64) };
      await expect(store.append([{ streamId: id, expected: forged, events: [anEvent()] }])).rejects.toBeInstanceOf(
        StreamVersionConflict,
      );
      expect((await store.readStream(id)).tip.version).toBe(1);
    });

    it('writes several streams all or nothing', async () => {
      const [a, b] = [stream(), stream()];
      await store.append([{ streamId: b, expected: EMPTY_STREAM, events: [anEvent()] }]);
      const both = [
        { streamId: a, expected: EMPTY_STREAM, events: [anEvent()] },
        { streamId: b, expected: EMPTY_STREAM, events: [anEvent()] },
      ];
      await expect(store.append(both)).rejects.toBeInstanceOf(StreamVersionConflict);
      expect((await store.readStream(a)).events).toEqual([]);
      const { tip } = await store.readStream(b);
      const { tips } = await store.append([both[0]!, { ...both[1]!, expected: tip }]);
      expect([tips.get(a)?.version, tips.get(b)?.version]).toEqual([1, 2]);
    });

    it('lets exactly one of many concurrent writers at one version win', async () => {
      const id = stream();
      await store.append([{ streamId: id, expected: EMPTY_STREAM, events: [anEvent()] }]);
      const { tip } = await store.readStream(id);
      const outcomes = await Promise.allSettled(
        Array.from({ length: 12 }, () => store.append([{ streamId: id, expected: tip, events: [anEvent()] }])),
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(refused.every((o) => o.reason instanceof StreamVersionConflict)).toBe(true);
      expect((await store.readStream(id)).events.map((e) => e.version)).toEqual([1, 2]);
    });

    it('keeps an idempotency record with the events, and refuses its key twice', async () => {
      const [id, key] = [stream(), randomUUID()];
      const record = {
        scope: 'op-maros-01',
        key,
        fingerprint: 'f1',
        result: { status: 201, body: { id, version: 1 } },
      };
      await store.append([{ streamId: id, expected: EMPTY_STREAM, events: [anEvent()] }], { idempotency: record });
      expect(await store.findIdempotency('op-maros-01', key)).toEqual(record);
      expect(await store.findIdempotency('someone-else', key)).toBeNull();
      const other = stream();
      await expect(
        store.append([{ streamId: other, expected: EMPTY_STREAM, events: [anEvent()] }], { idempotency: record }),
      ).rejects.toBeInstanceOf(IdempotencyKeyTaken);
      expect((await store.readStream(other)).events).toEqual([]);
    });

    it('writes no idempotency record when the append is refused', async () => {
      const [id, key] = [stream(), randomUUID()];
      await store.append([{ streamId: id, expected: EMPTY_STREAM, events: [anEvent()] }]);
      const record = { scope: 's', key, fingerprint: 'f', result: null };
      await expect(
        store.append([{ streamId: id, expected: EMPTY_STREAM, events: [anEvent()] }], { idempotency: record }),
      ).rejects.toBeInstanceOf(StreamVersionConflict);
      expect(await store.findIdempotency('s', key)).toBeNull();
    });

    it('reads the whole log in order from any position, in pages', async () => {
      const id = stream();
      const [marker, ...events] = [anEvent(), anEvent(), anEvent(), anEvent()];
      await store.append([{ streamId: id, expected: EMPTY_STREAM, events: [marker!] }]);
      const upToMarker = await eventually(
        () => store.readAll(START_OF_LOG, 1_000_000),
        (all) => all.some((e) => e.eventId === marker!.eventId),
      );
      const from = upToMarker.find((e) => e.eventId === marker!.eventId)!.position;
      const { tip } = await store.readStream(id);
      await store.append([{ streamId: id, expected: tip, events }]);
      const page1 = await eventually(
        () => store.readAll(from, 2),
        (page) => page.length === 2,
      );
      const page2 = await store.readAll(page1.at(-1)!.position, 2);
      expect([...page1, ...page2].map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
      expect(await store.readAll(page2.at(-1)!.position, 10)).toEqual([]);
    });

    it('reads the log for the read models: the same events in the same pages, with who and when', async () => {
      const id = stream();
      const events = [anEvent(), anEvent('DraftSubmitted'), anEvent()];
      await store.append([{ streamId: id, expected: EMPTY_STREAM, events }]);
      const all = await eventually(
        () => store.readAll(START_OF_LOG, 1_000_000),
        (read) => read.some((e) => e.eventId === events[2]!.eventId),
      );
      const from = all[all.findIndex((e) => e.eventId === events[0]!.eventId) - 1]?.position ?? START_OF_LOG;
      const whole = await store.readAll(from, 2);
      const asFolded = await store.readAllForReadModels(from, 2);
      expect(asFolded.map(foldedPartOf)).toEqual(whole.map(foldedPartOf));
      expect(asFolded.map((e) => e.eventId)).toEqual(events.slice(0, 2).map((e) => e.eventId));
      const next = asFolded.at(-1)!.position;
      const rest = await store.readAllForReadModels(next, 10);
      expect(rest[0]!.eventId).toBe(events[2]!.eventId);
      expect(rest.map(foldedPartOf)).toEqual((await store.readAll(next, 10)).map(foldedPartOf));
    });

    it('follows the log: old events, then each new one as it commits', async () => {
      const id = stream();
      const first = anEvent();
      await store.append([{ streamId: id, expected: EMPTY_STREAM, events: [first] }]);
      const all = await eventually(
        () => store.readAll(START_OF_LOG, 1_000_000),
        (events) => events.some((e) => e.eventId === first.eventId),
      );
      const after = all[all.findIndex((e) => e.eventId === first.eventId) - 1]?.position ?? START_OF_LOG;
      const stop = new AbortController();
      const received = collect(store.subscribe({ after, signal: stop.signal }), 3, stop);
      const { tip } = await store.readStream(id);
      const later = [anEvent(), anEvent()];
      await store.append([{ streamId: id, expected: tip, events: later }]);
      const seen = await received;
      expect(seen.map((e) => e.eventId)).toEqual([first, ...later].map((e) => e.eventId));
    });

    it('counts the events a reader at a position still has to read', async () => {
      const id = stream();
      const events = [anEvent(), anEvent(), anEvent()];
      await store.append([{ streamId: id, expected: EMPTY_STREAM, events }]);
      const all = await eventually(
        () => store.readAll(START_OF_LOG, 1_000_000),
        (read) => read.some((e) => e.eventId === events[2]!.eventId),
      );
      const first = all.find((e) => e.eventId === events[0]!.eventId)!;
      const exact = { exactUpTo: 1_000_000 };
      expect(await store.lagAfter(first.position, exact)).toBe(2);
      expect(await store.lagAfter(all.at(-1)!.position, exact)).toBe(0);
      expect(await store.lagAfter(START_OF_LOG, exact)).toBe(all.length);
    });

    it('counts exactly up to the bound it is given, and beyond it never answers less than the count', async () => {
      const id = stream();
      const events = [anEvent(), anEvent(), anEvent(), anEvent(), anEvent()];
      await store.append([{ streamId: id, expected: EMPTY_STREAM, events }]);
      const all = await eventually(
        () => store.readAll(START_OF_LOG, 1_000_000),
        (read) => read.some((e) => e.eventId === events[4]!.eventId),
      );
      const exactUpTo = 2;
      const from = all.findIndex((e) => e.eventId === events[0]!.eventId) - 1;
      const readers = [
        { position: START_OF_LOG, behind: all.length },
        ...all.slice(Math.max(from, 0)).map((e) => ({ position: e.position, behind: all.length - all.indexOf(e) - 1 })),
      ];
      expect(readers.map((r) => r.behind)).toEqual(expect.arrayContaining([0, 1, 2, 3, 4]));
      for (const { position, behind } of readers) {
        const lag = await store.lagAfter(position, { exactUpTo });
        if (behind <= exactUpTo) expect(lag).toBe(behind);
        else expect(lag).toBeGreaterThanOrEqual(behind);
      }
      expect(await store.lagAfter(all.at(-1)!.position, { exactUpTo: 0 })).toBe(0);
      expect(await store.lagAfter(all.at(-2)!.position, { exactUpTo: 0 })).toBeGreaterThanOrEqual(1);
    });

    it('wakes a waiting reader when an append commits, long before its poll interval', async () => {
      const watch = store.watchAppends();
      try {
        await watch.wait(50, new AbortController().signal); // lets the watch start listening
        const started = Date.now();
        const woken = watch.wait(30_000, new AbortController().signal).then(() => Date.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 50));
        await store.append([{ streamId: stream(), expected: EMPTY_STREAM, events: [anEvent()] }]);
        expect(await woken).toBeLessThan(10_000);
      } finally {
        watch.close();
      }
    });

    it('answers when asked whether it is up', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
