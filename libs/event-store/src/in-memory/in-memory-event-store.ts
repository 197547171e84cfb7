import { EventEmitter, once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { IdempotencyKeyTaken, StreamVersionConflict } from '../event-store.errors';
import type {
  AppendResult,
  AppendWatch,
  EventStore,
  IdempotencyRecord,
  LogPosition,
  ReadModelEvent,
  StoredEvent,
  StreamAppend,
  StreamRead,
  StreamTip,
  SubscribeOptions,
} from '../event-store.port';
import { chainEvents, tipOf } from '../hash-chain';

const structured = <T>(value: T): T => structuredClone(value);

/** The event log in memory, for fast tests of code above the port. Keeps the same promises. */
export class InMemoryEventStore implements EventStore {
  private readonly log: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly idempotency = new Map<string, IdempotencyRecord>();
  private readonly appended = new EventEmitter().setMaxListeners(0);

  async readStream(streamId: string): Promise<StreamRead> {
    const events = structured(this.streams.get(streamId) ?? []);
    return { streamId, events, tip: tipOf(events) };
  }

  async readStreamFrom(streamId: string, from: number): Promise<readonly StoredEvent[]> {
    return structured((this.streams.get(streamId) ?? []).filter((event) => event.version >= from));
  }

  async append(
    appends: readonly StreamAppend[],
    options: { idempotency?: IdempotencyRecord } = {},
  ): Promise<AppendResult> {
    for (const { streamId, expected } of appends) {
      const tip = tipOf(this.streams.get(streamId) ?? []);
      if (tip.version !== expected.version || tip.hash !== expected.hash) {
        throw new StreamVersionConflict(streamId, expected.version);
      }
    }
    const idem = options.idempotency;
    const idemKey = idem && `${idem.scope}\u0000${idem.key}`;
    if (idemKey && this.idempotency.has(idemKey)) throw new IdempotencyKeyTaken(idem.scope, idem.key);

    const tips = new Map<string, StreamTip>();
    for (const { streamId, expected, events } of appends) {
      const stored = chainEvents(streamId, expected, structured(events)).map((event, i) => {
        const position = BigInt(this.log.length + i + 1);
        return { ...event, position: { commit: position, prepare: position } };
      });
      this.log.push(...stored);
      this.streams.set(streamId, [...(this.streams.get(streamId) ?? []), ...stored]);
      tips.set(streamId, tipOf(stored));
    }
    if (idem && idemKey) this.idempotency.set(idemKey, structured(idem));
    this.appended.emit('append');
    return { tips };
  }

  async readAll(after: LogPosition, limit: number): Promise<readonly StoredEvent[]> {
    return structured(this.log.filter((e) => e.position.prepare > after.prepare).slice(0, limit));
  }

  /** Its events are in memory already, so whole ones cost no more to hand over. */
  readAllForReadModels(after: LogPosition, limit: number): Promise<readonly ReadModelEvent[]> {
    return this.readAll(after, limit);
  }

  async *subscribe({ after, signal, batchSize = 500 }: SubscribeOptions): AsyncGenerator<StoredEvent> {
    let position = after;
    while (!signal.aborted) {
      const batch = await this.readAll(position, batchSize);
      for (const event of batch) {
        yield event;
        position = event.position;
      }
      if (batch.length === 0) await sleep(10, undefined, { signal }).catch(() => undefined);
    }
  }

  /** Always exact: counting an array costs nothing worth bounding (and a count is its own upper bound). */
  async lagAfter(after: LogPosition): Promise<number> {
    return this.log.filter((e) => e.position.prepare > after.prepare).length;
  }

  watchAppends(): AppendWatch {
    const closed = new AbortController();
    return {
      wait: async (pollMs, signal) => {
        const stop = AbortSignal.any([signal, closed.signal, AbortSignal.timeout(pollMs)]);
        await once(this.appended, 'append', { signal: stop }).catch(() => undefined);
      },
      close: () => closed.abort(),
    };
  }

  async findIdempotency(scope: string, key: string): Promise<IdempotencyRecord | null> {
    return structured(this.idempotency.get(`${scope}\u0000${key}`) ?? null);
  }

  async ping(): Promise<void> {}
}
