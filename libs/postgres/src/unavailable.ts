import { DatabaseError } from 'pg';

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/** SQLSTATE classes of a server going away or refusing work (shutdown, crash, no connections). */
const UNAVAILABLE_STATES = /^(08|53|57P0[1-3])/;

/** Whether a driver error means the database cannot be reached, rather than that a query was wrong. */
export function isUnavailable(error: unknown): boolean {
  if (error instanceof DatabaseError) return UNAVAILABLE_STATES.test(error.code ?? '');
  if (!(error instanceof Error)) return false;
  const code = (error as NodeJS.ErrnoException).code;
  return (
    (code !== undefined && CONNECTION_CODES.has(code)) ||
    /Connection terminated|connection timeout|Client has encountered a connection error|Cannot use a pool after calling end/i.test(
      error.message,
    )
  );
}
