import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import type { Actor } from '@kemitraan/agreements';

/** One person per role, from the seed partnership of Lapas Maros (seed 002) and its Kanwil. */
export const DEMO_ACTORS: readonly Actor[] = [
  { sub: 'demo-operator-maros', name: 'Rifqi Jalil', roles: ['operator'], unit: 'LAPAS-MAROS' },
  { sub: 'demo-kalapas-maros', name: 'Ali Imran', roles: ['upt_head'], unit: 'LAPAS-MAROS' },
  { sub: 'demo-legal-sulsel', name: 'Analis Hukum Kanwil Sulsel', roles: ['legal'], unit: 'KANWIL-SULSEL' },
  { sub: 'demo-kakanwil-sulsel', name: 'Kepala Kanwil Sulsel', roles: ['kanwil_head'], unit: 'KANWIL-SULSEL' },
  { sub: 'demo-auditor', name: 'Auditor Inspektorat', roles: ['auditor'], unit: 'DITJENPAS' },
  { sub: 'demo-admin', name: 'Administrator Sistem', roles: ['admin'], unit: 'DITJENPAS' },
];

const secretFile = (dataDir: string) => join(dataDir, 'demo-jwt-secret');

/** The demo secret a server in demo mode keeps in DATA_DIR, or null before one first started there. */
export async function savedDemoSecret(dataDir: string): Promise<Uint8Array | null> {
  const saved = await readFile(secretFile(dataDir), 'utf8').catch(() => null);
  return saved?.trim() ? Buffer.from(saved.trim(), 'base64url') : null;
}

/**
 * The demo secret: random, made once and kept (mode 0600) in DATA_DIR, so tokens survive a
 * restart of the same demo installation.
 */
export async function demoSecret(dataDir: string): Promise<Uint8Array> {
  const saved = await savedDemoSecret(dataDir);
  if (saved) return saved;
  const secret = randomBytes(32);
  await mkdir(dataDir, { recursive: true });
  await writeFile(secretFile(dataDir), `${secret.toString('base64url')}\n`, { mode: 0o600 });
  return secret;
}

export function demoToken(secret: Uint8Array, actor: Actor, lifetime = '30d'): Promise<string> {
  const { sub, name, roles, unit } = actor;
  return new SignJWT({ name, roles: [...roles], unit })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuer('kemitraan-demo')
    .setIssuedAt()
    .setExpirationTime(lifetime)
    .sign(secret);
}
