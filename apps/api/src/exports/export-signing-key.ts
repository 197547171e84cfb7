import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportPKCS8, exportSPKI, generateKeyPair, importPKCS8, importSPKI, type KeyLike } from 'jose';

export const EXPORT_ALGORITHM = 'EdDSA';

export const EXPORT_SIGNING_KEY = Symbol('ExportSigningKey');

export interface ExportSigningKey {
  readonly privateKey: KeyLike;
  /** SPKI PEM: what an auditor keeps to verify exports offline. */
  readonly publicKeyPem: string;
  /** SHA-256 of the public key's PEM, hex: names the key in every signature. */
  readonly keyId: string;
}

const keyIdOf = (publicKeyPem: string) => createHash('sha256').update(publicKeyPem).digest('hex');

/**
 * The Ed25519 key that signs history exports: EXPORT_SIGNING_KEY (PKCS#8 PEM) when given, so
 * every replica signs with one key; otherwise one made once and kept (mode 0600) in DATA_DIR.
 */
export async function loadExportSigningKey(configured: string | undefined, dataDir: string): Promise<ExportSigningKey> {
  const file = join(dataDir, 'export-signing-key.pem');
  let pkcs8 = configured ?? (await readFile(file, 'utf8').catch(() => null));
  if (!pkcs8) {
    const { privateKey } = await generateKeyPair(EXPORT_ALGORITHM, { crv: 'Ed25519', extractable: true });
    pkcs8 = await exportPKCS8(privateKey);
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, pkcs8, { mode: 0o600 });
  }
  const privateKey = await importPKCS8(pkcs8, EXPORT_ALGORITHM, { extractable: true });
  const publicKeyPem = await exportSPKI(await publicOf(privateKey));
  return { privateKey, publicKeyPem, keyId: keyIdOf(publicKeyPem) };
}

async function publicOf(privateKey: KeyLike): Promise<KeyLike> {
  const spki = createPublicKey(privateKey as KeyObject).export({ type: 'spki', format: 'pem' });
  return importSPKI(spki.toString(), EXPORT_ALGORITHM);
}
