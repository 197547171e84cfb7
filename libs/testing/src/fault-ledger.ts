import { appendFileSync, readFileSync } from 'node:fs';

/** The variable naming the file where fault and property tests record what they tried. */
export const FAULT_LEDGER = 'KEMITRAAN_FAULT_LEDGER';

export interface LedgerEntry {
  readonly test: string;
  readonly faultsInjected: number;
  readonly inputsTried: number;
  /** Acknowledged writes missing afterwards (must be 0), or writes made by a refused request. */
  readonly writesLost: number;
}

/** Records one test's counts; the run prints them all at its end (global teardown). */
export function recordInLedger(entry: LedgerEntry): void {
  const file = process.env[FAULT_LEDGER];
  if (file) appendFileSync(file, `${JSON.stringify(entry)}\n`);
}

export function readLedger(file: string): LedgerEntry[] {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LedgerEntry);
  } catch {
    return [];
  }
}
