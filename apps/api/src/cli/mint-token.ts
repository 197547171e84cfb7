import { parseArgs } from 'node:util';
import { isRole } from '@kemitraan/agreements';
import { loadConfig } from '../config/app-config';
import { demoSecret, demoToken } from '../http/auth/demo-tokens';

const USAGE = 'usage: npm run token -- --role <role> --unit <UNIT-CODE> [--name "Full Name"] [--sub user-id]';

/**
 * Mints a token for any person of any unit with the server's HS256 secret (AUTH_JWT_SECRET, or
 * the demo secret in DATA_DIR), so every seed story can be told with curl. Not for JWKS mode.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { role: { type: 'string' }, unit: { type: 'string' }, name: { type: 'string' }, sub: { type: 'string' } },
  });
  const { role, unit } = values;
  if (!role || !unit || !isRole(role)) throw new Error(USAGE);
  const config = loadConfig();
  if (config.auth.mode === 'jwks') throw new Error('With AUTH_JWKS_URL, tokens come from the identity provider.');
  const secret =
    config.auth.mode === 'secret' ? new TextEncoder().encode(config.auth.secret) : await demoSecret(config.dataDir);
  const name = values.name ?? `${role} ${unit}`;
  const sub = values.sub ?? `${role}-${unit}`.toLowerCase();
  process.stdout.write(`${await demoToken(secret, { sub, name, roles: [role], unit })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
