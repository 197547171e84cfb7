import { parseArgs } from 'node:util';
import { isRole, ROLES } from '@kemitraan/agreements';
import { UNIT_CODE } from '@kemitraan/units';
import { loadConfig } from '../config/app-config';
import { demoToken, savedDemoSecret } from '../http/auth/demo-tokens';

const USAGE = [
  'usage: npm run token -- --role <role> [--role <role> ...] --unit <UNIT-CODE> [--name "Full Name"] [--sub user-id]',
  `  roles: ${ROLES.join(', ')}; a person who holds several gives --role once for each.`,
].join('\n');

/** Why the command line cannot mint a token, said with the usage. */
class UsageError extends Error {}

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      options: {
        role: { type: 'string', multiple: true },
        unit: { type: 'string' },
        name: { type: 'string' },
        sub: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    // parseArgs names the unknown option or the missing value; the usage says what is known.
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/**
 * Mints a token for any person of any unit with the server's HS256 secret (AUTH_JWT_SECRET, or
 * the demo secret a server keeps in DATA_DIR), so every seed story can be told with curl. Not for
 * JWKS mode.
 */
async function main(): Promise<void> {
  const values = parse(process.argv.slice(2));
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const { role: roles = [], unit } = values;
  if (roles.length === 0 || !unit) throw new UsageError('Both --role and --unit are needed.');
  const unknown = roles.filter((role) => !isRole(role));
  if (unknown.length > 0) throw new UsageError(`No such role: ${unknown.join(', ')}.`);
  // A unit code the server could never match would mint a token refused everywhere (403).
  if (!UNIT_CODE.test(unit)) throw new UsageError(`${unit} is not a unit code such as LAPAS-MAROS.`);
  const config = loadConfig();
  if (config.auth.mode === 'jwks') throw new Error('With AUTH_JWKS_URL, tokens come from the identity provider.');
  const secret =
    config.auth.mode === 'secret'
      ? new TextEncoder().encode(config.auth.secret)
      : await savedDemoSecret(config.dataDir);
  // A secret made here would sign tokens that the server, keeping its own elsewhere, refuses (401).
  if (!secret) {
    throw new Error(
      `No demo secret in ${config.dataDir}: give DATA_DIR the folder of the server in demo mode (one that ` +
        'has started there), or AUTH_JWT_SECRET the secret of a server that has one.',
    );
  }
  const held = [...new Set(roles.filter(isRole))];
  const name = values.name ?? `${held.join('+')} ${unit}`;
  const sub = values.sub ?? `${held.join('-')}-${unit}`.toLowerCase();
  process.stdout.write(`${await demoToken(secret, { sub, name, roles: held, unit })}\n`);
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(error instanceof UsageError ? `${message}\n${USAGE}\n` : `${message}\n`);
  process.exit(1);
});
