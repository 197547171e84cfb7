import { Pool, type ClientConfig } from 'pg';
import { parseIntoClientConfig } from 'pg-connection-string';

export interface PoolOptions {
  readonly url: string;
  readonly max?: number;
  /** How long a query waits for a connection of the pool, all taken, before it fails (5 s). */
  readonly connectionWaitMs?: number;
  /** Whether PostgreSQL may plan its statements with parallel workers (yes; see SERIAL_ONLY). */
  readonly parallelWorkers?: boolean;
  readonly onError?: (error: Error) => void;
}

/** What says where and as whom to connect: all that a `connectionString` gave pg. */
const CONNECTION = ['host', 'port', 'user', 'password', 'database', 'ssl', 'options', 'application_name'] as const;

function connectionOf(url: string): Pick<ClientConfig, (typeof CONNECTION)[number]> {
  const parsed = parseIntoClientConfig(url);
  return Object.fromEntries(CONNECTION.map((key) => [key, parsed[key]]));
}

/**
 * Settings every connection starts with; PGOPTIONS (which pg reads only when no `options` are
 * given) and then the URL's own `options` come after them, so a deployment can set any of them
 * back. Behind a pooler that refuses startup options it does not track (PgBouncer since 1.20), see
 * DEPLOYMENT.md. JIT compilation is off: PostgreSQL estimates 100 rows for each
 * `jsonb_array_elements` or `jsonb_each` a report calls per row, so the reports and the list
 * looked expensive enough to be compiled with inlining and optimisation, and compiling took longer
 * than the statement saved (about 1 s of the outputs report's 1.5 s, in each parallel worker too).
 * Measured on 163,304 agreements (docs/performance-notes.md): without it the reports and the list
 * answered 1.1 to 1.6 times as fast (the pending approvals' download about the same), and four
 * reports at once 1.5 to 1.6 times as fast.
 */
const CONNECTION_SETTINGS = '-c jit=off';

/**
 * PostgreSQL's side of each connection probes its client as the client's side probes PostgreSQL
 * (`keepAlive` below): after 10 s without traffic, every second, ten times. Without them, a
 * session whose client vanished without a word (its host lost, a partition, a NAT or firewall
 * forgetting it) lives on the server's kernel defaults, about two hours, and keeps what it holds:
 * the read models' leases (advisory locks) among them, so that neither the process that lost it
 * nor any other could write the read models for that long. Seen by hand in a network namespace
 * that dropped PostgreSQL's port for 60 s (docs/RELIABILITY.md): the lease-holding session was
 * still open on the server 77 s after the network came back, its keepalive due in 108 minutes;
 * with these, it was gone within 20 s. Not `tcp_user_timeout` as well: it also ended the
 * connection of a live client that had stopped reading a large result for 45 s (a zero window),
 * which with these alone got every row. PostgreSQL ignores them on a Unix socket (the embedded
 * one's).
 */
const CLIENT_PROBES = '-c tcp_keepalives_idle=10 -c tcp_keepalives_interval=1 -c tcp_keepalives_count=10';

/**
 * For a pool whose statements each touch a few rows (commands, the live read models' runners): a
 * plan with parallel workers there only ever comes from a misestimate. With the events table never
 * analyzed (a server without autovacuum, or a log loaded faster than autovacuum analyzes it),
 * reading one agreement's stream was planned for 20,000 rows with two workers: 43 ms, where a
 * narrower read of it without workers took 0.2 to 3.5 ms, and commands on agreements not yet kept
 * ran at 53 requests/s instead of 555 to 610 (docs/performance-notes.md, second session of
 * 2026-12-04). The list and the reports keep them, and so does a rebuild's thread: its reads
 * follow an index with a limit, and it was not measured without them.
 */
const SERIAL_ONLY = '-c max_parallel_workers_per_gather=0';

/**
 * A connection pool that fails fast when the database cannot be reached. The URL is taken apart
 * here because pg keeps a `connectionString` as it is, password included, where logging or
 * inspecting the pool shows it; a `password` given on its own it keeps out of sight.
 */
export function createPool(options: PoolOptions): Pool {
  const connection = connectionOf(options.url);
  const pool = new Pool({
    ...connection,
    options: [
      CONNECTION_SETTINGS,
      CLIENT_PROBES,
      options.parallelWorkers === false && SERIAL_ONLY,
      process.env.PGOPTIONS,
      connection.options,
    ]
      .filter(Boolean)
      .join(' '),
    application_name: connection.application_name ?? 'kemitraan',
    max: options.max ?? 10,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: options.connectionWaitMs ?? 5_000,
    // A connection a network dropped without a word (a partition, a NAT or firewall forgetting
    // it) is otherwise waited on for ever by whatever reads on it and has no bound of its own
    // (LISTEN, the read models' leases): TCP keepalive probes it after 10 s idle, and Node sets the
    // probes on the socket itself, every second, ten times (seen with strace), so it is closed
    // about 20 s after its last traffic. A statement sent into such a network is not probed but
    // sent again by the kernel, at waits growing to 2 minutes, until the network answers or
    // net.ipv4.tcp_retries2 gives up (about 15 minutes).
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
  // An idle client whose server went away must not crash the process; the next query reconnects.
  pool.on('error', (error) => options.onError?.(error));
  return pool;
}
