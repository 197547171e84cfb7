/** Several runs of one measurement, summarised. */
export interface Figures {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

export function summarise(values: readonly number[]): Figures {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted.at(-1)!, runs: sorted.length };
}

export async function repeat(runs: number, once: (run: number) => Promise<number>): Promise<Figures> {
  const values: number[] = [];
  for (let run = 0; run < runs; run++) values.push(await once(run));
  return summarise(values);
}

/**
 * A measurement and its reference, run by turns (one of each per round). On a machine whose speed
 * drifts, all of one then all of the other would compare them under different loads.
 */
export async function byTurns(
  runs: number,
  measured: (run: number) => Promise<number>,
  reference: (run: number) => Promise<number>,
): Promise<{ measured: Figures; reference: Figures }> {
  const values = { measured: [] as number[], reference: [] as number[] };
  for (let run = 0; run < runs; run++) {
    values.measured.push(await measured(run));
    values.reference.push(await reference(run));
  }
  return { measured: summarise(values.measured), reference: summarise(values.reference) };
}

/** The value at a quantile (0..1) of samples. */
export function quantile(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}
