import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import { appendBench } from './append.bench';
import { BenchContext } from './bench-context';
import { openBenchDatabase } from './bench-database';
import type { BenchResult } from './bench-result';
import { generateLog } from './generate-log';
import { httpBench } from './http.bench';
import { liveLagBench } from './live-lag.bench';
import { rebuildBench } from './rebuild.bench';
import { printResults, writeReport } from './report';
import { startupBench } from './startup.bench';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

/**
 * `npm run bench`: every benchmark, several runs each, with its reference measured in the same
 * run on the same database; prints the figures and writes docs/PERFORMANCE.md.
 * BENCH_RUNS, BENCH_EVENTS, BENCH_SECONDS and BENCH_ONLY (comma-separated names) adjust it.
 */
async function main(): Promise<void> {
  const runs = env('BENCH_RUNS', 3);
  const events = env('BENCH_EVENTS', 1_000_000);
  const seconds = env('BENCH_SECONDS', 10);
  const only = process.env.BENCH_ONLY?.split(',');
  const wanted = (name: string) => !only || only.includes(name);
  const database = await openBenchDatabase();
  const context = await BenchContext.open(database.url);
  const results: BenchResult[] = [];
  const step = (name: string) => process.stdout.write(`\n== ${name}\n`);
  try {
    if (wanted('append')) {
      step('append');
      results.push(...(await appendBench(context, runs, env('BENCH_APPENDS', 500))));
    }
    if (wanted('http')) {
      step('http');
      results.push(...(await httpBench(context, runs, seconds)));
    }
    if (wanted('live-lag')) {
      step('live-lag');
      results.push(...(await liveLagBench(context, seconds)));
    }
    if (wanted('rebuild')) {
      step(`rebuild: generating a log of ${events.toLocaleString('en')} events`);
      const bar = new SingleBar(
        { format: '  |{bar}| {value}/{total} events | {eta_formatted} left' },
        Presets.shades_classic,
      );
      bar.start(events, 0);
      // The seed stories told first may take the log a few events past a very small count.
      const total = await generateLog(context, events, (done) => bar.update(Math.min(done, events))).finally(() =>
        bar.stop(),
      );
      process.stdout.write(`  ${total.toLocaleString('en')} events generated\n`);
      results.push(...(await rebuildBench(context, runs)));
    }
    if (wanted('startup')) {
      step('startup');
      results.push(...(await startupBench(runs)));
    }
  } finally {
    await context.close();
    await database.close();
  }
  printResults(results);
  const file = resolve(__dirname, '../../../../../../docs/PERFORMANCE.md');
  const notesFile = resolve(__dirname, '../../../../../../docs/performance-notes.md');
  const notes = await readFile(notesFile, 'utf8').catch(() => '');
  const command = `${only ? `BENCH_ONLY=${only.join(',')} ` : ''}BENCH_RUNS=${runs} BENCH_EVENTS=${events} BENCH_SECONDS=${seconds} npm run bench`;
  await writeReport(file, results, command, database.where, notes);
  process.stdout.write(`\nWritten to ${file}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
