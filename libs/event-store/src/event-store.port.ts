export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface RecordedActor {
  readonly sub: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly unit: string;
}

/** Who did what, when, why, and in answer to which command: recorded with every event. */
export interface AuditMetadata {
  readonly actor: RecordedActor;
  /** ISO-8601 instant the command was decided at. */
  readonly at: string;
  readonly commandId: string;
  readonly correlationId: string;
  readonly causationId: string;
  /** The version of the decision logic (the lifecycle machine) that decided the event. */
  readonly machineVersion: string;
  readonly reason?: string;
}

export interface NewEvent {
  readonly eventId: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: AuditMetadata;
}

/**
 * A place in the whole log. Readers of the log go in (commit, prepare) order, which never lets
 * an event that commits late fall behind a position already read. In PostgreSQL `commit` is the
 * writing transaction's id and `prepare` the event's global position; in EventStoreDB they are
 * its commit and prepare positions.
 */
export interface LogPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export const START_OF_LOG: LogPosition = { commit: 0n, prepare: 0n };

/** Whether `position` comes after `after` in the log's order. */
export const isAfter = (position: LogPosition, after: LogPosition): boolean =>
  position.commit > after.commit || (position.commit === after.commit && position.prepare > after.prepare);

/** Where a stream stands: its last version (0 when empty) and the hash of that event. */
export interface StreamTip {
  readonly version: number;
  readonly hash: string | null;
}

export const EMPTY_STREAM: StreamTip = { version: 0, hash: null };

export interface StoredEvent extends NewEvent {
  readonly streamId: string;
  readonly version: number;
  readonly position: LogPosition;
  /** SHA-256 over the event's canonical content and `previousHash`. */
  readonly hash: string;
  readonly previousHash: string | null;
}

/**
 * An event as the read models fold it: of its metadata only who recorded it and when, and not its
 * chain hashes, which only verification reads. A rebuild's pass reads events in this shape: parsing
 * the rest (the command, correlation and causation ids, the hashes) was a third of the client's CPU
 * for the pass's read (docs/performance-notes.md). The live read models follow the log in this shape
 * too. Every StoredEvent is one.
 */
export interface ReadModelEvent {
  readonly streamId: string;
  readonly version: number;
  readonly eventId: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: Pick<AuditMetadata, 'actor' | 'at'>;
  readonly position: LogPosition;
}

export interface StreamRead {
  readonly streamId: string;
  readonly events: readonly StoredEvent[];
  readonly tip: StreamTip;
}

export interface StreamAppend {
  readonly streamId: string;
  /** The tip the writer read; the append fails if the stream has moved since. */
  readonly expected: StreamTip;
  readonly events: readonly NewEvent[];
}

/** A command's answer, kept under its idempotency key in the same transaction as its events. */
export interface IdempotencyRecord {
  readonly scope: string;
  readonly key: string;
  readonly fingerprint: string;
  readonly result: JsonValue;
}

export interface AppendResult {
  readonly tips: ReadonlyMap<string, StreamTip>;
}

export interface LagOptions {
  /** Up to this many events the lag is counted exactly (a whole number, 0 or more). */
  readonly exactUpTo: number;
}

export interface SubscribeOptions {
  readonly after: LogPosition;
  readonly signal: AbortSignal;
  readonly batchSize?: number;
}

/** A wake-up call for readers of the log; one per reader, closed when it stops. */
export interface AppendWatch {
  /** Resolves soon after an append commits, or after `pollMs` at the latest, or on abort. */
  wait(pollMs: number, signal: AbortSignal): Promise<void>;
  close(): void;
}

/**
 * The event log. Every adapter passes the contract suite in `testing/contract.ts`.
 * `append` is atomic across all its streams, the hash-chain links and the idempotency record:
 * all of it is written, or none.
 */
export interface EventStore {
  readStream(streamId: string): Promise<StreamRead>;
  /**
   * The stream's events from version `from` on, oldest first (none when it ends before): what a
   * writer that kept the stream up to a version reads to bring it up to date.
   */
  readStreamFrom(streamId: string, from: number): Promise<readonly StoredEvent[]>;
  /**
   * @throws StreamVersionConflict when a stream is no longer at its expected tip.
   * @throws IdempotencyKeyTaken when the record's key was used already.
   */
  append(appends: readonly StreamAppend[], options?: { idempotency?: IdempotencyRecord }): Promise<AppendResult>;
  /** Events committed after `after`, oldest first, at most `limit`. */
  readAll(after: LogPosition, limit: number): Promise<readonly StoredEvent[]>;
  /**
   * What `readAll` reads, each event as the read models fold it: how the live read models follow
   * the log, and a rebuild reads it in log order. An adapter whose reads cost the same either way
   * answers whole events, which are ReadModelEvents too.
   */
  readAllForReadModels(after: LogPosition, limit: number): Promise<readonly ReadModelEvent[]>;
  /** Every event after `after`, then each new one as it commits, until the signal aborts. */
  subscribe(options: SubscribeOptions): AsyncIterable<StoredEvent>;
  /**
   * How many events a reader at `after` still has to read, at a cost that does not grow with the
   * answer beyond `exactUpTo`:
   * - when at most `exactUpTo` events follow `after`, exactly how many (so 0 at the head of the log);
   * - when more do, a number above `exactUpTo` that is never below the true count but may be above
   *   it: an upper bound worked out from log positions (each adapter says how loose).
   * A reader is thus never shown nearer the head than it is, and a small lag is never estimated.
   */
  lagAfter(after: LogPosition, options: LagOptions): Promise<number>;
  watchAppends(): AppendWatch;
  findIdempotency(scope: string, key: string): Promise<IdempotencyRecord | null>;
  /** Resolves when the store answers; rejects with EventStoreUnavailable otherwise. */
  ping(): Promise<void>;
}

/** An event in the order of streams: after the event `version` of `streamId`. */
export interface StreamCursor {
  readonly streamId: string;
  readonly version: number;
}

/** Before the first event of every stream (no stream id is empty). */
export const START_OF_STREAMS: StreamCursor = { streamId: '', version: 0 };

export const sameCursor = (a: StreamCursor, b: StreamCursor): boolean =>
  a.streamId === b.streamId && a.version === b.version;

/**
 * A log that can also be read stream by stream, up to a horizon fixed once: what a rebuild reads
 * fastest when every read model's rows each follow one stream, since each row is then folded whole
 * and written once. PostgreSQL reads it through the (stream, version) index; EventStoreDB has no
 * such read of all its streams.
 */
export interface StreamOrderedLog {
  /**
   * A position that splits the log for good: every event committed now is at or before it, and
   * every event committed later is after it (what `readAll(horizon, …)` reads).
   */
  committedHorizon(): Promise<LogPosition>;
  /**
   * Events at or before `horizon`, after `after` in the order of stream ids (the database's order)
   * and of versions within a stream: at most `limit`, as the read models fold them.
   */
  readStreamsInOrder(horizon: LogPosition, after: StreamCursor, limit: number): Promise<readonly ReadModelEvent[]>;
  /**
   * The position of the last event before `horizon` in log order, or `horizon` when there is none:
   * `readAll` after either reads the same events, but this one names an event.
   */
  lastPositionBefore(horizon: LogPosition): Promise<LogPosition>;
}

export const readsStreamsInOrder = (store: EventStore): store is EventStore & StreamOrderedLog =>
  'readStreamsInOrder' in store && 'committedHorizon' in store && 'lastPositionBefore' in store;

export const EVENT_STORE = Symbol('EventStore');
