import { resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { Environment } from './environment';

export type AuthConfig =
  | { readonly mode: 'secret'; readonly secret: string }
  | { readonly mode: 'jwks'; readonly jwksUrl: string }
  | { readonly mode: 'demo' };

/** Everything configurable, read and checked once; the composition root chooses adapters from it. */
export interface AppConfig {
  readonly port: number;
  readonly dataDir: string;
  readonly databaseUrl?: string;
  /** EventStoreDB / KurrentDB for the events; the read models and units stay in PostgreSQL. */
  readonly eventStoreUrl?: string;
  readonly auth: AuthConfig;
  readonly rateLimitPerMinute: number;
  /** PKCS#8 PEM of the key that signs history exports (else one is kept in DATA_DIR). */
  readonly exportSigningKey?: string;
  /** Browser origins allowed by CORS; empty: CORS closed. */
  readonly corsOrigins: readonly string[];
  /** The IANA zone whose calendar says what day it is for the reports. */
  readonly reportTimeZone: string;
  /** How many reads of the list and the reports run at once, each on a connection of its own. */
  readonly readConnections: number;
  /**
   * Whether this process runs the projection runners (it competes for each read model's lease),
   * the heap ceiling of the thread a rebuild runs in (0: the server's own thread), and how far
   * behind the log a live read model is rebuilt rather than caught up (events; 0: never).
   */
  readonly projections: { readonly run: boolean; readonly rebuildHeapMb: number; readonly rebuildWhenBehind: number };
  /** Fastify's trustProxy: the proxies whose X-Forwarded-For names the client (false: none). */
  readonly trustProxy: string | false;
  readonly logLevel: string;
}

export class InvalidConfiguration extends Error {}

function authOf(env: Environment): AuthConfig {
  if (env.AUTH_JWT_SECRET && env.AUTH_JWKS_URL) {
    throw new InvalidConfiguration('Set AUTH_JWT_SECRET or AUTH_JWKS_URL, not both.');
  }
  if (env.AUTH_JWT_SECRET) return { mode: 'secret', secret: env.AUTH_JWT_SECRET };
  if (env.AUTH_JWKS_URL) return { mode: 'jwks', jwksUrl: env.AUTH_JWKS_URL };
  // Demo mode prints a token for every role, admin's included, in the log (docs/SECURITY.md).
  if (env.NODE_ENV === 'production') {
    throw new InvalidConfiguration(
      'NODE_ENV=production needs AUTH_JWT_SECRET or AUTH_JWKS_URL: demo mode, which prints a token for ' +
        'every role in the log, is only for trying Kemitraan out.',
    );
  }
  return { mode: 'demo' };
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  // An empty variable counts as unset, as `VAR=` in a shell or `${VAR:-}` in Compose means.
  const given = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const env = plainToInstance(Environment, given, { excludeExtraneousValues: false });
  // One message per rule: a variable's constraints that share one are all broken by a non-number.
  const problems = [
    ...new Set(validateSync(env, { whitelist: false }).flatMap((e) => Object.values(e.constraints ?? {}))),
  ];
  if (problems.length > 0) throw new InvalidConfiguration(`Invalid configuration: ${problems.join('; ')}`);
  return {
    port: env.PORT,
    dataDir: resolve(env.DATA_DIR),
    databaseUrl: env.DATABASE_URL,
    eventStoreUrl: env.EVENTSTORE_URL,
    auth: authOf(env),
    rateLimitPerMinute: env.RATE_LIMIT,
    exportSigningKey: env.EXPORT_SIGNING_KEY,
    corsOrigins: env.CORS_ORIGINS?.split(',') ?? [],
    reportTimeZone: env.REPORT_TIME_ZONE,
    readConnections: env.READ_CONNECTIONS,
    projections: {
      run: env.PROJECTIONS === 'on',
      rebuildHeapMb: env.REBUILD_HEAP_MB,
      rebuildWhenBehind: env.REBUILD_WHEN_BEHIND,
    },
    trustProxy: env.TRUST_PROXY ?? false,
    logLevel: env.LOG_LEVEL,
  };
}
