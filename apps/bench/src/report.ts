import { writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { ratioOf, type BenchResult } from './bench-result';

const number = (value: number) => (Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en') : value.toFixed(2));

export const machine = () =>
  `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;

/** The figures as the console shows them. */
export function printResults(results: readonly BenchResult[]): void {
  for (const r of results) {
    const ratio = ratioOf(r);
    const verdict = r.met === null ? '' : r.met ? '  [target met]' : '  [TARGET MISSED]';
    process.stdout.write(
      `${r.what}\n  median ${number(r.figures.median)} ${r.unit} (min ${number(r.figures.min)}, max ${number(r.figures.max)}, ${r.figures.runs} runs)` +
        (r.reference
          ? `\n  reference: ${r.reference.what}: median ${number(r.reference.figures.median)}; ratio ${ratio!.toFixed(2)}`
          : '') +
        `\n  target: ${r.target}${verdict}\n`,
    );
  }
}

/** docs/PERFORMANCE.md's table, rewritten by every run. */
export async function writeReport(
  file: string,
  results: readonly BenchResult[],
  command: string,
  database: string,
  notes: string,
): Promise<void> {
  const rows = results.map((r) => {
    const ratio = ratioOf(r);
    const reference = r.reference ? `${r.reference.what}: ${number(r.reference.figures.median)}` : '—';
    const met = r.met === null ? '' : r.met ? 'met' : '**missed**';
    return `| ${r.what} | ${number(r.figures.median)} (${number(r.figures.min)}–${number(r.figures.max)}) | ${reference} | ${ratio === null ? '—' : ratio.toFixed(2)} | ${r.target} ${met} |`;
  });
  const text = `# Performance

The latest run of \`npm run bench\`, written by the bench itself. Every ratio is of two figures
measured in the same run, on the same database and machine; the absolute figures vary with the
load of this shared machine, the ratios much less.

- **Command:** \`${command}\`
- **Date:** ${new Date().toISOString()}
- **Machine:** ${machine()}
- **Database:** ${database}

| what | median (min–max) | reference (median, same run) | ratio | target |
| --- | --- | --- | --- | --- |
${rows.join('\n')}

${notes}
`;
  await writeFile(file, text);
}
