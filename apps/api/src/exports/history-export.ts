import { createHash } from 'node:crypto';
import { CompactSign } from 'jose';
import type { HistoryEntry } from '@kemitraan/agreements';
import { EXPORT_ALGORITHM, type ExportSigningKey } from './export-signing-key';

/** The first line of an export: what it is and whose. */
export interface ExportHeader {
  readonly kind: 'kemitraan-agreement-history';
  readonly agreementId: string;
  readonly streamId: string;
  readonly events: number;
  readonly lastHash: string;
  readonly exportedAt: string;
  readonly exportedBy: string;
}

/** What the last line's signature covers: the SHA-256 of every line before it, and the chain's end. */
export interface ExportSeal {
  readonly sha256: string;
  readonly agreementId: string;
  readonly events: number;
  readonly lastHash: string;
}

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * An agreement's history as JSON Lines: a header, one line per event (the entries of
 * `/history`, with everything needed to recompute each hash), then `{"signature": JWS}`, an
 * Ed25519 signature over the SHA-256 of all the lines before it.
 */
export async function historyExport(
  agreementId: string,
  entries: readonly HistoryEntry[],
  key: ExportSigningKey,
  exportedAt: string,
  exportedBy: string,
): Promise<string> {
  const lastHash = entries.at(-1)!.hash;
  const header: ExportHeader = {
    kind: 'kemitraan-agreement-history',
    agreementId,
    streamId: `agreement-${agreementId}`,
    events: entries.length,
    lastHash,
    exportedAt,
    exportedBy,
  };
  const body = [header, ...entries].map((line) => `${JSON.stringify(line)}\n`).join('');
  const seal: ExportSeal = { sha256: sha256Hex(body), agreementId, events: entries.length, lastHash };
  const signature = await new CompactSign(new TextEncoder().encode(JSON.stringify(seal)))
    .setProtectedHeader({ alg: EXPORT_ALGORITHM, kid: key.keyId, typ: 'kemitraan-history-seal' })
    .sign(key.privateKey);
  return `${body}${JSON.stringify({ signature })}\n`;
}
