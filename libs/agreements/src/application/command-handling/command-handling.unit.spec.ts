import { EMPTY_STREAM, InMemoryEventStore, StreamVersionConflict, type EventStore } from '@kemitraan/event-store';
import { anEvent } from '@kemitraan/event-store/testing/contract';
import { ACTORS } from '@kemitraan/testing';
import type { AgreementSummary } from '../../domain';
import { IdempotencyKeyReused, PreconditionFailed, WritersContending } from './application.errors';
import { AgreementStates } from './agreement-states';
import { CommandHandling, type Attempt } from './command-handling';
import type { RequestEnvelope } from './command-request';

const AGREEMENT = '0192d3c0-0000-7000-8000-0000000000aa';
const STREAM = `agreement-${AGREEMENT}`;
const clock = { now: () => new Date('2025-08-04T02:00:00Z') };
const metadata = { commandId: 'c1', correlationId: 'c1', causationId: 'c1', actor: ACTORS.operatorMaros };
const request = (extra: Partial<RequestEnvelope> = {}): RequestEnvelope => ({
  command: { agreementId: AGREEMENT, metadata },
  ...extra,
});
const summary = (version: number) => ({ id: AGREEMENT, version }) as AgreementSummary;

/** One event appended on whatever the stream holds when the attempt reads it. */
const appendOne =
  (store: EventStore, calls: { count: number }): Attempt =>
  async () => {
    calls.count++;
    const { tip } = await store.readStream(STREAM);
    return {
      appends: [{ streamId: STREAM, expected: tip, events: [anEvent()] }],
      outcome: { created: false, agreement: summary(tip.version + 1) },
      decided: [],
    };
  };

describe('command handling', () => {
  let store: InMemoryEventStore;
  let handling: CommandHandling;
  const calls = { count: 0 };

  beforeEach(async () => {
    store = new InMemoryEventStore();
    handling = new CommandHandling(store, clock, new AgreementStates(store));
    calls.count = 0;
    await store.append([{ streamId: STREAM, expected: EMPTY_STREAM, events: [anEvent()] }]);
  });

  it('appends what the attempt decided and answers its outcome', async () => {
    const outcome = await handling.run(request(), appendOne(store, calls));
    expect(outcome.agreement.version).toBe(2);
    expect((await store.readStream(STREAM)).tip.version).toBe(2);
  });

  it('decides again when another writer got there first', async () => {
    let raced = false;
    const racing: Attempt = async (now) => {
      const decision = await appendOne(store, calls)(now);
      if (!raced) {
        raced = true;
        const { tip } = await store.readStream(STREAM);
        await store.append([{ streamId: STREAM, expected: tip, events: [anEvent()] }]);
      }
      return decision;
    };
    const outcome = await handling.run(request(), racing);
    expect(calls.count).toBe(2);
    expect(outcome.agreement.version).toBe(3);
    expect((await store.readStream(STREAM)).tip.version).toBe(3);
  });

  it('does not decide again when If-Match named a version: 412 with the current one', async () => {
    const stale: Attempt = async () => ({
      appends: [{ streamId: STREAM, expected: EMPTY_STREAM, events: [anEvent()] }],
      outcome: { created: false, agreement: summary(1) },
      decided: [],
    });
    await expect(handling.run(request({ expectedVersion: 0 }), stale)).rejects.toMatchObject(
      new PreconditionFailed(0, 1),
    );
    expect((await store.readStream(STREAM)).tip.version).toBe(1);
  });

  it('answers a retried Idempotency-Key with the first outcome, appending nothing', async () => {
    const idempotency = { key: 'k-1', fingerprint: 'f-1' };
    const first = await handling.run(request({ idempotency }), appendOne(store, calls));
    const again = await handling.run(request({ idempotency }), appendOne(store, calls));
    expect(again).toEqual(first);
    expect(again.agreement.version).toBe(2);
    expect((await store.readStream(STREAM)).tip.version).toBe(2);
  });

  it('answers a retried key with the first outcome even when its decision is now refused', async () => {
    const idempotency = { key: 'k-3', fingerprint: 'f-1' };
    const first = await handling.run(request({ idempotency }), appendOne(store, calls));
    const refusing: Attempt = async () => {
      throw new PreconditionFailed(1, 2);
    };
    await expect(handling.run(request({ idempotency }), refusing)).resolves.toEqual(first);
    await expect(handling.run(request({ idempotency: { key: 'k-4', fingerprint: 'f-1' } }), refusing)).rejects.toEqual(
      new PreconditionFailed(1, 2),
    );
    expect((await store.readStream(STREAM)).tip.version).toBe(2);
  });

  it('refuses a key used before for another request (422)', async () => {
    await handling.run(request({ idempotency: { key: 'k-2', fingerprint: 'f-1' } }), appendOne(store, calls));
    await expect(
      handling.run(request({ idempotency: { key: 'k-2', fingerprint: 'f-2' } }), appendOne(store, calls)),
    ).rejects.toBeInstanceOf(IdempotencyKeyReused);
  });

  it('gives up, writing nothing, when it never gets its turn', async () => {
    const losing = Object.assign(Object.create(store) as EventStore, {
      append: async () => {
        throw new StreamVersionConflict(STREAM, 1);
      },
    });
    const stubborn = new CommandHandling(losing, clock, new AgreementStates(losing));
    await expect(stubborn.run(request(), appendOne(store, calls))).rejects.toBeInstanceOf(WritersContending);
    expect(calls.count).toBe(60);
  }, 20_000);
});
