import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { PROJECTIONS } from '@kemitraan/projections';
import type { BenchContext } from './bench-context';
import type { BenchResult } from './bench-result';
import { BENCH_SECRET } from './bench-token';
import { byTurns, summarise } from './measure';
import { adminToken, readModelLag, untilCaughtUp } from './read-model-lag';
import { startServer } from './server-process';

/**
 * Pages of 1,000 rows: the reference is the machine's ceiling, and larger pages fall below it.
 * Pages of 10,000, used until the third session of 2026-12-02, read at about 0.6 of pages of 1,000
 * or 2,000; a cursor reading 1,000 rows at a time was within the noise of them
 * (docs/performance-notes.md).
 */
const PLAIN_READ = `
  select stream_id, version, event_id, type, data, metadata, hash, previous_hash, global_position
  from events where global_position > $1 order by global_position limit 1000`;

/** Reads the whole events table in pages with plain pg, as fast as it comes. */
async function plainRead(context: BenchContext): Promise<number> {
  const started = performance.now();
  let after = '0';
  let read = 0;
  for (;;) {
    const { rows } = await context.pool.query<{ global_position: string }>(PLAIN_READ, [after]);
    if (rows.length === 0) break;
    read += rows.length;
    after = rows.at(-1)!.global_position;
  }
  return read / ((performance.now() - started) / 1000);
}

const EVENTS_IN_LOG = 'select count(*)::int as events from events';

async function eventsInLog(context: BenchContext): Promise<number> {
  return (await context.pool.query<{ events: number }>(EVENTS_IN_LOG)).rows[0]!.events;
}

/** The highest resident set size the process has had (the kernel's VmHWM), in MB. */
async function peakRssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1]);
  return kb / 1024;
}

const LIVE = 'select live from read_model_generations';

/** A fresh built server on the bench's database, as the bench's admin token expects. */
const serverOn = (context: BenchContext) =>
  startServer({ DATABASE_URL: context.url, AUTH_JWT_SECRET: BENCH_SECRET, RATE_LIMIT: '0' });

/**
 * One rebuild as an administrator starts it: the built server, fresh, on the filled database,
 * `POST /api/admin/projections/rebuild`, until the new generation answers every read. Answers
 * events per second and the server's peak RSS.
 */
async function rebuildInServer(context: BenchContext, events: number, token: string) {
  const server = await serverOn(context);
  const authorization = `Bearer ${token}`;
  try {
    const started = performance.now();
    const answer = await fetch(`${server.url}/api/admin/projections/rebuild`, {
      method: 'POST',
      headers: { authorization },
    });
    if (answer.status !== 202) throw new Error(`The rebuild was refused: ${answer.status} ${await answer.text()}`);
    const { building } = (await answer.json()) as { building: number };
    // The switch-over is one row: watched in the database, so the watching costs the server nothing.
    while ((await context.pool.query<{ live: number }>(LIVE)).rows[0]!.live !== building) await sleep(50);
    const rate = events / ((performance.now() - started) / 1000);
    return { rate, peakMb: await peakRssOf(server.child.pid!) };
  } finally {
    await server.stop();
  }
}

/**
 * The generated log was appended straight to the store, as a log imported into a fresh database
 * is, so the live read models have not read it. A server started on it brings them up by itself:
 * with a rebuild, since they are more than REBUILD_WHEN_BEHIND events and half the log behind
 * (in log order before 2026-12-02's sixth session). That brings them up before the rebuilds
 * measured, which then run beside live read models that are current. Answers the log's events per
 * second from the server's start until its read models have caught up, whether a rebuild did it,
 * and the server's peak RSS.
 */
async function readModelsBroughtUp(context: BenchContext, events: number, token: string) {
  const { live: before } = (await context.pool.query<{ live: number }>(LIVE)).rows[0]!;
  const started = performance.now();
  const server = await serverOn(context);
  try {
    await untilCaughtUp(() => readModelLag(server.url, token), 30 * 60_000, 250);
    const rate = events / ((performance.now() - started) / 1000);
    const { live } = (await context.pool.query<{ live: number }>(LIVE)).rows[0]!;
    return { rate, rebuilt: live !== before, peakMb: await peakRssOf(server.child.pid!) };
  } finally {
    await server.stop();
  }
}

/** Rebuilds every read model from position zero in the server, against a plain read of the same table in pages. */
export async function rebuildBench(context: BenchContext, runs: number): Promise<BenchResult[]> {
  const token = await adminToken();
  // The rebuild reads the whole log, as the plain read does: the generated events and those the
  // earlier benchmarks appended.
  const events = await eventsInLog(context);
  process.stdout.write('  a server brings the live read models up on the generated log first\n');
  const broughtUp = await readModelsBroughtUp(context, events, token);
  const rss: number[] = [];
  const { measured: rate, reference } = await byTurns(
    runs,
    async () => {
      const { rate, peakMb } = await rebuildInServer(context, events, token);
      rss.push(peakMb);
      return rate;
    },
    () => plainRead(context),
  );
  return [
    {
      what: `rebuild of all ${PROJECTIONS.length} read models in the server, ${events.toLocaleString('en')} events in the log (events/s)`,
      unit: 'events/s',
      figures: rate,
      reference: { what: 'plain read of the events table (pg, pages of 1,000 rows)', figures: reference },
      better: 'higher',
      target: 'ratio ≥ 0.5',
      met: rate.median / reference.median >= 0.5,
    },
    {
      what: 'rebuild, peak RSS of the server process (VmHWM, MB)',
      unit: 'MB',
      figures: summarise(rss),
      better: 'lower',
      target: '< 300 MB',
      met: Math.max(...rss) < 300,
    },
    {
      what: `a fresh server on the generated log, as on a log imported: its live read models brought up ${broughtUp.rebuilt ? 'by a rebuild it started itself' : 'in log order'}, before the rebuilds (events/s of the log, one run; peak RSS ${Math.round(broughtUp.peakMb)} MB)`,
      unit: 'events/s',
      figures: summarise([broughtUp.rate]),
      better: 'higher',
      target: '—',
      met: null,
    },
  ];
}
