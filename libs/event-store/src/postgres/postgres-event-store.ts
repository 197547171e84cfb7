import type { Pool } from 'pg';
import { EventStoreUnavailable } from '../event-store.errors';
import type {
  AppendResult,
  AppendWatch,
  EventStore,
  IdempotencyRecord,
  LogPosition,
  StoredEvent,
  StreamAppend,
  StreamRead,
  StreamTip,
  SubscribeOptions,
} from '../event-store.port';
import { chainEvents, tipOf } from '../hash-chain';
import { appendStatement, COUNT_AFTER, FIND_IDEMPOTENCY, READ_ALL, READ_STREAM } from './event-log.sql';
import { AppendAnnouncer } from './append-announcer';
import { LogWakeups } from './log-wakeups';
import { isUnavailable } from '@kemitraan/postgres/unavailable';
import { appendError } from './pg-errors';
import { followLog } from '../follow-log';

interface EventRow {
  stream_id: string;
  version: number;
  event_id: string;
  type: string;
  data: StoredEvent['data'];
  metadata: StoredEvent['metadata'];
  hash: string;
  previous_hash: string | null;
  prepare: string;
  commit: string;
}

const toEvent = (row: EventRow): StoredEvent => ({
  streamId: row.stream_id,
  version: row.version,
  eventId: row.event_id,
  type: row.type,
  data: row.data,
  metadata: row.metadata,
  hash: row.hash,
  previousHash: row.previous_hash,
  position: { commit: BigInt(row.commit), prepare: BigInt(row.prepare) },
});

/** The event log in PostgreSQL: one `events` table, one statement per append. */
export class PostgresEventStore implements EventStore {
  private readonly announcer: AppendAnnouncer;

  constructor(private readonly pool: Pool) {
    this.announcer = new AppendAnnouncer(pool);
  }

  async readStream(streamId: string): Promise<StreamRead> {
    const events = (await this.query<EventRow>(READ_STREAM, [streamId])).map(toEvent);
    return { streamId, events, tip: tipOf(events) };
  }

  async append(
    appends: readonly StreamAppend[],
    options: { idempotency?: IdempotencyRecord } = {},
  ): Promise<AppendResult> {
    const chained = appends.map((a) => ({
      streamId: a.streamId,
      events: chainEvents(a.streamId, a.expected, a.events),
    }));
    const events = chained.flatMap(({ events }) => events);
    const idem = options.idempotency;
    const params = [
      ...events.flatMap((e) => [
        e.streamId,
        e.version,
        e.eventId,
        e.type,
        JSON.stringify(e.data),
        JSON.stringify(e.metadata),
        e.hash,
        e.previousHash,
      ]),
      idem?.scope ?? null,
      idem?.key ?? null,
      idem?.fingerprint ?? null,
      idem ? JSON.stringify(idem.result) : null,
    ];
    try {
      await this.pool.query(appendStatement(events.length), params);
    } catch (error) {
      throw appendError(error, appends, idem);
    }
    this.announcer.announce();
    const tips = new Map<string, StreamTip>(
      chained.map(({ streamId, events }) => [streamId, tipOf(events as StoredEvent[])]),
    );
    return { tips };
  }

  async readAll(after: LogPosition, limit: number): Promise<readonly StoredEvent[]> {
    const rows = await this.query<EventRow>(READ_ALL, [after.commit.toString(), after.prepare.toString(), limit]);
    return rows.map(toEvent);
  }

  subscribe(options: SubscribeOptions): AsyncIterable<StoredEvent> {
    return followLog((after, limit) => this.readAll(after, limit), this.watchAppends(), options);
  }

  async countAfter(after: LogPosition): Promise<number> {
    const [row] = await this.query<{ count: number }>(COUNT_AFTER, [after.commit.toString(), after.prepare.toString()]);
    return row!.count;
  }

  watchAppends(): AppendWatch {
    return new LogWakeups(this.pool);
  }

  async findIdempotency(scope: string, key: string): Promise<IdempotencyRecord | null> {
    const rows = await this.query<IdempotencyRecord>(FIND_IDEMPOTENCY, [scope, key]);
    return rows[0] ?? null;
  }

  async ping(): Promise<void> {
    await this.query('select 1', []);
  }

  private async query<T extends object>(sql: string, params: unknown[]): Promise<T[]> {
    try {
      return (await this.pool.query<T>(sql, params)).rows;
    } catch (error) {
      throw isUnavailable(error) ? new EventStoreUnavailable(error) : error;
    }
  }
}
