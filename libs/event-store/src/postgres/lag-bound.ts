/** What LAG_AFTER answers (event-log.sql.ts). */
export interface LagRow {
  counted: number;
  last: string | null;
  firstOfTransaction: string | null;
  sessions: number;
}

/**
 * At least as many events as follow a reader whose last event was written by transaction C (its
 * first event at position `first`; null at the start of the log), when `last` is the highest
 * position. Not simply `last` minus the reader's position: the log is read in commit order
 * (transaction id, then position), and a transaction that took its id after C's may have drawn
 * positions below C's last ones while both were writing (migration 0001, and READ_ALL in
 * event-log.sql.ts):
 * - positions come from one sequence with cache 1, so they rise in the order they are drawn; each
 *   is used once, and a rolled-back append leaves a gap. So at most `last - p + 1` events sit at or
 *   above any position p, and at most `last` in all.
 * - an append is one statement, and each row draws its position before its transaction id (the
 *   column order of `events`), so C took its id just after drawing `first`. A transaction whose
 *   id is higher took it later, and drew every position after that above `first`; only its first
 *   row's, drawn just before its id, can lie below `first`, and only if it was between those two
 *   steps when C drew `first`: at most one event for each process the server may run (`sessions`).
 * So lag <= last - first + 1 + sessions; it exceeds the true lag by the reader's own transaction up
 * to its position, the gaps and `sessions` (118 with PostgreSQL's defaults).
 * This holds because nothing gives an appending transaction its id before its first event row:
 * an append (alone or in a group: APPEND_GROUP in event-log.sql.ts) is one autocommit statement
 * whose idempotency inserts are an unreferenced CTE, which PostgreSQL runs after the main insert.
 * Never wrap the append in a larger transaction that writes first.
 */
export function lagAtMost(last: bigint, first: bigint | null, sessions: number): bigint {
  if (first === null) return last;
  const bound = last - first + 1n + BigInt(sessions);
  return bound < last ? bound : last;
}
