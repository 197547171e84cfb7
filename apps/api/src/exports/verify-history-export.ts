import { compactVerify, importSPKI } from 'jose';
import { verifyHistory } from '@kemitraan/agreements';
import type { ChainVerification, StoredEvent } from '@kemitraan/event-store';
import { EXPORT_ALGORITHM } from './export-signing-key';
import { sha256Hex, type ExportHeader, type ExportSeal } from './history-export';

export interface ExportVerification {
  readonly signatureValid: boolean;
  readonly chain: ChainVerification;
  readonly agreementId: string | null;
  readonly problem?: string;
}

interface Entry {
  version: number;
  type: string;
  at: string;
  actor: StoredEvent['metadata']['actor'];
  data: StoredEvent['data'];
  commandId: string;
  correlationId: string;
  causationId: string;
  machineVersion: string;
  reason: string | null;
  eventId: string;
  hash: string;
  previousHash: string | null;
}

/** An export line back into the event it records, so its hash can be computed again. */
const asEvent = (streamId: string, e: Entry): StoredEvent => ({
  streamId,
  version: e.version,
  eventId: e.eventId,
  type: e.type,
  data: e.data,
  metadata: {
    actor: e.actor,
    at: e.at,
    commandId: e.commandId,
    correlationId: e.correlationId,
    causationId: e.causationId,
    machineVersion: e.machineVersion,
    ...(e.reason !== null ? { reason: e.reason } : {}),
  },
  hash: e.hash,
  previousHash: e.previousHash,
  position: { commit: 0n, prepare: 0n },
});

/** An export's lines, its header and its events as recorded (hash and link included). */
export function readHistoryExport(text: string): {
  lines: string[];
  header: ExportHeader;
  events: StoredEvent[];
} {
  const lines = text.split('\n').filter((line) => line.length > 0);
  const header = JSON.parse(lines[0] ?? '{}') as ExportHeader;
  const events = lines.slice(1, -1).map((line) => asEvent(header.streamId, JSON.parse(line) as Entry));
  return { lines, header, events };
}

/**
 * Offline: the signature over the export (with the auditor's copy of the public key) and every
 * hash and link of the chain, recomputed from the lines themselves.
 */
export async function verifyHistoryExport(text: string, publicKeyPem: string): Promise<ExportVerification> {
  const { lines, header, events } = readHistoryExport(text);
  const body = lines
    .slice(0, -1)
    .map((line) => `${line}\n`)
    .join('');
  const { chain, inadmissible } = verifyHistory(header.agreementId ?? '', events);
  const broken = inadmissible && `version ${inadmissible.version} breaks the rules: ${inadmissible.why}`;
  try {
    const { signature } = JSON.parse(lines.at(-1) ?? '{}') as { signature?: string };
    const key = await importSPKI(publicKeyPem, EXPORT_ALGORITHM);
    const { payload } = await compactVerify(signature ?? '', key);
    const seal = JSON.parse(new TextDecoder().decode(payload)) as ExportSeal;
    const sealed =
      seal.sha256 === sha256Hex(body) && seal.events === events.length && seal.lastHash === events.at(-1)?.hash;
    const problem = sealed ? broken : 'the lines are not the ones signed';
    return { signatureValid: sealed, chain, agreementId: header.agreementId ?? null, ...(problem ? { problem } : {}) };
  } catch (error) {
    return { signatureValid: false, chain, agreementId: header.agreementId ?? null, problem: String(error) };
  }
}
