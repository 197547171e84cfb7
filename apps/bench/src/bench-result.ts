import type { Figures } from './measure';

/** One line of the report: a figure, its reference measured in the same run, and the target. */
export interface BenchResult {
  readonly what: string;
  readonly unit: string;
  readonly figures: Figures;
  readonly reference?: { readonly what: string; readonly figures: Figures };
  /** Higher is better (throughput) or lower (latency, memory, time). */
  readonly better: 'higher' | 'lower';
  readonly target: string;
  readonly met: boolean | null;
}

export const ratioOf = (result: BenchResult): number | null =>
  result.reference ? result.figures.median / result.reference.figures.median : null;
