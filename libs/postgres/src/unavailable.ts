import { DatabaseError, type QueryConfig } from 'pg';

/** ENOENT: the server's Unix socket is gone (it removes it when it stops). */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENOENT',
]);

/** SQLSTATE classes of a server going away or refusing work (shutdown, crash, no connections). */
const UNAVAILABLE_STATES = /^(08|53|57P0[1-3])/;

/** A statement given up before it was sent, having waited too long for its turn: nothing was written. */
export class StatementNotSent extends Error {
  constructor(waitedMs: number) {
    super(`The statement waited ${waitedMs} ms for its turn and was not sent.`);
    this.name = 'StatementNotSent';
  }
}

/**
 * Whether a driver error means the database cannot be reached, rather than that a query was wrong.
 * "Query read timeout" is pg's error for a statement that PostgreSQL had not answered within its
 * `query_timeout` (unansweredWithin): it may still run and commit.
 */
export function isUnavailable(error: unknown): boolean {
  if (error instanceof DatabaseError) return UNAVAILABLE_STATES.test(error.code ?? '');
  if (error instanceof StatementNotSent) return true;
  if (!(error instanceof Error)) return false;
  const code = (error as NodeJS.ErrnoException).code;
  return (
    (code !== undefined && CONNECTION_CODES.has(code)) ||
    /Connection terminated|connection timeout|Query read timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Cannot use a pool after calling end/i.test(
      error.message,
    )
  );
}

/**
 * How long a command's statement waits for PostgreSQL's answer before the command answers 503
 * "may or may not have been recorded". A database that stops answering without closing its
 * connections (a stalled host or disk, a network that drops packets) would otherwise hold each
 * command, and its agreement's turn here, until it answers again. The statements take milliseconds;
 * ten seconds leaves room for a slow disk's stalls, and for the answer to come well within the
 * 25 s a shutdown is given (apps/api/src/shutdown.ts).
 */
export const COMMAND_ANSWER_MS = 10_000;

/**
 * How long a read of the read models (the list, the reports) waits for PostgreSQL's answer before
 * it answers 503. Without a bound, a database that stops answering without closing its connections
 * holds each such read, and the pooled connection it took, until it answers again. Reads are far
 * slower than commands' statements: on a 1,000,000-event log a read request took up to 3.2 s
 * alone, 17 s with seven more at once (deep pages of the list) and 25 s with three more (workbooks
 * of the pending approvals, most of it building them; docs/performance-notes.md, ninth session of
 * 2026-12-03). A minute leaves them more than twice that, and is about when a browser's or a
 * proxy's wait ends (nginx's proxy_read_timeout is 60 s by default).
 */
export const READ_ANSWER_MS = 60_000;

/**
 * A statement's bound on waiting for PostgreSQL's answer. pg rejects it when the time is up; its
 * connection must then be closed (a later statement on it would wait for this one's answer first),
 * as `pool.query` and statementKeepingConnection do for any error that is not PostgreSQL's own.
 */
export function unansweredWithin<T extends QueryConfig>(statement: T, ms: number): T {
  return { ...statement, query_timeout: ms };
}

/** Whether the failure came before any statement reached the server (so nothing can have been written). */
export function failedToConnect(error: unknown): boolean {
  const cause =
    error instanceof Error && error.cause !== undefined && !(error instanceof DatabaseError) ? error.cause : error;
  if (!(cause instanceof Error)) return false;
  if (cause instanceof StatementNotSent) return true;
  const code = (cause as NodeJS.ErrnoException).code;
  return (
    code === 'ECONNREFUSED' ||
    code === 'ENOTFOUND' ||
    code === 'ENOENT' ||
    /timeout exceeded when trying to connect/i.test(cause.message)
  );
}
