import { randomUUID } from 'node:crypto';
import { BACKWARDS, END, FORWARDS, type KurrentDBClient } from '@kurrent/kurrentdb-client';
import {
  type AppendResult,
  type AppendWatch,
  type EventStore,
  type IdempotencyRecord,
  type LagOptions,
  type LogPosition,
  type ReadModelEvent,
  type StoredEvent,
  type StreamAppend,
  type StreamRead,
  type StreamTip,
  type SubscribeOptions,
} from '../event-store.port';
import { EventStoreUnavailable, StreamVersionConflict } from '../event-store.errors';
import { followLog } from '../follow-log';
import { chainEvents, tipOf } from '../hash-chain';
import { EsdbAppendWatch } from './esdb-append-watch';
import { appendToOneStream, eventsAfter, type StreamRequest } from './esdb-client-calls';
import type { EsdbConnection } from './esdb-connection';
import { isNotLeader, isStreamNotFound, translateAppendError, translateReadError } from './esdb-errors';
import {
  expectedRevision,
  fromRecorded,
  idempotencyEvent,
  idempotencyFromData,
  idempotencyStream,
  toEventData,
  type EsdbRecordedEvent,
} from './esdb-event-mapping';

/**
 * Reads that a command decides on, or that answer read-your-writes, go to the leader: with
 * `nodePreference=follower` a follower may not have the last append yet.
 */
const FROM_LEADER = { requiresLeader: true } as const;

/**
 * The event log in EventStoreDB / KurrentDB. One stream per agreement; a command's streams and
 * its idempotency record go in one atomic multi-stream append (KurrentDB 25.1 or later).
 */
export class EsdbEventStore implements EventStore {
  constructor(private readonly connection: EsdbConnection) {}

  async readStream(streamId: string): Promise<StreamRead> {
    const events = await this.readStreamFrom(streamId, 1);
    return { streamId, events, tip: tipOf(events) };
  }

  async readStreamFrom(streamId: string, from: number): Promise<readonly StoredEvent[]> {
    const { client } = this.connection;
    const events: StoredEvent[] = [];
    try {
      // Versions count from 1, revisions from 0 (esdb-event-mapping.ts).
      for await (const resolved of client.readStream(streamId, {
        direction: FORWARDS,
        fromRevision: BigInt(Math.max(from, 1) - 1),
        ...FROM_LEADER,
      })) {
        if (resolved.event) events.push(fromRecorded(resolved.event as EsdbRecordedEvent));
      }
    } catch (error) {
      if (!isStreamNotFound(error)) throw this.failed(error, client);
    }
    return events;
  }

  async append(
    appends: readonly StreamAppend[],
    options: { idempotency?: IdempotencyRecord } = {},
  ): Promise<AppendResult> {
    await Promise.all(appends.map((a) => this.assertTip(a)));
    const chained = appends.map((a) => ({ append: a, events: chainEvents(a.streamId, a.expected, a.events) }));
    const requests: StreamRequest[] = chained.map(({ append, events }) => ({
      streamName: append.streamId,
      events: events.map(toEventData),
      expectedState: expectedRevision(append.expected),
    }));
    const idem = options.idempotency;
    if (idem) {
      requests.push({
        streamName: idempotencyStream(idem.scope, idem.key),
        events: [idempotencyEvent(idem, randomUUID())],
        expectedState: 'no_stream',
      });
    }
    const { client } = this.connection;
    try {
      if (requests.length === 1) await appendToOneStream(client, requests[0]!);
      else await client.multiStreamAppend(requests);
    } catch (error) {
      throw this.failed(error, client, translateAppendError(error, appends, idem));
    }
    const tips = new Map<string, StreamTip>(
      chained.map(({ append, events }) => [
        append.streamId,
        events.length ? tipOf(events as StoredEvent[]) : append.expected,
      ]),
    );
    return { tips };
  }

  async readAll(after: LogPosition, limit: number): Promise<readonly StoredEvent[]> {
    const events: StoredEvent[] = [];
    if (limit <= 0) return events;
    const { client } = this.connection;
    try {
      for await (const event of eventsAfter(client, after, limit)) {
        events.push(fromRecorded(event));
        if (events.length === limit) break;
      }
    } catch (error) {
      throw this.failed(error, client);
    }
    return events;
  }

  /** EventStoreDB sends each event whole whatever is asked, so whole events it is. */
  readAllForReadModels(after: LogPosition, limit: number): Promise<readonly ReadModelEvent[]> {
    return this.readAll(after, limit);
  }

  /**
   * Counts Kemitraan's events after `after`, up to `exactUpTo + 1` of them (past the server's own
   * records). Beyond that, the bytes of log after its prepare position: positions are byte offsets
   * in the log, every event is a record of many bytes, and an append's records are written
   * together, after those of every append committed before it. So each event still to read lies
   * past `after.prepare` and at most at the last record's position. A very loose bound (the size
   * of an event, hundreds of bytes, per event).
   */
  async lagAfter(after: LogPosition, { exactUpTo }: LagOptions): Promise<number> {
    let count = 0;
    const { client } = this.connection;
    try {
      for await (const _ of eventsAfter(client, after, exactUpTo + 1)) if (++count > exactUpTo) break;
      if (count <= exactUpTo) return count;
      for await (const { event } of client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 })) {
        if (!event?.position) continue;
        const end = event.position.commit > event.position.prepare ? event.position.commit : event.position.prepare;
        return Math.max(exactUpTo + 1, Number(end - after.prepare));
      }
    } catch (error) {
      throw this.failed(error, client);
    }
    return Number.MAX_SAFE_INTEGER; // the log's end could not be read: no bound is known
  }

  watchAppends(): AppendWatch {
    return new EsdbAppendWatch(() => this.connection.client);
  }

  subscribe(options: SubscribeOptions): AsyncIterable<StoredEvent> {
    return followLog((after, limit) => this.readAll(after, limit), this.watchAppends(), options);
  }

  async findIdempotency(scope: string, key: string): Promise<IdempotencyRecord | null> {
    const { client } = this.connection;
    try {
      const read = client.readStream(idempotencyStream(scope, key), { maxCount: 1, ...FROM_LEADER });
      for await (const resolved of read) {
        if (resolved.event) return idempotencyFromData(resolved.event.data);
      }
      return null;
    } catch (error) {
      if (isStreamNotFound(error)) return null;
      throw this.failed(error, client);
    }
  }

  async ping(): Promise<void> {
    const { client } = this.connection;
    try {
      for await (const _ of client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 })) break;
    } catch (error) {
      throw this.failed(error, client, new EventStoreUnavailable(error));
    }
  }

  /**
   * A failure in the port's words. One that says the cluster is unreachable renews the client; a
   * node that is not the leader is not that (the client itself moves to the leader).
   */
  private failed(error: unknown, client: KurrentDBClient, translated: unknown = translateReadError(error)): unknown {
    if (translated instanceof EventStoreUnavailable && !isNotLeader(error)) this.connection.unreachable(client);
    return translated;
  }

  /**
   * The expected revision guards the position; this guards the link: the stream's last event
   * must carry the hash the writer chained onto (PostgreSQL checks it in a trigger).
   */
  private async assertTip({ streamId, expected }: StreamAppend): Promise<void> {
    if (expected.version === 0) return;
    let last: StoredEvent | null = null;
    const { client } = this.connection;
    try {
      for await (const resolved of client.readStream(streamId, {
        fromRevision: END,
        direction: BACKWARDS,
        maxCount: 1,
        ...FROM_LEADER,
      })) {
        if (resolved.event) last = fromRecorded(resolved.event as EsdbRecordedEvent);
      }
    } catch (error) {
      if (!isStreamNotFound(error)) throw this.failed(error, client);
    }
    if (last?.version !== expected.version || last.hash !== expected.hash) {
      throw new StreamVersionConflict(streamId, expected.version);
    }
  }
}
