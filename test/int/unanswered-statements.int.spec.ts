import { randomUUID } from 'node:crypto';
import {
  EMPTY_STREAM,
  EventStoreUnavailable,
  PostgresEventStore,
  type IdempotencyRecord,
  type StreamAppend,
} from '@kemitraan/event-store';
import { anEvent, eventually } from '@kemitraan/event-store/testing/contract';
import { createPool, failedToConnect } from '@kemitraan/postgres';
import { ANSWER_WITHIN_MS, SLACK_MS, stalledDatabase, timed } from '../support/held-tables';

/**
 * A statement PostgreSQL receives but does not answer, as when its host or disk stalls: here,
 * because another session holds the log's tables. Reads wait too (access exclusive).
 */
describe("a command's statements that PostgreSQL does not answer in time", () => {
  const stalled = stalledDatabase();
  const holdTheLog = () => stalled.tables.hold('events, idempotency_keys');
  const releaseTheLog = () => stalled.tables.release();

  const appendTo = (streamId: string): StreamAppend => ({ streamId, expected: EMPTY_STREAM, events: [anEvent()] });
  const eventIds = async (streamId: string) =>
    (
      await stalled.db.pool.query<{ event_id: string }>('select event_id from events where stream_id = $1', [streamId])
    ).rows.map((row) => row.event_id);

  it('answers an append unavailable by its bound, as of unknown outcome: it commits once PostgreSQL goes on', async () => {
    const append = appendTo(`agreement-${randomUUID()}`);
    const idempotency: IdempotencyRecord = { scope: 'op-maros-01', key: randomUUID(), fingerprint: 'f', result: {} };
    await holdTheLog();
    let unanswered: { outcome: unknown; ms: number };
    try {
      unanswered = await timed(() => stalled.store.append([append], { idempotency }));
    } finally {
      await releaseTheLog();
    }
    expect(unanswered.outcome).toBeInstanceOf(EventStoreUnavailable);
    expect(failedToConnect(unanswered.outcome)).toBe(false);
    expect(unanswered.ms).toBeGreaterThanOrEqual(ANSWER_WITHIN_MS - 10);
    expect(unanswered.ms).toBeLessThan(ANSWER_WITHIN_MS + SLACK_MS);
    // Only the connection was closed: the statement PostgreSQL had received ran when it could.
    const written = await eventually(
      () => eventIds(append.streamId),
      (ids) => ids.length > 0,
    );
    expect(written).toEqual([append.events[0]!.eventId]);
    const retried = await stalled.store.append([append], { idempotency }).catch((error: unknown) => error);
    expect(retried).toBeInstanceOf(Error);
    expect(retried).not.toBeInstanceOf(EventStoreUnavailable);
    expect(await eventIds(append.streamId)).toEqual(written);
  });

  it('answers appends waiting in a group unavailable too, each within a bound of its own', async () => {
    const appends = Array.from({ length: 5 }, () => appendTo(`agreement-${randomUUID()}`));
    await holdTheLog();
    let outcomes: { outcome: unknown; ms: number }[];
    try {
      outcomes = await Promise.all(appends.map((append) => timed(() => stalled.store.append([append]))));
    } finally {
      await releaseTheLog();
    }
    for (const { outcome, ms } of outcomes) {
      expect(outcome).toBeInstanceOf(EventStoreUnavailable);
      expect(failedToConnect(outcome)).toBe(false);
      // Three are written alone at once; the other two wait for a place, then are written as a group.
      expect(ms).toBeLessThan(2 * ANSWER_WITHIN_MS + SLACK_MS);
    }
    for (const append of appends) {
      const ids = await eventually(
        () => eventIds(append.streamId),
        (found) => found.length > 0,
      );
      expect(ids).toEqual([append.events[0]!.eventId]);
    }
  });

  it('answers reads of a stream and of an idempotency key unavailable by their bound', async () => {
    await holdTheLog();
    try {
      for (const read of [
        () => stalled.store.readStream(`agreement-${randomUUID()}`),
        () => stalled.store.findIdempotency('op-maros-01', randomUUID()),
      ]) {
        const { outcome, ms } = await timed(read);
        expect(outcome).toBeInstanceOf(EventStoreUnavailable);
        expect(ms).toBeLessThan(ANSWER_WITHIN_MS + SLACK_MS);
      }
    } finally {
      await releaseTheLog();
    }
  });

  it('closes each connection left without an answer, rather than handing it out again', async () => {
    const pool = createPool({ url: stalled.db.url, max: 2 });
    const small = new PostgresEventStore(pool, { answerWithinMs: ANSWER_WITHIN_MS });
    try {
      await holdTheLog();
      try {
        for (let read = 0; read < 4; read++) {
          const { outcome, ms } = await timed(() => small.readStream(`agreement-${randomUUID()}`));
          expect(outcome).toBeInstanceOf(EventStoreUnavailable);
          expect(ms).toBeLessThan(ANSWER_WITHIN_MS + SLACK_MS);
          // Handed out again, it would still be waiting for the unanswered statement's answer.
          expect(pool.totalCount).toBe(0);
        }
      } finally {
        await releaseTheLog();
      }
      const stream = `agreement-${randomUUID()}`;
      await small.append([appendTo(stream)]);
      expect((await small.readStream(stream)).events).toHaveLength(1);
    } finally {
      await pool.end();
    }
  });
});
