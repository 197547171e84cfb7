import { randomUUID } from 'node:crypto';
import {
  EMPTY_STREAM,
  PostgresEventStore,
  type EventStore,
  type ReadModelEvent,
  type StreamTip,
} from '@kemitraan/event-store';
import { anEvent, eventually } from '@kemitraan/event-store/testing/contract';
import type { AnyProjection } from '@kemitraan/projections';
import { ReadModelGenerations } from '@kemitraan/projections/generations/read-model-generations';
import { RebuildRunner, type RebuildOptions } from '@kemitraan/projections/runner/rebuild-runner';
import { RebuildWriter } from '@kemitraan/projections/runner/rebuild-writer';
import { Ticker } from '@kemitraan/projections/runner/ticker';
import { recordInLedger, tallyProjection, type TallyRow } from '@kemitraan/testing';
import { createTestDatabase, type TestDatabase } from '@kemitraan/testing/database/test-database';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

let db: TestDatabase;
let store: PostgresEventStore;

beforeEach(async () => {
  db = await createTestDatabase();
  store = new PostgresEventStore(db.pool);
});

afterEach(() => db.drop());

/** `events` events, a few per append, over `streams` new streams; answers how many each got. */
async function append(events: number, streams: number): Promise<Map<string, number>> {
  const names = Array.from({ length: streams }, () => `agreement-${randomUUID()}`);
  const tips = new Map<string, StreamTip>(names.map((s) => [s, EMPTY_STREAM]));
  const written = new Map<string, number>(names.map((s) => [s, 0]));
  for (let done = 0, i = 0; done < events; i++) {
    const streamId = names[i % names.length]!;
    const count = Math.min(1 + (i % 3), events - done);
    const { tips: after } = await store.append([
      { streamId, expected: tips.get(streamId)!, events: Array.from({ length: count }, () => anEvent()) },
    ]);
    tips.set(streamId, after.get(streamId)!);
    written.set(streamId, written.get(streamId)! + count);
    done += count;
  }
  return written;
}

async function rowsOf(projection: string, generation: number): Promise<Map<string, TallyRow>> {
  const { rows } = await db.pool.query<{ key: string; row: TallyRow }>(
    'select key, row from projection_rows where projection = $1 and generation = $2',
    [projection, generation],
  );
  return new Map(rows.map((r) => [r.key, r.row]));
}

const exactlyOnce = (rows: Map<string, TallyRow>, written: Map<string, number>) =>
  [...written].every(
    ([stream, n]) => rows.get(stream)?.versions.join() === Array.from({ length: n }, (_, i) => i + 1).join(),
  );

/** Each event of `expected` applied exactly once after one injected fault, recorded in the fault ledger. */
function expectAppliedOnceAfterFault(
  test: string,
  inputsTried: number,
  rebuilt: Map<string, TallyRow>,
  expected: Map<string, number>,
) {
  const once = exactlyOnce(rebuilt, expected);
  recordInLedger({ test, faultsInjected: 1, inputsTried, writesLost: once ? 0 : 1 });
  expect(once).toBe(true);
}

/** The projection, stopping the runner at its `calls`-th look at an event. */
function stoppingAt(projection: AnyProjection, calls: number, stop: AbortController): AnyProjection {
  let seen = 0;
  return {
    ...projection,
    keyOf: (event) => {
      if (++seen === calls) stop.abort();
      return projection.keyOf(event);
    },
  };
}

async function rebuilding(projections: AnyProjection[]) {
  const generations = new ReadModelGenerations(
    db.pool,
    projections.map((p) => p.name),
  );
  const { building } = await generations.requestRebuild();
  const runner = (options: Partial<RebuildOptions> = {}) =>
    new RebuildRunner({
      pool: db.pool,
      store,
      projections,
      generation: building!,
      ticker: new Ticker(),
      log: silent,
      pollMs: 50,
      caughtUp: (projection) => generations.caughtUp(projection, building!),
      ...options,
    });
  return { generations, building: building!, runner };
}

/**
 * Read models whose rows follow single streams are rebuilt stream by stream up to a horizon, then
 * in log order; the others in log order alone. Both ways must give the same guarantees.
 */
describe.each([
  ['in log order', false],
  ['stream by stream, then in log order', true],
])('the rebuild runner on real PostgreSQL, %s', (_, oneStreamPerRow) => {
  const tally = (name: string, refuse?: (event: ReadModelEvent) => boolean) =>
    tallyProjection(name, refuse, { oneStreamPerRow });

  it('folds the log once into every read model, reading back rows it no longer keeps, then switches over', async () => {
    const early = await append(1_500, 40);
    const { generations, building, runner } = await rebuilding([tally('one'), tally('two')]);
    // Tiny batches, flushes and memory: rows are forgotten and read back from the database all the time.
    const warnings: string[] = [];
    const [, late] = await Promise.all([
      runner({ batchSize: 7, flushRows: 5, keepRows: 2, log: { ...silent, warn: (m) => warnings.push(m) } }).run(
        new AbortController().signal,
      ),
      append(300, 5),
    ]);
    expect(warnings).toEqual([]);
    expect(await generations.current()).toEqual({ live: building, building: null });
    const one = await rowsOf('one', building);
    expect(exactlyOnce(one, early)).toBe(true);
    // Appends after the switch-over are the live runners' work: what the rebuild saw of them, it saw once.
    for (const [stream, n] of late) {
      const versions = one.get(stream)?.versions ?? [];
      expect(versions).toEqual(Array.from({ length: versions.length }, (_, i) => i + 1));
      expect(versions.length).toBeLessThanOrEqual(n);
    }
    expect(await rowsOf('two', building)).toEqual(one);
    recordInLedger({
      test: `rebuild runner: rows forgotten and read back, ${oneStreamPerRow ? 'streams' : 'log'}`,
      faultsInjected: 0,
      inputsTried: 1_800,
      writesLost: exactlyOnce(one, early) ? 0 : 1,
    });
  }, 60_000);

  it('resumes from its checkpoints when stopped midway, applying nothing twice', async () => {
    const written = await append(2_000, 25);
    const stop = new AbortController();
    const { generations, building, runner } = await rebuilding([stoppingAt(tally('tally'), 1_200, stop)]);
    await runner({ batchSize: 100, flushRows: 10, flushEvents: 200 }).run(stop.signal);
    const { rows } = await db.pool.query<{ read: number }>(
      'select events_read::int as read from projection_checkpoints where projection = $1 and generation = $2',
      ['tally', building],
    );
    expect(rows[0]!.read).toBeGreaterThan(0);
    expect(rows[0]!.read).toBeLessThan(2_000);
    expect(await generations.current()).toEqual({ live: 1, building });
    const meanwhile = await append(100, 5);

    await runner({ projections: [tally('tally')], batchSize: 100, flushRows: 10, flushEvents: 200 }).run(
      new AbortController().signal,
    );
    const rebuilt = await rowsOf('tally', building);
    recordInLedger({
      test: `rebuild runner: stopped midway and resumed, ${oneStreamPerRow ? 'streams' : 'log'}`,
      faultsInjected: 1,
      inputsTried: 2_000,
      writesLost: exactlyOnce(rebuilt, written) && exactlyOnce(rebuilt, meanwhile) ? 0 : 1,
    });
    expect(exactlyOnce(rebuilt, written)).toBe(true);
    expect(exactlyOnce(rebuilt, meanwhile)).toBe(true);
    expect(await generations.current()).toEqual({ live: building, building: null });
  }, 60_000);

  it('starts again from its checkpoints when a flush fails, counting every event once', async () => {
    const written = await append(1_200, 30);
    const target = [...written.keys()][17]!;
    // The first write of the target's row fails; a sequence counts the writes, since the failure
    // rolls back everything else the flush wrote.
    await db.pool.query(`
      create sequence flush_faults;
      create function fail_first_flush() returns trigger language plpgsql as $$
      begin
        if nextval('flush_faults') = 1 then
          raise exception 'injected: the flush writing % fails', new.key;
        end if;
        return new;
      end $$;
      create trigger fail_first_flush before insert or update on projection_rows
        for each row when (new.projection = 'tally' and new.key = '${target}') execute function fail_first_flush();`);
    const warnings: string[] = [];
    const { generations, building, runner } = await rebuilding([tally('tally')]);
    await runner({ batchSize: 7, flushRows: 5, log: { ...silent, warn: (m) => warnings.push(m) } }).run(
      new AbortController().signal,
    );
    const rebuilt = await rowsOf('tally', building);
    const { rows } = await db.pool.query<{ read: number; faults: number }>(
      `select events_read::int as read, (select last_value::int from flush_faults) as faults
       from projection_checkpoints where projection = 'tally' and generation = $1`,
      [building],
    );
    recordInLedger({
      test: `rebuild runner: a flush failed midway, ${oneStreamPerRow ? 'streams' : 'log'}`,
      faultsInjected: 1,
      inputsTried: 1_200,
      writesLost: exactlyOnce(rebuilt, written) ? 0 : 1,
    });
    // Every event counted once, and the target's row written again after the failure.
    expect(rows[0]!.read).toBe(1_200);
    expect(rows[0]!.faults).toBeGreaterThan(1);
    expect(warnings).toEqual([expect.stringMatching(/injected: the flush writing .* fails; starting again/)]);
    expect(exactlyOnce(rebuilt, written)).toBe(true);
    expect(await generations.current()).toEqual({ live: building, building: null });
  }, 60_000);

  it('analyzes its rows before the generation answers reads, so reads are planned on its size', async () => {
    const written = await append(600, 150);
    const infos: string[] = [];
    const { generations, building, runner } = await rebuilding([tally('tally')]);
    await runner({ log: { ...silent, info: (m) => infos.push(m) } }).run(new AbortController().signal);

    expect(await generations.current()).toEqual({ live: building, building: null });
    expect(infos).toContainEqual(
      `rebuild#${building}: analyzing the read models' rows before they answer reads (150 in this generation).`,
    );
    // The statistics count every row of the table (an analysis of so few rows reads them all);
    // without the analysis a fresh table has none (-1).
    const { rows } = await db.pool.query<{ tuples: number; rows: number }>(
      `select (select reltuples::int from pg_class where relname = 'projection_rows') as tuples,
              (select count(*)::int from projection_rows) as rows`,
    );
    expect(rows[0]!.rows).toBe(written.size);
    expect(rows[0]!.tuples).toBe(rows[0]!.rows);
  }, 60_000);

  it('parks at once an event a read model cannot apply, and goes on with the rest', async () => {
    const poisoned = `agreement-${randomUUID()}`;
    await store.append([
      { streamId: poisoned, expected: EMPTY_STREAM, events: [anEvent(), anEvent('Poison'), anEvent()] },
    ]);
    const { building, runner } = await rebuilding([tally('fussy', (e) => e.type === 'Poison'), tally('tally')]);
    await runner().run(new AbortController().signal);
    expect((await rowsOf('fussy', building)).get(poisoned)?.versions).toEqual([1, 3]);
    expect((await rowsOf('tally', building)).get(poisoned)?.versions).toEqual([1, 2, 3]);
    const parked = await db.pool.query('select projection, generation, version, type, attempts from parked_events');
    expect(parked.rows).toEqual([
      { projection: 'fussy', generation: building, version: 2, type: 'Poison', attempts: 1 },
    ]);
  }, 60_000);
});

describe('the rebuild runner on real PostgreSQL, in log order', () => {
  it('analyzes the generation each time it has doubled, when it reads rows back', async () => {
    // Waves of new interleaved streams, and two rows kept: the generation grows while batches
    // keep reading rows back.
    const written = new Map<string, number>();
    for (let wave = 0; wave < 6; wave++) for (const [stream, n] of await append(200, 40)) written.set(stream, n);
    const infos: string[] = [];
    const { building, runner } = await rebuilding([tallyProjection('tally')]);
    await runner({
      batchSize: 50,
      flushRows: 20,
      keepRows: 2,
      analyzeFromRows: 40,
      log: { ...silent, info: (m) => infos.push(m), warn: (m) => infos.push(`WARN ${m}`) },
    }).run(new AbortController().signal);

    // Never started again: a row pushed out of memory while rows were read back is read back too.
    expect(infos.filter((m) => m.startsWith('WARN'))).toEqual([]);
    const analyzedAt = infos
      .flatMap((m) => /analyzing the read models' rows \((\d+) /.exec(m)?.slice(1) ?? [])
      .map(Number);
    expect(analyzedAt.length).toBeGreaterThanOrEqual(2);
    expect(analyzedAt[0]).toBeGreaterThanOrEqual(40);
    analyzedAt.slice(1).forEach((rows, i) => expect(rows).toBeGreaterThanOrEqual(2 * analyzedAt[i]!));
    const { rows } = await db.pool.query<{ tuples: number }>(
      `select reltuples::int as tuples from pg_class where relname = 'projection_rows'`,
    );
    expect(rows[0]!.tuples).toBeGreaterThan(0);
    expect(exactlyOnce(await rowsOf('tally', building), written)).toBe(true);
  }, 60_000);
});

describe('the rebuild runner on real PostgreSQL, in log order, with more rows than keys it may hold', () => {
  it('looks every key up past keysAtMost, and resumes there without loading the keys, applying nothing twice', async () => {
    const written = await append(1_500, 60);
    const stop = new AbortController();
    const infos: string[] = [];
    const log = { ...silent, info: (m: string) => infos.push(m), warn: (m: string) => infos.push(`WARN ${m}`) };
    const options = { batchSize: 20, flushRows: 10, flushEvents: 100, keepRows: 2, keysAtMost: 25, log };
    const { generations, building, runner } = await rebuilding([stoppingAt(tallyProjection('tally'), 900, stop)]);
    await runner(options).run(stop.signal);
    expect(infos.filter((m) => /more keys than it holds \(25\)/.test(m))).toHaveLength(1);
    expect(await generations.current()).toEqual({ live: 1, building });
    const { rows } = await db.pool.query<{ rows: number }>(
      'select count(*)::int as rows from projection_rows where projection = $1 and generation = $2',
      ['tally', building],
    );
    expect(rows[0]!.rows).toBeGreaterThan(25);

    await runner({ ...options, projections: [tallyProjection('tally')] }).run(new AbortController().signal);
    const rebuilt = await rowsOf('tally', building);
    recordInLedger({
      test: 'rebuild runner: past the keys it may hold, stopped midway and resumed, log',
      faultsInjected: 1,
      inputsTried: 1_500,
      writesLost: exactlyOnce(rebuilt, written) ? 0 : 1,
    });
    expect(infos.filter((m) => m.startsWith('WARN'))).toEqual([]);
    expect(exactlyOnce(rebuilt, written)).toBe(true);
    expect(rebuilt.size).toBe(written.size);
    expect(await generations.current()).toEqual({ live: building, building: null });
  }, 60_000);
});

describe('the rebuild runner on real PostgreSQL, stream by stream', () => {
  /** `events` events over `streams` streams, each append giving the next event to every stream in turn. */
  async function appendInterleaved(events: number, streams: number): Promise<Map<string, number>> {
    const names = Array.from({ length: streams }, () => `agreement-${randomUUID()}`);
    const tips = new Map<string, StreamTip>(names.map((s) => [s, EMPTY_STREAM]));
    for (let done = 0; done < events; done += streams) {
      const { tips: after } = await store.append(
        names.map((streamId) => ({ streamId, expected: tips.get(streamId)!, events: [anEvent()] })),
      );
      for (const [stream, tip] of after) tips.set(stream, tip);
    }
    return new Map(names.map((s) => [s, tips.get(s)!.version]));
  }

  it('folds each row whole and reads none back, however the streams interleave in the log', async () => {
    const written = await appendInterleaved(2_000, 40);
    const infos: string[] = [];
    const { generations, building, runner } = await rebuilding([
      tallyProjection('tally', undefined, { oneStreamPerRow: true }),
    ]);
    const load = jest.spyOn(RebuildWriter.prototype, 'load');
    try {
      // Two rows kept and tiny flushes: in log order, nearly every batch would read rows back.
      await runner({ batchSize: 30, flushRows: 5, keepRows: 2, log: { ...silent, info: (m) => infos.push(m) } }).run(
        new AbortController().signal,
      );
      expect(load).not.toHaveBeenCalled();
    } finally {
      load.mockRestore();
    }
    expect(infos).toContainEqual(expect.stringMatching(/reading the log stream by stream up to transaction \d+\.$/));
    expect(exactlyOnce(await rowsOf('tally', building), written)).toBe(true);
    expect(await generations.current()).toEqual({ live: building, building: null });
    // Past the pass, the checkpoint names the log's last event, as a rebuild in log order leaves it.
    const { rows } = await db.pool.query(
      `select prepare_position = (select max(global_position) from events) as at_last_event,
         stream_pass_horizon as horizon, events_read::int as read
       from projection_checkpoints where generation = $1`,
      [building],
    );
    expect(rows).toEqual([{ at_last_event: true, horizon: null, read: 2_000 }]);
  }, 60_000);

  it('does not switch over while a read model that another process lists is still in its pass', async () => {
    const written = await appendInterleaved(400, 20);
    const passing = (name: string) => tallyProjection(name, undefined, { oneStreamPerRow: true });
    const stop = new AbortController();
    const { generations, building, runner } = await rebuilding([passing('a'), stoppingAt(passing('d'), 200, stop)]);
    await runner({ batchSize: 10, flushRows: 10, flushEvents: 40 }).run(stop.signal);

    // A process that lists `a` alone (an older version, say) finishes a's pass and catches up...
    const listsA = new ReadModelGenerations(db.pool, ['a']);
    const older = new AbortController();
    const caughtUpA = eventually(
      async () =>
        (
          await db.pool.query(
            `select 1 from projection_checkpoints where projection = 'a' and caught_up_at is not null`,
          )
        ).rowCount,
      (n) => n === 1,
    ).then(() => older.abort());
    await runner({
      projections: [passing('a')],
      caughtUp: (projection) => listsA.caughtUp(projection, building),
    }).run(older.signal);
    await caughtUpA;
    // ...but d's checkpoint still names no place in the log: the reads stay on the old generation.
    expect(await generations.current()).toEqual({ live: 1, building });

    await runner({ projections: [passing('a'), passing('d')] }).run(new AbortController().signal);
    expect(await generations.current()).toEqual({ live: building, building: null });
    expect(exactlyOnce(await rowsOf('a', building), written)).toBe(true);
    expect(exactlyOnce(await rowsOf('d', building), written)).toBe(true);
  }, 60_000);

  it('refuses to finish a pass in log order with a store that cannot read by stream, which would fold events twice', async () => {
    await appendInterleaved(200, 10);
    const stop = new AbortController();
    const { building, runner } = await rebuilding([
      stoppingAt(tallyProjection('tally', undefined, { oneStreamPerRow: true }), 100, stop),
    ]);
    await runner({ batchSize: 20, flushRows: 10, flushEvents: 20 }).run(stop.signal);
    const progress = () =>
      db.pool.query(`select events_read::int as read from projection_checkpoints where generation = $1`, [building]);
    const before = (await progress()).rows;
    expect(before[0].read).toBeGreaterThan(0);

    // The same log through the store's plain interface alone, as EventStoreDB offers it.
    const logOnly: EventStore = {
      readStream: (s) => store.readStream(s),
      readStreamFrom: (s, from) => store.readStreamFrom(s, from),
      append: (a, o) => store.append(a, o),
      readAll: (after, limit) => store.readAll(after, limit),
      readAllForReadModels: (after, limit) => store.readAllForReadModels(after, limit),
      subscribe: (o) => store.subscribe(o),
      lagAfter: (after, o) => store.lagAfter(after, o),
      watchAppends: () => store.watchAppends(),
      findIdempotency: (scope, key) => store.findIdempotency(scope, key),
      ping: () => store.ping(),
    };
    const refused = new AbortController();
    const warnings: string[] = [];
    const warn = (m: string) => {
      warnings.push(m);
      refused.abort();
    };
    await runner({
      store: logOnly,
      projections: [tallyProjection('tally', undefined, { oneStreamPerRow: true })],
      log: { ...silent, warn },
    }).run(refused.signal);
    expect(warnings).toEqual([expect.stringContaining('this store cannot read by stream')]);
    expect((await progress()).rows).toEqual(before);
  }, 60_000);

  it('after its pass, reads back the rows it touches in log order, and resumes there without a key per row', async () => {
    const before = await appendInterleaved(300, 15);
    const stop = new AbortController();
    const { generations, building, runner } = await rebuilding([
      tallyProjection('tally', undefined, { oneStreamPerRow: true }),
    ]);
    const checkpoint = async () =>
      (
        await db.pool.query<{ passing: boolean; read: number }>(
          `select stream_pass_horizon is not null as passing, events_read::int as read
           from projection_checkpoints where generation = $1`,
          [building],
        )
      ).rows[0] ?? { passing: true, read: 0 };
    // Never switching over: the runner goes on in log order after its pass, waiting for events.
    const first = runner({ batchSize: 7, flushRows: 10, flushEvents: 40, caughtUp: async () => false }).run(
      stop.signal,
    );
    const tipsOf = async (streams: Iterable<string>) =>
      new Map(await Promise.all([...streams].map(async (s) => [s, (await store.readStream(s)).tip] as const)));
    const appendTo = async (streams: string[]) => {
      const tips = await tipsOf(streams);
      await store.append(streams.map((streamId) => ({ streamId, expected: tips.get(streamId)!, events: [anEvent()] })));
    };
    const passed = [...before.keys()];
    try {
      expect(await eventually(checkpoint, (c) => !c.passing && c.read === 300)).toEqual({ passing: false, read: 300 });
      await appendTo(passed.slice(0, 5));
      expect(await eventually(checkpoint, (c) => c.read === 305)).toEqual({ passing: false, read: 305 });
    } finally {
      stop.abort();
      await first;
    }

    await appendTo(passed.slice(0, 3));
    await appendTo(passed.slice(10, 12));
    const keys = jest.spyOn(RebuildWriter.prototype, 'keys');
    try {
      await runner({ batchSize: 7, flushRows: 10, flushEvents: 40 }).run(new AbortController().signal);
      expect(keys).not.toHaveBeenCalled();
    } finally {
      keys.mockRestore();
    }
    const expected = new Map(before);
    for (const stream of passed.slice(0, 5)) expected.set(stream, expected.get(stream)! + 1);
    for (const stream of [...passed.slice(0, 3), ...passed.slice(10, 12)])
      expected.set(stream, expected.get(stream)! + 1);
    const rebuilt = await rowsOf('tally', building);
    expectAppliedOnceAfterFault('rebuild runner: stopped in log order after its pass, resumed', 310, rebuilt, expected);
    expect(rebuilt.size).toBe(15);
    expect(await generations.current()).toEqual({ live: building, building: null });
  }, 60_000);

  it('reads in log order what was appended after the horizon, and resumes a pass where its checkpoint is', async () => {
    const before = await appendInterleaved(600, 30);
    const stop = new AbortController();
    const { generations, building, runner } = await rebuilding([
      stoppingAt(tallyProjection('tally', undefined, { oneStreamPerRow: true }), 300, stop),
    ]);
    // Reads of 7 across streams of 20 events: the pass stops in the middle of a stream.
    await runner({ batchSize: 7, flushRows: 10, flushEvents: 40 }).run(stop.signal);
    const pass = await db.pool.query(
      `select stream_pass_horizon is not null as passing, events_read::int as read, stream_pass_version as version
       from projection_checkpoints where generation = $1`,
      [building],
    );
    expect(pass.rows[0].passing).toBe(true);
    expect(pass.rows[0].read).toBeGreaterThan(40);
    expect(pass.rows[0].read).toBeLessThan(600);
    expect(pass.rows[0].version).toBeGreaterThan(0);
    expect(pass.rows[0].version).toBeLessThan(20);

    // Appended after the horizon: to the first two streams in the pass's order, which it has read
    // already (over 40 events, 20 a stream), and to new streams.
    const tips = new Map<string, StreamTip>();
    for (const stream of before.keys()) tips.set(stream, (await store.readStream(stream)).tip);
    const { rows: inPassOrder } = await db.pool.query<{ stream_id: string }>(
      'select distinct stream_id from events where stream_id = any($1) order by stream_id limit 2',
      [[...before.keys()]],
    );
    const [first, second] = inPassOrder.map((r) => r.stream_id);
    await store.append([
      { streamId: first!, expected: tips.get(first!)!, events: [anEvent(), anEvent()] },
      { streamId: second!, expected: tips.get(second!)!, events: [anEvent()] },
    ]);
    const after = await appendInterleaved(90, 3);
    const infos: string[] = [];
    await runner({
      projections: [tallyProjection('tally', undefined, { oneStreamPerRow: true })],
      batchSize: 7,
      flushRows: 10,
      flushEvents: 40,
      log: { ...silent, info: (m) => infos.push(m) },
    }).run(new AbortController().signal);

    expect(infos).toContainEqual(expect.stringMatching(/stream by stream up to transaction \d+, from agreement-/));
    const rebuilt = await rowsOf('tally', building);
    const expected = new Map([...before, ...after]);
    expected.set(first!, before.get(first!)! + 2);
    expected.set(second!, before.get(second!)! + 1);
    expectAppliedOnceAfterFault('rebuild runner: stream pass resumed, then the log', 693, rebuilt, expected);
    expect(await generations.current()).toEqual({ live: building, building: null });
  }, 60_000);
});
