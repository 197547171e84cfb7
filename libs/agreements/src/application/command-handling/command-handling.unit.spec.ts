import {
  EMPTY_STREAM,
  IdempotencyKeyTaken,
  InMemoryEventStore,
  StreamVersionConflict,
  type EventStore,
} from '@kemitraan/event-store';
import { ACTORS, commandOf, SEED_STORIES } from '@kemitraan/testing';
import { CommandNotAllowed, decide, type Actor, type AgreementCommand } from '../../domain';
import { IdempotencyKeyReused, PreconditionFailed, WritersContending } from './application.errors';
import { AgreementStates } from './agreement-states';
import { CommandHandling, type Attempt } from './command-handling';
import type { RequestEnvelope } from './command-request';
import { foldEvents } from './load-agreement';
import { agreementStream } from '../agreement-streams';
import { toNewEvents } from './stored-agreement-events';
import { stateAfter, summaryOf } from './summary-after';
import { MoveAgreementCommand } from '../move-agreement/move-agreement.command';
import { MoveAgreementHandler } from '../move-agreement/move-agreement.handler';

const AGREEMENT = '0192d3c0-0000-7000-8000-0000000000aa';
const STREAM = agreementStream(AGREEMENT);
const clock = { now: () => new Date('2025-08-04T02:00:00Z') };
const metadata = { commandId: 'c1', correlationId: 'c1', causationId: 'c1', actor: ACTORS.operatorMaros };
const request = (extra: Partial<RequestEnvelope> = {}): RequestEnvelope => ({
  command: { agreementId: AGREEMENT, metadata },
  ...extra,
});

const SAMARINDA_STEPS = SEED_STORIES.find((story) => story.seed.startsWith('004'))!.steps;
const [proposal, audiensi] = SAMARINDA_STEPS;
const commandFor = (step: typeof proposal): AgreementCommand =>
  commandOf(step!.command, step!.body, ACTORS[step!.as as keyof typeof ACTORS] as Actor, AGREEMENT);

/**
 * One real fact (an audiensi held) appended on whatever the stream holds when the attempt reads
 * it, answered with the summary after it, as the handlers do.
 */
const appendOne =
  (store: EventStore, calls: { count: number }): Attempt =>
  async () => {
    calls.count++;
    const { tip, events } = await store.readStream(STREAM);
    const state = foldEvents(events);
    const command = commandFor(audiensi);
    const facts = decide(command, state);
    return {
      appends: [{ streamId: STREAM, expected: tip, events: toNewEvents(facts, command) }],
      outcome: { created: false, agreement: summaryOf(stateAfter(state, facts, command, tip.version)) },
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
    const proposed = commandFor(proposal);
    await store.append([
      { streamId: STREAM, expected: EMPTY_STREAM, events: toNewEvents(decide(proposed, foldEvents([])), proposed) },
    ]);
  });

  it('appends what the attempt decided and answers its outcome', async () => {
    const outcome = await handling.run(request(), appendOne(store, calls));
    expect(outcome.agreement.version).toBe(2);
    expect((await store.readStream(STREAM)).tip.version).toBe(2);
  });

  it('lets concurrent commands on one agreement take turns, each deciding once on the state before it', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () => handling.run(request(), appendOne(store, calls))),
    );
    expect(calls.count).toBe(10);
    expect(outcomes.map((o) => o.agreement.version).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect((await store.readStream(STREAM)).tip.version).toBe(11);
  });

  it('decides again when another writer got there first', async () => {
    let raced = false;
    const racing: Attempt = async (now) => {
      const decision = await appendOne(store, calls)(now);
      if (!raced) {
        raced = true;
        await store.append((await appendOne(store, { count: 0 })(now)).appends);
      }
      return decision;
    };
    const outcome = await handling.run(request(), racing);
    expect(calls.count).toBe(2);
    expect(outcome.agreement.version).toBe(3);
    expect((await store.readStream(STREAM)).tip.version).toBe(3);
  });

  it('does not decide again when If-Match named a version: 412 with the current one', async () => {
    const stale: Attempt = async (now) => {
      const decision = await appendOne(store, calls)(now);
      return { ...decision, appends: decision.appends.map((append) => ({ ...append, expected: EMPTY_STREAM })) };
    };
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

  it('keeps a reference to the answered version under the key, not the summary', async () => {
    await handling.run(request({ idempotency: { key: 'k-5', fingerprint: 'f-1' } }), appendOne(store, calls));
    const record = await store.findIdempotency(metadata.actor.sub, 'k-5');
    expect(record?.result).toEqual({ created: false, agreementId: AGREEMENT, version: 2 });
  });

  it('answers a retried key with the agreement as it stood then, after later commands', async () => {
    const idempotency = { key: 'k-6', fingerprint: 'f-1' };
    const first = await handling.run(request({ idempotency }), appendOne(store, calls));
    await handling.run(request(), appendOne(store, calls));
    const again = await handling.run(request({ idempotency }), appendOne(store, calls));
    expect(again).toEqual(first);
    expect((await store.readStream(STREAM)).tip.version).toBe(3);
  });

  it('answers a key kept with the whole outcome (as before references) with that outcome', async () => {
    const decision = await appendOne(store, calls)(clock.now());
    const whole = JSON.parse(JSON.stringify(decision.outcome));
    await store.append(decision.appends, {
      idempotency: { scope: metadata.actor.sub, key: 'k-7', fingerprint: 'f-1', result: whole },
    });
    const again = await handling.run(
      request({ idempotency: { key: 'k-7', fingerprint: 'f-1' } }),
      appendOne(store, calls),
    );
    expect(again).toEqual(whole);
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

  it('gives up, writing nothing, when a key is taken but its record never reads back', async () => {
    const trailing = Object.assign(Object.create(store) as EventStore, {
      append: async () => {
        throw new IdempotencyKeyTaken(metadata.actor.sub, 'k-5');
      },
      findIdempotency: async () => null,
    });
    const stubborn = new CommandHandling(trailing, clock, new AgreementStates(trailing));
    await expect(
      stubborn.run(request({ idempotency: { key: 'k-5', fingerprint: 'f-1' } }), appendOne(store, calls)),
    ).rejects.toBeInstanceOf(WritersContending);
    expect(calls.count).toBe(60);
    expect((await store.readStream(STREAM)).tip.version).toBe(1);
  }, 20_000);
});

/** A real in-memory store that counts the stream reads a command makes. */
class CountingStore extends InMemoryEventStore {
  reads = 0;
  override readStream(...args: Parameters<InMemoryEventStore['readStream']>) {
    this.reads++;
    return super.readStream(...args);
  }
  override readStreamFrom(...args: Parameters<InMemoryEventStore['readStreamFrom']>) {
    this.reads++;
    return super.readStreamFrom(...args);
  }
}

/**
 * Behind a load balancer each server keeps the states it decided on, and another server's writes
 * show only when an append is refused. A command refused on a kept state appends nothing, so its
 * refusal is decided again on the stream as it is before it is answered.
 */
describe('two servers over one store, each keeping the states it decided on', () => {
  const [, , drafts, uptHead, legal] = SAMARINDA_STEPS;
  let store: CountingStore;
  let servers: MoveAgreementHandler[];

  const move = (server: number, step: typeof proposal, expectedVersion?: number) => {
    const { metadata, ...command } = commandFor(step);
    const { now: _decidedLater, ...untimed } = metadata;
    const request = { command: { ...command, metadata: untimed }, expectedVersion };
    return servers[server]!.execute(new MoveAgreementCommand(request as MoveAgreementCommand['request']));
  };

  beforeEach(async () => {
    store = new CountingStore();
    servers = [0, 1].map(() => {
      const states = new AgreementStates(store);
      return new MoveAgreementHandler(new CommandHandling(store, clock, states), states);
    });
    const proposed = commandFor(proposal);
    await store.append([
      { streamId: STREAM, expected: EMPTY_STREAM, events: toNewEvents(decide(proposed, foldEvents([])), proposed) },
    ]);
  });

  it('takes a command its kept state would refuse when the other server made it possible, reading once more', async () => {
    await move(0, audiensi); // server 0 keeps the agreement in audiensiHeld
    await move(1, drafts); // server 1 submits the draft: drafted
    store.reads = 0;
    const approved = await move(0, uptHead); // server 0's kept state says audiensiHeld
    expect(store.reads).toBe(1);
    expect(approved.agreement).toMatchObject({ state: 'drafted', version: 4 });
    expect((await move(0, legal)).agreement.version).toBe(5);
    expect((await store.readStream(STREAM)).events.map((e) => e.type)).toEqual([
      'AgreementProposed',
      'AudiensiHeld',
      'DraftSubmitted',
      'DraftApproved',
      'DraftApproved',
    ]);
  });

  it('refuses what the stream as it is refuses, writing nothing, after one read at most', async () => {
    await move(0, audiensi);
    store.reads = 0;
    await expect(move(0, uptHead)).rejects.toMatchObject({ state: 'audiensiHeld' }); // kept: one read to check
    expect(store.reads).toBe(1);
    store.reads = 0;
    await expect(move(1, uptHead)).rejects.toBeInstanceOf(CommandNotAllowed); // read fresh: no second read
    expect(store.reads).toBe(1);
    expect((await store.readStream(STREAM)).tip.version).toBe(2);
  });

  it('answers 412 to If-Match on a kept state the other server moved on, whatever the kept state refuses', async () => {
    await move(0, audiensi);
    await move(1, drafts);
    await expect(move(0, uptHead, 2)).rejects.toMatchObject({ currentVersion: 3 });
    expect((await store.readStream(STREAM)).tip.version).toBe(3);
  });
});
