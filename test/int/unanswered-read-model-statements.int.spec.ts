import { EMPTY_STREAM, EventStoreUnavailable } from '@kemitraan/event-store';
import { START_OF_LOG } from '@kemitraan/event-store/event-store.port';
import { anEvent } from '@kemitraan/event-store/testing/contract';
import { createPool, isUnavailable } from '@kemitraan/postgres';
import { ReadModelGenerations } from '@kemitraan/projections/generations/read-model-generations';
import { readCheckpoint } from '@kemitraan/projections/runner/checkpoint-position';
import { ProjectionWriter } from '@kemitraan/projections/runner/projection-writer';
import { countingProjection as counting } from '@kemitraan/testing/projections/counting-projection';
import { ANSWER_WITHIN_MS, SLACK_MS, stalledDatabase, timed } from '../support/held-tables';

/**
 * A live read model's statements that PostgreSQL receives but does not answer, as when a network
 * drops packets without a word or its host stalls: here, because another session holds a table.
 */
describe("a live read model's statements that PostgreSQL does not answer in time", () => {
  const stalled = stalledDatabase();
  const hold = (table: string) => stalled.tables.hold(table);
  const release = () => stalled.tables.release();

  it('gives up a page of the log by its bound', async () => {
    await hold('events');
    let unanswered: { outcome: unknown; ms: number };
    try {
      unanswered = await timed(() => stalled.store.readAllForReadModels(START_OF_LOG, 10));
    } finally {
      await release();
    }
    expect(unanswered.outcome).toBeInstanceOf(EventStoreUnavailable);
    expect(unanswered.ms).toBeGreaterThanOrEqual(ANSWER_WITHIN_MS - 10);
    expect(unanswered.ms).toBeLessThan(ANSWER_WITHIN_MS + SLACK_MS);
  });

  it('gives up by their bound what the supervision reads every round: the generations, a checkpoint, a lag', async () => {
    const generations = new ReadModelGenerations(stalled.db.pool, [counting.name], undefined, ANSWER_WITHIN_MS);
    const reads: [table: string, read: () => Promise<unknown>][] = [
      ['read_model_generations', () => generations.current()],
      ['projection_checkpoints', () => readCheckpoint(stalled.db.pool, counting.name, 1, ANSWER_WITHIN_MS)],
      ['events', () => stalled.store.lagAfter(START_OF_LOG, { exactUpTo: 10 })],
    ];
    for (const [table, read] of reads) {
      await hold(table);
      let unanswered: { outcome: unknown; ms: number };
      try {
        unanswered = await timed(read);
      } finally {
        await release();
      }
      const unavailable = unanswered.outcome instanceof EventStoreUnavailable || isUnavailable(unanswered.outcome);
      expect({ table, unavailable }).toEqual({ table, unavailable: true });
      expect(unanswered.ms).toBeGreaterThanOrEqual(ANSWER_WITHIN_MS - 10);
      expect(unanswered.ms).toBeLessThan(ANSWER_WITHIN_MS + SLACK_MS);
    }
  });

  it('gives a batch up by its bound, closes its connection, and writes the batch once when PostgreSQL goes on', async () => {
    await stalled.store.append([
      { streamId: 'tally-1', expected: EMPTY_STREAM, events: ['Counted', 'Counted', 'Noted'].map((t) => anEvent(t)) },
    ]);
    const pool = createPool({ url: stalled.db.url, max: 1 });
    try {
      const writer = new ProjectionWriter(pool, counting, 1, ANSWER_WITHIN_MS);
      const from = (await writer.checkpoint()).position;
      const events = await stalled.store.readAllForReadModels(from, 100);
      expect(events).toHaveLength(3);

      // The batch's transaction is under way (its rows read) when its checkpoint's statement waits.
      await hold('projection_checkpoints');
      let unanswered: { outcome: unknown; ms: number };
      let connections: number;
      try {
        unanswered = await timed(() => writer.write(from, events));
        connections = pool.totalCount;
      } finally {
        await release();
      }
      expect(isUnavailable(unanswered.outcome)).toBe(true);
      expect(unanswered.ms).toBeGreaterThanOrEqual(ANSWER_WITHIN_MS - 10);
      expect(unanswered.ms).toBeLessThan(ANSWER_WITHIN_MS + SLACK_MS);
      // Closed, not handed back: a statement on it would wait behind the one left unanswered.
      expect(connections).toBe(0);

      await writer.write(from, events);
      const { rows } = await stalled.db.pool.query<{ n: number; read: string }>(
        `select (r.row->>'n')::int as n, c.events_read::text as read
         from projection_rows r join projection_checkpoints c using (projection, generation)
         where r.projection = 'counting' and r.key = 'tally-1'`,
      );
      expect(rows).toEqual([{ n: 2, read: '3' }]);
    } finally {
      await pool.end();
    }
  });
});
