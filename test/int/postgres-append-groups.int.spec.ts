import { randomUUID } from 'node:crypto';
import { Client, type PoolClient, type QueryConfig } from 'pg';
import {
  EMPTY_STREAM,
  EventStoreUnavailable,
  IdempotencyKeyTaken,
  PostgresEventStore,
  StreamVersionConflict,
  type IdempotencyRecord,
} from '@kemitraan/event-store';
import { anEvent, eventually } from '@kemitraan/event-store/testing/contract';
import { APPEND_GROUP } from '@kemitraan/event-store/postgres/event-log.sql';
import { failedToConnect } from '@kemitraan/postgres';
import { createTestDatabase, type TestDatabase } from '@kemitraan/testing/database/test-database';

/** Appends that cannot be written yet, at most this many at once: the rest wait to be grouped. */
const WRITING = 3;

describe('appends of concurrent commands, written in groups', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let lock: PoolClient;
  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.pool);
  });
  afterAll(() => db.drop());

  /** Holds back every insert into the log, so appends pile up behind the ones being written. */
  async function holdTheLog(): Promise<void> {
    lock = await db.pool.connect();
    await lock.query('begin');
    await lock.query('lock table events in exclusive mode');
  }

  async function releaseTheLog(): Promise<void> {
    await lock.query('commit');
    lock.release();
  }

  /** The appends waiting on the lock (their backends and statements), once `enough` of them are. */
  function waitingOnTheLog(enough: (rows: readonly { pid: number; query: string }[]) => boolean) {
    return eventually(
      async () =>
        (
          await db.pool.query<{ pid: number; query: string }>(
            `select pid, query from pg_stat_activity
             where datname = current_database() and wait_event_type = 'Lock' and query like '%insert into events%'`,
          )
        ).rows,
      enough,
    );
  }

  async function writing(count: number) {
    const rows = await waitingOnTheLog((waiting) => waiting.length >= count);
    if (rows.length < count) throw new Error(`Only ${rows.length} of ${count} appends reached the lock.`);
    return rows;
  }

  const key = (): IdempotencyRecord => ({
    scope: 'op-maros-01',
    key: randomUUID(),
    fingerprint: 'f',
    result: { status: 201 },
  });

  const transactionsOf = async (streams: readonly string[]) =>
    (
      await db.pool.query<{ stream_id: string; tx: string }>(
        'select stream_id, transaction_id::text as tx from events where stream_id = any($1) order by global_position',
        [streams],
      )
    ).rows;

  it('writes each waiting command whole, several in one transaction, with every idempotency record', async () => {
    await holdTheLog();
    const first = Array.from({ length: WRITING }, () => `agreement-${randomUUID()}`);
    const firstWritten = first.map((id) =>
      store.append([{ streamId: id, expected: EMPTY_STREAM, events: [anEvent()] }]),
    );
    await writing(WRITING);
    const waiting = Array.from({ length: 8 }, () => ({ id: `agreement-${randomUUID()}`, record: key() }));
    const written = waiting.map(({ id, record }) =>
      store.append([{ streamId: id, expected: EMPTY_STREAM, events: [anEvent(), anEvent()] }], { idempotency: record }),
    );
    await releaseTheLog();
    await Promise.all([...firstWritten, ...written]);

    const rows = await transactionsOf(waiting.map((w) => w.id));
    expect(rows).toHaveLength(16);
    expect(new Set(rows.map((r) => r.tx)).size).toBe(1);
    for (const { id } of waiting) {
      const { events } = await store.readStream(id);
      expect(events.map((e) => e.version)).toEqual([1, 2]);
      expect(events[1]!.previousHash).toBe(events[0]!.hash);
    }
    for (const { record } of waiting) expect(await store.findIdempotency(record.scope, record.key)).toEqual(record);
  });

  /** The append statements sent from now on, by name: a group's, or a lone append's. */
  function countAppendStatements() {
    const queries = jest.spyOn(Client.prototype, 'query');
    const named = (prefix: string) =>
      queries.mock.calls.filter(([query]) => (query as unknown as QueryConfig).name?.startsWith(prefix)).length;
    return {
      done: () => {
        const counts = {
          groups: named(APPEND_GROUP.name!),
          alone: named('kemitraan-append-') - named(APPEND_GROUP.name!),
        };
        queries.mockRestore();
        return counts;
      },
    };
  }

  it('gives a refused command its own refusal, writes nothing of it, and writes the others of its group', async () => {
    const stale = `agreement-${randomUUID()}`;
    await store.append([{ streamId: stale, expected: EMPTY_STREAM, events: [anEvent()] }]);
    const taken = key();
    await store.append([{ streamId: `agreement-${randomUUID()}`, expected: EMPTY_STREAM, events: [anEvent()] }], {
      idempotency: taken,
    });

    await holdTheLog();
    const first = Array.from({ length: WRITING }, () =>
      store.append([{ streamId: `agreement-${randomUUID()}`, expected: EMPTY_STREAM, events: [anEvent()] }]),
    );
    await writing(WRITING);
    const staleKey = key();
    const good = Array.from({ length: 4 }, () => `agreement-${randomUUID()}`);
    const reusing = `agreement-${randomUUID()}`;
    const statements = countAppendStatements();
    const outcomes = Promise.allSettled([
      store.append([{ streamId: stale, expected: EMPTY_STREAM, events: [anEvent()] }], { idempotency: staleKey }),
      store.append([{ streamId: reusing, expected: EMPTY_STREAM, events: [anEvent()] }], { idempotency: taken }),
      ...good.map((id) => store.append([{ streamId: id, expected: EMPTY_STREAM, events: [anEvent()] }])),
    ]);
    await releaseTheLog();
    await Promise.all(first);
    const [refusedStale, refusedKey, ...written] = await outcomes;
    // Each refusal names its command, which is left out of the group's next statement; no command
    // is written alone.
    expect(statements.done()).toEqual({ groups: 3, alone: 0 });

    expect(refusedStale).toMatchObject({ status: 'rejected', reason: expect.any(StreamVersionConflict) });
    expect(refusedKey).toMatchObject({ status: 'rejected', reason: expect.any(IdempotencyKeyTaken) });
    expect(written.every((o) => o.status === 'fulfilled')).toBe(true);
    expect((await store.readStream(stale)).events).toHaveLength(1);
    expect((await store.readStream(reusing)).events).toEqual([]);
    expect(await store.findIdempotency(staleKey.scope, staleKey.key)).toBeNull();
    expect(await transactionsOf(good)).toHaveLength(good.length);
  });

  it('keeps its connection when an append is refused, rather than open a new one for the next', async () => {
    const stream = `agreement-${randomUUID()}`;
    const taken = key();
    await store.append([{ streamId: stream, expected: EMPTY_STREAM, events: [anEvent()] }], { idempotency: taken });
    // Idle connections for the appends below, whatever ran before (the append above announces
    // itself on one of them): none needs to be opened unless a refusal drops one.
    const idle = await Promise.all([db.pool.connect(), db.pool.connect()]);
    idle.forEach((client) => client.release());
    let opened = 0;
    const countOpened = () => opened++;
    db.pool.on('connect', countOpened);
    try {
      for (let i = 0; i < 5; i++) {
        await expect(
          store.append([{ streamId: stream, expected: EMPTY_STREAM, events: [anEvent()] }]),
        ).rejects.toBeInstanceOf(StreamVersionConflict);
        await expect(
          store.append([{ streamId: `agreement-${randomUUID()}`, expected: EMPTY_STREAM, events: [anEvent()] }], {
            idempotency: taken,
          }),
        ).rejects.toBeInstanceOf(IdempotencyKeyTaken);
      }
    } finally {
      db.pool.off('connect', countOpened);
    }
    expect(opened).toBe(0);
    expect((await store.readStream(stream)).events).toHaveLength(1);
  });

  it('tells every command of a group whose outcome is unknown that the store is unavailable, and retries none alone', async () => {
    await holdTheLog();
    const first = Array.from({ length: WRITING }, () => `agreement-${randomUUID()}`);
    const firstOutcomes = Promise.allSettled(
      first.map((id) => store.append([{ streamId: id, expected: EMPTY_STREAM, events: [anEvent()] }])),
    );
    const singles = await writing(WRITING);
    const grouped = Array.from({ length: 4 }, () => `agreement-${randomUUID()}`);
    const groupOutcomes = Promise.allSettled(
      grouped.map((id) => store.append([{ streamId: id, expected: EMPTY_STREAM, events: [anEvent()] }])),
    );
    // The lone appends' connections die, so the waiting ones go as a group, which dies too.
    await lock.query('select pg_terminate_backend(pid) from unnest($1::int[]) as pid', [singles.map((s) => s.pid)]);
    const group = (await waitingOnTheLog((rows) => rows.some((r) => r.query.includes('unnest')))).find((r) =>
      r.query.includes('unnest'),
    );
    if (!group) throw new Error('The waiting appends never went as a group.');
    await lock.query('select pg_terminate_backend($1)', [group.pid]);
    await releaseTheLog();

    for (const outcome of [...(await firstOutcomes), ...(await groupOutcomes)]) {
      expect(outcome).toMatchObject({ status: 'rejected', reason: expect.any(EventStoreUnavailable) });
    }
    expect(await transactionsOf([...first, ...grouped])).toEqual([]);
    // And the next append goes through, on a connection that works.
    const next = `agreement-${randomUUID()}`;
    await store.append([{ streamId: next, expected: EMPTY_STREAM, events: [anEvent()] }]);
    expect((await store.readStream(next)).events).toHaveLength(1);
  });

  it('refuses an append that could not be sent within five seconds as unavailable, having written nothing', async () => {
    await holdTheLog();
    const first = Array.from({ length: WRITING }, () =>
      store.append([{ streamId: `agreement-${randomUUID()}`, expected: EMPTY_STREAM, events: [anEvent()] }]),
    );
    await writing(WRITING);
    const late = `agreement-${randomUUID()}`;
    const refused = await store.append([{ streamId: late, expected: EMPTY_STREAM, events: [anEvent()] }]).then(
      () => null,
      (error: unknown) => error,
    );
    await releaseTheLog();
    await Promise.all(first);

    expect(refused).toBeInstanceOf(EventStoreUnavailable);
    expect(failedToConnect(refused)).toBe(true); // so the 503 says that nothing was written
    expect((await store.readStream(late)).events).toEqual([]);
  });
});
