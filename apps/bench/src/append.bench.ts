import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import type { BenchContext } from './bench-context';
import type { BenchResult } from './bench-result';
import { byTurns } from './measure';

/** The events table's very shape (columns, defaults, constraints, indexes), without its triggers. */
const REFERENCE_TABLE = `create table if not exists bench_plain_insert (like events including all)`;

/**
 * Prepared once per connection, as the event store's appends are: sent unnamed, PostgreSQL would
 * parse and plan it for every row, and the reference, meant as the machine's ceiling, read 0.78 to
 * 0.85 of a prepared insert (docs/performance-notes.md, third session of 2026-12-02).
 */
const INSERT = {
  name: 'bench-plain-insert',
  text: `insert into bench_plain_insert (stream_id, version, event_id, type, data, metadata, hash, previous_hash)
  values ($1, $2, $3, 'ActivityRecorded', $4, $5, $6, $7)`,
};

const DATA = JSON.stringify({
  date: '2025-06-01',
  kind: 'PRODUCTION',
  title: 'Produksi',
  participants: 3,
  revenueIdr: 150000,
});
const META = JSON.stringify({
  actor: { sub: 'op', name: 'Operator', roles: ['operator'], unit: 'LAPAS-X' },
  at: new Date().toISOString(),
});

/** `writers` loops, each doing `perWriter` operations one after another; answers operations per second. */
async function throughput(writers: number, perWriter: number, op: (writer: number, i: number) => Promise<unknown>) {
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let i = 0; i < perWriter; i++) await op(w, i);
    }),
  );
  return (writers * perWriter) / ((performance.now() - started) / 1000);
}

/** Appends through the command handler, against plain single-row INSERTs on the same table shape. */
export async function appendBench(context: BenchContext, runs: number, perWriter: number): Promise<BenchResult[]> {
  const agreements = await context.agreementsInExecution(8 * 10);
  const plain = new Pool({ connectionString: context.url, max: 8 });
  await plain.query(REFERENCE_TABLE);
  const results: BenchResult[] = [];
  for (const writers of [1, 8]) {
    const ops = Math.round((perWriter * 8) / writers / (writers === 1 ? 4 : 1));
    const handlerRun = () =>
      throughput(writers, ops, (w, i) => context.recordActivity(agreements[w * 10 + (i % 10)]!, i));
    const plainRun = (run: number | string) =>
      throughput(writers, ops, (w) => {
        const stream = `bench-${run}-${w}-${randomUUID()}`;
        return plain.query({ ...INSERT, values: [stream, 1, randomUUID(), DATA, META, 'a'.repeat(64), null] });
      });
    // Untimed, as the HTTP benchmark warms its servers up: the command path's first thousand
    // commands run before V8 has optimised it (docs/performance-notes.md, eighth session of 2026-12-02).
    await handlerRun();
    await plainRun('warm-up');
    const { measured: handler, reference } = await byTurns(runs, handlerRun, plainRun);
    results.push({
      what: `append, ${writers} writer${writers > 1 ? 's' : ''} (command handler, events/s)`,
      unit: 'events/s',
      figures: handler,
      reference: {
        what: `plain INSERT (prepared), ${writers} connection${writers > 1 ? 's' : ''}`,
        figures: reference,
      },
      better: 'higher',
      target: 'ratio ≥ 0.5',
      met: handler.median / reference.median >= 0.5,
    });
  }
  await plain.end();
  return results;
}
