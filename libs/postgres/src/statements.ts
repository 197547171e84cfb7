import type { QueryConfig, QueryResult, QueryResultRow } from 'pg';
import { unansweredWithin } from './unavailable';

/** What runs a statement: a pooled connection, or one that bounds each statement (`boundedBy`). */
export interface Statements {
  query<R extends QueryResultRow = QueryResultRow>(statement: QueryConfig): Promise<QueryResult<R>>;
}

/** Runs each statement on `connection` within a bound on PostgreSQL's answer (unansweredWithin). */
export function boundedBy(connection: Statements, answerWithinMs: number): Statements {
  return { query: (statement) => connection.query(unansweredWithin(statement, answerWithinMs)) };
}
