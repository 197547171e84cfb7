import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import {
  AgreementStates,
  MoveAgreementCommand,
  PreconditionFailed,
  type Actor,
  type CommandOutcome,
} from '@kemitraan/agreements';
import { loadAgreement } from '@kemitraan/agreements/application/command-handling/load-agreement';
import { EVENT_STORE, verifyChain, type EventStore } from '@kemitraan/event-store';
import { ACTORS, SEED_STORIES } from '@kemitraan/seeds';
import { createTestDatabase, type TestDatabase } from '@kemitraan/testing/database/test-database';
import { UnitsService } from '@kemitraan/units';
import { CliModule } from '../../apps/api/src/cli/cli.module';
import { SeedTeller } from '../../apps/api/src/cli/seed-teller';

const operator = ACTORS.operatorSamarinda as Actor;
const samarinda = SEED_STORIES.find((story) => story.seed.startsWith('004'))!;

/** One server's application (its own kept states) on the shared test database. */
const server = (url: string) =>
  NestFactory.createApplicationContext(
    CliModule.forRoot({ databaseUrl: url, dataDir: '/tmp', runProjections: false }),
    {
      logger: false,
    },
  );

const activity = (app: INestApplicationContext, agreementId: string, expectedVersion?: number) => {
  const commandId = randomUUID();
  return app.get(CommandBus).execute<MoveAgreementCommand, CommandOutcome>(
    new MoveAgreementCommand({
      command: {
        type: 'activities',
        agreementId,
        metadata: { commandId, correlationId: commandId, causationId: commandId, actor: operator },
        data: { date: '2025-06-01', kind: 'PRODUCTION', title: 'Produksi', participants: 2, revenueIdr: 1000 },
      },
      ...(expectedVersion === undefined ? {} : { expectedVersion }),
    }),
  );
};

describe('the agreement states a server keeps between commands', () => {
  let db: TestDatabase;
  let one: INestApplicationContext;
  let other: INestApplicationContext;
  let store: EventStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    [one, other] = await Promise.all([server(db.url), server(db.url)]);
    store = one.get(EVENT_STORE);
  });

  afterAll(async () => {
    await Promise.all([one?.close(), other?.close()]);
    await db?.drop();
  });

  it('are exactly what folding the stored stream gives, after every seed story', async () => {
    const teller = new SeedTeller(one.get(CommandBus), one.get(UnitsService));
    const states = one.get(AgreementStates);
    for (const story of SEED_STORIES) {
      const { agreementId } = await teller.tell(story, `kept-${story.seed}`);
      const reads = jest.spyOn(store, 'readStream');
      const kept = await states.load(agreementId);
      expect(reads).not.toHaveBeenCalled();
      reads.mockRestore();
      const read = await loadAgreement(store, agreementId);
      expect(kept).not.toBe(read);
      expect(kept).toEqual(read);
    }
  });

  it('are found stale when another server wrote, and the command is decided again on the stream', async () => {
    const { agreementId } = await new SeedTeller(one.get(CommandBus), one.get(UnitsService)).tell(samarinda, 'stale');
    const first = await activity(one, agreementId);
    const second = await activity(other, agreementId);
    const third = await activity(one, agreementId);
    expect([second.agreement.version, third.agreement.version]).toEqual([
      first.agreement.version + 1,
      first.agreement.version + 2,
    ]);
    expect(third.agreement.activities).toEqual({
      count: first.agreement.activities.count + 2,
      participants: first.agreement.activities.participants + 4,
      revenueIdr: first.agreement.activities.revenueIdr + 2000,
    });
    const { events } = await store.readStream(`agreement-${agreementId}`);
    expect(events).toHaveLength(third.agreement.version);
    expect(verifyChain(events).valid).toBe(true);
  });

  it('once found stale, are brought up to date with the events from their tip on, not the whole stream', async () => {
    const { agreementId } = await new SeedTeller(one.get(CommandBus), one.get(UnitsService)).tell(samarinda, 'on');
    await activity(one, agreementId);
    await activity(other, agreementId);
    await activity(other, agreementId);
    const wholeReads = jest.spyOn(store, 'readStream');
    const readsFrom = jest.spyOn(store, 'readStreamFrom');
    const decided = await activity(one, agreementId);
    expect(wholeReads).not.toHaveBeenCalled();
    expect(readsFrom).toHaveBeenCalledTimes(1);
    wholeReads.mockRestore();
    readsFrom.mockRestore();
    const read = await loadAgreement(store, agreementId);
    expect(read.tip.version).toBe(decided.agreement.version);
    expect(await one.get(AgreementStates).load(agreementId)).toEqual(read);
  });

  it('are read again whole when the log does not hold their tip as kept', async () => {
    const { agreementId } = await new SeedTeller(one.get(CommandBus), one.get(UnitsService)).tell(samarinda, 'whole');
    const states = one.get(AgreementStates);
    const kept = await states.load(agreementId);
    states.remember(agreementId, { ...kept, tip: { ...kept.tip, hash: 'f'.repeat(64) } });
    states.doubt(agreementId);
    const wholeReads = jest.spyOn(store, 'readStream');
    const loaded = await states.load(agreementId);
    expect(wholeReads).toHaveBeenCalledTimes(1);
    wholeReads.mockRestore();
    expect(loaded).toEqual(await loadAgreement(store, agreementId));
  });

  it('never refuse an If-Match naming a version written by another server, and still refuse an old one', async () => {
    const { agreementId } = await new SeedTeller(one.get(CommandBus), one.get(UnitsService)).tell(samarinda, 'match');
    const mine = await activity(one, agreementId);
    const theirs = await activity(other, agreementId, mine.agreement.version);
    const again = await activity(one, agreementId, theirs.agreement.version);
    expect(again.agreement.version).toBe(theirs.agreement.version + 1);
    await expect(activity(other, agreementId, theirs.agreement.version)).rejects.toEqual(
      new PreconditionFailed(theirs.agreement.version, again.agreement.version),
    );
    expect((await store.readStream(`agreement-${agreementId}`)).tip.version).toBe(again.agreement.version);
  });
});
