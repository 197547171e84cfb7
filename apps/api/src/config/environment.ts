import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsTimeZone,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { READ_CONNECTIONS } from '@kemitraan/postgres/database';
import { IsProxyTrust } from './proxy-trust';
import { DEFAULT_REPORTING_TIME_ZONE } from '@kemitraan/projections/agreements/reporting-calendar';

const PORT_RULE = 'PORT must be a whole number, 0 to 65535';
const RATE_LIMIT_RULE = 'RATE_LIMIT must be a whole number of requests a minute (0: no limit)';

/** The environment the server reads once at start-up (API.md, "Starting the server"). */
export class Environment {
  /** 0: any free port, as the log then says. */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: PORT_RULE })
  @Min(0, { message: PORT_RULE })
  @Max(65535, { message: PORT_RULE })
  PORT: number = 3000;

  @IsOptional()
  @IsString()
  @MinLength(1)
  DATA_DIR: string = './data';

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// connection string' })
  DATABASE_URL?: string;

  /** A KurrentDB / EventStoreDB connection string, e.g. kurrentdb://host:2113?tls=false. */
  @IsOptional()
  @Matches(/^(esdb|kurrentdb|kdb)(\+discover)?:\/\/\S+$/, {
    message: 'EVENTSTORE_URL must be a connection string such as kurrentdb://localhost:2113?tls=false',
  })
  EVENTSTORE_URL?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  AUTH_JWT_SECRET?: string;

  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'AUTH_JWKS_URL must be an http(s) URL' })
  AUTH_JWKS_URL?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: RATE_LIMIT_RULE })
  @Min(0, { message: RATE_LIMIT_RULE })
  RATE_LIMIT: number = 1200;

  /**
   * The proxies in front (a load balancer) whose X-Forwarded-For names the client: their addresses
   * or CIDR ranges. Unset: none, and the rate limit counts per peer.
   */
  @IsOptional()
  @IsProxyTrust()
  TRUST_PROXY?: string;

  /** The Ed25519 key (PKCS#8 PEM) that signs history exports; unset: one kept in DATA_DIR. */
  @IsOptional()
  @Matches(/-----BEGIN PRIVATE KEY-----/, { message: 'EXPORT_SIGNING_KEY must be a PKCS#8 PEM private key' })
  EXPORT_SIGNING_KEY?: string;

  /** Origins allowed to call the API from a browser, comma-separated; none by default. */
  @IsOptional()
  // An origin has no path, not even a trailing slash: a browser's never matches one that has.
  @Matches(/^https?:\/\/[^\s,/]+(,https?:\/\/[^\s,/]+)*$/, {
    message:
      'CORS_ORIGINS must be origins such as https://kemitraan.example (scheme, host and port; no path, ' +
      'no trailing slash), separated by commas',
  })
  CORS_ORIGINS?: string;

  /** `off` for an API process that only serves requests while others run the projections. */
  @IsOptional()
  @IsIn(['on', 'off'])
  PROJECTIONS: 'on' | 'off' = 'on';

  /**
   * The heap ceiling, in MB, of the worker thread a rebuild of the read models runs in; 0 runs
   * the rebuild on the server's own thread, without a ceiling of its own. Below 64 MB the thread
   * spends its time collecting garbage or runs out of memory before its first flush.
   */
  @IsOptional()
  @Type(() => Number)
  @ValidateIf((env: Environment) => env.REBUILD_HEAP_MB !== 0)
  @IsInt({ message: 'REBUILD_HEAP_MB must be 0 (no thread) or a whole number of MB, at least 64' })
  @Min(64, { message: 'REBUILD_HEAP_MB must be 0 (no thread) or a whole number of MB, at least 64' })
  REBUILD_HEAP_MB: number = 128;

  /**
   * A live read model at least this many events behind the log, and at least half the log, is
   * rebuilt rather than caught up in log order (a log imported, a read model added by a release);
   * 0: never. A rebuild reads the log about five times as fast as a runner catching up, but reads
   * all of it (docs/RELIABILITY.md).
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'REBUILD_WHEN_BEHIND must be a whole number of events (0: never)' })
  @Min(0, { message: 'REBUILD_WHEN_BEHIND must be a whole number of events (0: never)' })
  REBUILD_WHEN_BEHIND: number = 100_000;

  /**
   * How many reads of the list and the reports run at once in this process, each on a connection
   * of its own; more wait for one, up to 15 s, then answer 503 (docs/DEPLOYMENT.md, Connections).
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'READ_CONNECTIONS must be a whole number of connections, 1 to 100' })
  @Min(1, { message: 'READ_CONNECTIONS must be a whole number of connections, 1 to 100' })
  @Max(100, { message: 'READ_CONNECTIONS must be a whole number of connections, 1 to 100' })
  READ_CONNECTIONS: number = READ_CONNECTIONS;

  /** The IANA zone whose calendar says what day it is for the reports (the days left before an agreement ends). */
  @IsOptional()
  @IsTimeZone({ message: 'REPORT_TIME_ZONE must be an IANA time zone such as Asia/Jakarta or Asia/Makassar' })
  REPORT_TIME_ZONE: string = DEFAULT_REPORTING_TIME_ZONE;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  /** `production` (as the Dockerfile sets) refuses demo mode: a token for every role in the log. */
  @IsOptional()
  @IsString()
  NODE_ENV?: string;
}
