import { readHistoryExport, verifyHistoryExport, type ExportVerification } from './verify-history-export';

/** Whether a later export of an agreement's history continues an earlier one, event for event. */
export interface ContinuationVerification {
  readonly continues: boolean;
  /** The earlier export verified on its own, as `verifyHistoryExport` does. */
  readonly earlier: ExportVerification;
  readonly earlierEvents: number;
  readonly laterEvents: number;
  /** The first version the later export does not hold as the earlier one did. */
  readonly firstDifferentVersion?: number;
  readonly problem?: string;
}

/**
 * Offline: an export verifies on its own however the log was rewritten before it was taken, since
 * the server signs what the log holds. Compared with one the auditor kept from before, a rewritten
 * event, or one cut off, shows: every event the earlier export holds must be in the later one,
 * with the same hash (each hash covers its whole past, so they are the same history). Events
 * appended since are the later export's own; this cannot tell whether they were forged.
 */
export async function verifyContinuation(
  earlierText: string,
  laterText: string,
  publicKeyPem: string,
): Promise<ContinuationVerification> {
  const [earlier, later] = await Promise.all([
    verifyHistoryExport(earlierText, publicKeyPem),
    verifyHistoryExport(laterText, publicKeyPem),
  ]);
  const before = readHistoryExport(earlierText).events;
  const after = readHistoryExport(laterText).events;
  const counts = { earlier, earlierEvents: before.length, laterEvents: after.length };
  if (!earlier.signatureValid || !earlier.chain.valid) {
    return { continues: false, ...counts, problem: 'the earlier export does not verify on its own' };
  }
  if (!later.signatureValid || !later.chain.valid) {
    return { continues: false, ...counts, problem: 'the later export does not verify on its own' };
  }
  if (later.agreementId !== earlier.agreementId) {
    return { continues: false, ...counts, problem: 'the two exports are of different agreements' };
  }
  const differing = before.findIndex((event, i) => after[i]?.hash !== event.hash);
  if (differing === -1) return { continues: true, ...counts };
  const firstDifferentVersion = differing + 1;
  const problem =
    differing >= after.length
      ? `the later export ends at version ${after.length}: events the earlier one holds were cut off`
      : `version ${firstDifferentVersion} is not the event the earlier export holds: the history was rewritten`;
  return { continues: false, ...counts, firstDifferentVersion, problem };
}
