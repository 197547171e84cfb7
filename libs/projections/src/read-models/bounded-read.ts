import type { QueryConfig } from 'pg';
import { unansweredWithin } from '@kemitraan/postgres';

/**
 * The bound on a read of the read models, where a test gives one; the server leaves it to
 * READ_ANSWER_MS.
 */
export const READ_ANSWER_WITHIN_MS = Symbol('READ_ANSWER_WITHIN_MS');

/**
 * A read of the read models that PostgreSQL must answer within `ms`: past it, pg rejects it
 * ("Query read timeout", a 503 to the client) and the pool closes its connection.
 */
export const boundedRead = (ms: number, text: string, values: unknown[] = []): QueryConfig =>
  unansweredWithin({ text, values }, ms);
