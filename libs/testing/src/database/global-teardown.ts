import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { FAULT_LEDGER, readLedger } from '../fault-ledger';

/** Prints what the fault and property tests tried, then stops the embedded PostgreSQL. */
export default async function globalTeardown(): Promise<void> {
  const ledger = process.env[FAULT_LEDGER];
  if (ledger) {
    const entries = readLedger(ledger);
    if (entries.length > 0) {
      const sum = (key: 'faultsInjected' | 'inputsTried' | 'writesLost') => entries.reduce((n, e) => n + e[key], 0);
      const lines = entries.map(
        (e) =>
          `  ${e.test.padEnd(64)} faults ${String(e.faultsInjected).padStart(4)}  inputs ${String(e.inputsTried).padStart(6)}  writes lost ${e.writesLost}`,
      );
      process.stdout.write(
        `\nFault and property tests:\n${lines.join('\n')}\n  total: faults injected ${sum('faultsInjected')}, inputs tried ${sum('inputsTried')}, writes lost ${sum('writesLost')}\n`,
      );
    }
    await rm(dirname(ledger), { recursive: true, force: true });
  }
  const embedded = globalThis.embeddedPostgresForTests;
  if (!embedded) return;
  await embedded.server.stop();
  await rm(embedded.dataDir, { recursive: true, force: true });
}
