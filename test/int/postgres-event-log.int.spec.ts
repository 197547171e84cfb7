import { randomUUID } from 'node:crypto';
import { EMPTY_STREAM, PostgresEventStore, START_OF_LOG, START_OF_STREAMS, chainEvents } from '@kemitraan/event-store';
import { anEvent, eventually, foldedPartOf } from '@kemitraan/event-store/testing/contract';
import { APPEND_GROUP, appendStatement } from '@kemitraan/event-store/postgres/event-log.sql';
import { MIGRATIONS, createPool, migrate } from '@kemitraan/postgres';
import { createTestDatabase, type TestDatabase } from '@kemitraan/testing/database/test-database';
import { insertRawEvent } from '../support/raw-events';

describe('the PostgreSQL event log', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.pool);
  });
  afterAll(() => db.drop());

  it('never lets a reader skip an event whose transaction commits after a later one', async () => {
    await store.append([{ streamId: 'agreement-before', expected: EMPTY_STREAM, events: [anEvent()] }]);
    const seen = await eventually(
      () => store.readAll(START_OF_LOG, 100_000),
      (all) => all.some((e) => e.streamId === 'agreement-before'),
    );
    const from = seen.at(-1)!.position;
    const slow = await db.pool.connect();
    try {
      await slow.query('begin');
      await insertRawEvent(slow, 'agreement-slow');
      await store.append([{ streamId: 'agreement-fast', expected: EMPTY_STREAM, events: [anEvent()] }]);

      expect(await store.readAll(from, 100)).toEqual([]);

      await slow.query('commit');
    } finally {
      slow.release();
    }
    const read = await eventually(
      () => store.readAll(from, 100),
      (events) => events.length >= 2,
    );
    expect(read.map((e) => e.streamId)).toEqual(['agreement-slow', 'agreement-fast']);
  });

  it('reads stream by stream below a horizon, and the log after it in log order, each event once', async () => {
    const own = await createTestDatabase();
    try {
      const log = new PostgresEventStore(own.pool);
      // Before any event: no event names the horizon's place, so the horizon itself does.
      const empty = await log.committedHorizon();
      expect(await log.lastPositionBefore(empty)).toEqual(empty);
      const streams = Array.from({ length: 6 }, () => `agreement-${randomUUID()}`);
      const tips = new Map(streams.map((s) => [s, EMPTY_STREAM]));
      for (let round = 0; round < 4; round++) {
        const { tips: after } = await log.append(
          streams.map((streamId) => ({ streamId, expected: tips.get(streamId)!, events: [anEvent()] })),
        );
        for (const [stream, tip] of after) tips.set(stream, tip);
      }
      const open = await own.pool.connect();
      try {
        // Running when the horizon is fixed: its event must fall after the horizon, not below it.
        await open.query('begin');
        await insertRawEvent(open, 'agreement-open');
        const horizon = await log.committedHorizon();
        await log.append([{ streamId: streams[0]!, expected: tips.get(streams[0]!)!, events: [anEvent()] }]);
        await open.query('commit');

        const below = [];
        for (let after = START_OF_STREAMS; ;) {
          const page = await log.readStreamsInOrder(horizon, after, 5);
          if (page.length === 0) break;
          below.push(...page);
          after = { streamId: page.at(-1)!.streamId, version: page.at(-1)!.version };
        }
        const { rows } = await own.pool.query<{ stream_id: string }>(
          'select distinct stream_id from events where stream_id = any($1) order by stream_id',
          [streams],
        );
        expect(below.map((e) => `${e.streamId}@${e.version}`)).toEqual(
          rows.flatMap(({ stream_id }) => [1, 2, 3, 4].map((v) => `${stream_id}@${v}`)),
        );
        // The last event before the horizon names a position readAll goes on from just as well.
        const last = await log.lastPositionBefore(horizon);
        const all = await log.readAll(START_OF_LOG, 1_000);
        expect(all.filter((e) => e.position.commit < horizon.commit).at(-1)?.position).toEqual(last);
        const later = await eventually(
          () => log.readAll(horizon, 100),
          (events) => events.length >= 2,
        );
        expect(await log.readAll(last, 100)).toEqual(later);
        expect(later.map((e) => `${e.streamId}@${e.version}`).sort()).toEqual(
          [`${streams[0]}@5`, 'agreement-open@1'].sort(),
        );
      } finally {
        open.release();
      }
    } finally {
      await own.drop();
    }
  });

  it('reads stream by stream each event as the read models fold it: who and when, no hashes', async () => {
    const streamId = `agreement-${randomUUID()}`;
    const recorded = { ...anEvent(), metadata: { ...anEvent().metadata, reason: 'Adendum' } };
    await store.append([{ streamId, expected: EMPTY_STREAM, events: [recorded, anEvent('DraftSubmitted')] }]);
    const { events: stored } = await store.readStream(streamId);
    const horizon = await eventually(
      () => store.committedHorizon(),
      (h) => h.commit > stored.at(-1)!.position.commit,
    );

    const read = await store.readStreamsInOrder(horizon, { streamId, version: 0 }, 2);

    expect(read).toEqual(stored.map(foldedPartOf));
    // What no read model folds is not even read: the rest of the metadata, and the chain's hashes.
    expect(Object.keys(read[0]!.metadata).sort()).toEqual(['actor', 'at']);
    expect(read[0]).not.toHaveProperty('hash');
  });

  it('follows the log for the read models with each event as they fold it: who and when, no hashes', async () => {
    const streamId = `agreement-${randomUUID()}`;
    const recorded = { ...anEvent(), metadata: { ...anEvent().metadata, reason: 'Adendum' } };
    await store.append([{ streamId, expected: EMPTY_STREAM, events: [recorded] }]);
    const { events: stored } = await store.readStream(streamId);
    const all = await eventually(
      () => store.readAll(START_OF_LOG, 100_000),
      (read) => read.some((e) => e.eventId === recorded.eventId),
    );
    const before = all[all.findIndex((e) => e.eventId === recorded.eventId) - 1]?.position ?? START_OF_LOG;

    const [read] = await store.readAllForReadModels(before, 1);

    expect(read).toEqual(foldedPartOf(stored[0]!));
    expect(Object.keys(read!.metadata).sort()).toEqual(['actor', 'at']);
    expect(read).not.toHaveProperty('hash');
  });

  it('refuses to change or delete a recorded event', async () => {
    const id = `agreement-${randomUUID()}`;
    await store.append([{ streamId: id, expected: EMPTY_STREAM, events: [anEvent()] }]);
    await expect(db.pool.query(`update events set data = '{}' where stream_id = $1`, [id])).rejects.toThrow(
      /never changed or deleted/,
    );
    await expect(db.pool.query('delete from events where stream_id = $1', [id])).rejects.toThrow(
      /never changed or deleted/,
    );
    await expect(db.pool.query('truncate events')).rejects.toThrow(/never changed or deleted/);
  });

  it('refuses an event that does not link to the last one of its stream', async () => {
    const id = `agreement-${randomUUID()}`;
    await store.append([{ streamId: id, expected: EMPTY_STREAM, events: [anEvent()] }]);
    const [orphan] = chainEvents(id, { version: 1, hash: '0'.repeat(64) }, [anEvent()]);
    await expect(
      db.pool.query(
        `insert into events (stream_id, version, event_id, type, data, metadata, hash, previous_hash)
         values ($1, 2, $2, $3, $4, $5, $6, $7)`,
        [id, orphan!.eventId, orphan!.type, orphan!.data, orphan!.metadata, orphan!.hash, orphan!.previousHash],
      ),
    ).rejects.toThrow(/does not follow the last event/);
  });

  it('refuses an event dated before the one before it, or not as the server dates events, though its link is right; takes one dated the same or later', async () => {
    const id = `agreement-${randomUUID()}`;
    const dated = (at: string) => {
      const event = anEvent();
      return { ...event, metadata: { ...event.metadata, at } };
    };
    const { tips } = await store.append([
      { streamId: id, expected: EMPTY_STREAM, events: [dated('2025-08-04T02:00:00.000Z')] },
    ]);
    const tip = tips.get(id)!;
    const insert = (at: string) => {
      // Written around the server, as an insider with INSERT could: the link and hash are right.
      const [event] = chainEvents(id, tip, [dated(at)]);
      return db.pool.query(
        `insert into events (stream_id, version, event_id, type, data, metadata, hash, previous_hash)
         values ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          id,
          event!.version,
          event!.eventId,
          event!.type,
          event!.data,
          event!.metadata,
          event!.hash,
          event!.previousHash,
        ],
      );
    };
    await expect(insert('2025-08-04T01:59:59.999Z')).rejects.toThrow(/is dated .* before the event before it/);
    // Only as the server dates events, so that no time the database cannot read blocks the stream.
    for (const odd of ['2025-08-04T09:00:00.000+07:00', '2025-02-30T00:00:00.000', 'kemarin', ''])
      await expect(insert(odd)).rejects.toThrow(/not as the server dates events/);
    await expect(
      store.append([{ streamId: id, expected: tip, events: [dated('2025-08-03T00:00:00.000Z')] }]),
    ).rejects.toMatchObject({ code: '23514', constraint: 'events_dated_in_order' });
    expect((await store.readStream(id)).tip.version).toBe(1);
    await insert('2025-08-04T02:00:00.000Z');
    expect((await store.readStream(id)).tip.version).toBe(2);
  });

  it('never shows a reader nearer the head than it is, though commit order and positions differ', async () => {
    const [first, second] = [await db.pool.connect(), await db.pool.connect()];
    const last = `agreement-${randomUUID()}`;
    try {
      await first.query('begin');
      await insertRawEvent(first, `agreement-${randomUUID()}`);
      await second.query('begin');
      await insertRawEvent(second, `agreement-${randomUUID()}`); // positions below the next one, but a later transaction
      await insertRawEvent(second, last);
      await insertRawEvent(first, `agreement-${randomUUID()}`);
      await first.query('commit');
      await second.query('commit');
    } finally {
      first.release();
      second.release();
    }
    const all = await eventually(
      () => store.readAll(START_OF_LOG, 100_000),
      (events) => events.some((e) => e.streamId === last),
    );
    const [reader, , head] = all.slice(-3);
    expect(head!.streamId).toBe(last);
    expect(head!.position.prepare).toBeLessThan(reader!.position.prepare); // no position is after the reader's
    expect(await store.lagAfter(reader!.position, { exactUpTo: 10 })).toBe(2);
    expect(await store.lagAfter(reader!.position, { exactUpTo: 0 })).toBeGreaterThanOrEqual(2);
    expect(await store.lagAfter(head!.position, { exactUpTo: 0 })).toBe(0);
  });

  it('draws positions in order and each row its position before its transaction id (the lag bound needs both)', async () => {
    const { rows } = await db.pool.query<{ cache: string }>(
      `select cache_size::text as cache from pg_sequences
       where schemaname || '.' || sequencename = pg_get_serial_sequence('events', 'global_position')`,
    );
    expect(rows).toEqual([{ cache: '1' }]);
    for (const append of [appendStatement(1), APPEND_GROUP]) {
      // Typed nulls and empty arrays stand for the parameters, which explain cannot take.
      const withoutParameters = append.text
        .replace(/\$\d+::(\w+)\[\]/g, "'{}'::$1[]")
        .replace(/\$\d+::(\w+)/g, 'null::$1')
        .replace(/\$\d+/g, 'null::text');
      const plan = await db.pool.query<{ 'QUERY PLAN': string }>(`explain (verbose) ${withoutParameters}`);
      const output = plan.rows.map((row) => row['QUERY PLAN']).find((line) => line.includes('pg_current_xact_id'))!;
      expect(output.indexOf('nextval(')).toBeGreaterThanOrEqual(0);
      expect(output.indexOf('nextval(')).toBeLessThan(output.indexOf('pg_current_xact_id()'));
    }
  });

  it('applies its migrations once, even when several processes start together', async () => {
    const fresh = await createTestDatabase({ migrated: false });
    const pools = [0, 1, 2].map(() => createPool({ url: fresh.url }));
    try {
      const applied = await Promise.all(pools.map((pool) => migrate(pool)));
      expect(applied.flat().sort()).toEqual(MIGRATIONS.map((m) => m.name).sort());
      expect(await migrate(pools[0]!)).toEqual([]);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
      await fresh.drop();
    }
  });

  it("prepares a command's append once per connection, and keeps no statement for a large append", async () => {
    const single = createPool({ url: db.url, max: 1 });
    try {
      const onOneConnection = new PostgresEventStore(single);
      for (const n of [1, 2, 3]) {
        await onOneConnection.append([
          { streamId: `agreement-prepared-${n}-${randomUUID()}`, expected: EMPTY_STREAM, events: [anEvent()] },
        ]);
      }
      const large = Array.from({ length: 40 }, () => anEvent());
      await onOneConnection.append([
        { streamId: `agreement-large-${randomUUID()}`, expected: EMPTY_STREAM, events: large },
      ]);
      const { rows } = await single.query<{ name: string; calls: string }>(
        "select name, generic_plans + custom_plans as calls from pg_prepared_statements where name like 'kemitraan-append-%'",
      );
      expect(rows).toEqual([{ name: 'kemitraan-append-1', calls: '3' }]);
    } finally {
      await single.end();
    }
  });
});
