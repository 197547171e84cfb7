import { LRUCache } from 'lru-cache';
import type { StoredEvent } from '@kemitraan/event-store';
import type { AnyProjection } from '../projection';
import { ProjectionFailed } from './projection.errors';

/** Rows not yet written, by key (null: removed). */
export type PendingRows = ReadonlyMap<string, object | null>;

/** What a flush writes, split by whether the read model may already have a row under the key. */
export interface PendingWrites {
  /** Rows under keys never written: inserted, never replacing one. */
  readonly firstRows: ReadonlyMap<string, object>;
  /** Rows under keys written before: replaced, or removed (null). */
  readonly laterRows: PendingRows;
}

/** A row as last seen: null when the read model has no row under the key. */
interface Seen {
  readonly row: object | null;
}

/** What `seen` answers for a key whose row only the database knows (no allocation per lookup). */
const UNSEEN = Symbol('unseen');

/**
 * One projection's rows while a rebuild folds the log into them in memory. Changed rows wait
 * here until a flush takes them, and stay readable while it writes; written rows stay only as
 * long as the most recently used few, so memory follows `keep`, not the size of the log. A key
 * never written is known to have no row, so only keys written earlier (by this process, or
 * before it when resuming a rebuild) are looked up in the database.
 */
export class RebuildRows {
  private readonly written: LRUCache<string, Seen>;
  private readonly writtenKeys: Set<string>;
  private pending = new Map<string, object | null>();
  private writing: PendingRows = new Map();
  /** A flush took rows (maybe none) and has not been `flushed` yet. */
  private taken = false;

  /** @param writtenBefore the keys of the rows this generation already has, when resuming it. */
  constructor(
    readonly projection: AnyProjection,
    writtenBefore: Iterable<string>,
    keep: number,
  ) {
    this.written = new LRUCache({ max: keep });
    this.writtenKeys = new Set(writtenBefore);
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Keys written so far: about as many rows as the read model has in this generation. */
  get writtenCount(): number {
    return this.writtenKeys.size;
  }

  /** The keys these events touch whose rows only the database knows, and that `read` lacks. */
  unknownKeys(events: readonly StoredEvent[], read: ReadonlyMap<string, unknown> = new Map()): string[] {
    const unknown = new Set<string>();
    for (const event of events) {
      const key = this.projection.keyOf(event);
      if (key === null || read.has(key) || this.seen(key) !== UNSEEN) continue;
      if (this.writtenKeys.has(key)) unknown.add(key);
    }
    return [...unknown];
  }

  /**
   * Folds events in, with the rows read from the database for their unknown keys (null: no
   * row). Answers the events it could not apply, which it skipped.
   */
  fold(events: readonly StoredEvent[], read: ReadonlyMap<string, object | null>): ProjectionFailed[] {
    const failures: ProjectionFailed[] = [];
    for (const event of events) {
      const key = this.projection.keyOf(event);
      if (key === null) continue;
      const seen = this.seen(key);
      const before = seen !== UNSEEN ? seen : this.rowOnlyReadable(key, read);
      try {
        const after = this.projection.apply(before, event);
        // The very row given back: unchanged, so nothing to write (see applyBatch).
        if (after !== before) this.pending.set(key, after);
      } catch (error) {
        failures.push(new ProjectionFailed(this.projection.name, event, error));
      }
    }
    return failures;
  }

  /**
   * Hands the pending rows to a flush; they stay readable until `flushed`. The last flush must be
   * `flushed` first, so that every key written so far is known. A key never written whose row was
   * removed again needs no write.
   */
  takePending(): PendingWrites {
    if (this.taken) throw new Error(`${this.projection.name}: the last flush's rows were not written yet.`);
    this.taken = true;
    const firstRows = new Map<string, object>();
    const laterRows = new Map<string, object | null>();
    for (const [key, row] of this.pending) {
      if (this.writtenKeys.has(key)) laterRows.set(key, row);
      else if (row !== null) firstRows.set(key, row);
    }
    this.writing = this.pending;
    this.pending = new Map();
    return { firstRows, laterRows };
  }

  /** The rows taken by the last flush are committed. */
  flushed(): void {
    for (const [key, row] of this.writing) {
      this.written.set(key, { row });
      this.writtenKeys.add(key);
    }
    this.writing = new Map();
    this.taken = false;
  }

  /** Rows are never undefined, so one lookup per map tells a held row (or null) from none. */
  private seen(key: string): object | null | typeof UNSEEN {
    const pending = this.pending.get(key);
    if (pending !== undefined) return pending;
    const writing = this.writing.get(key);
    if (writing !== undefined) return writing;
    const written = this.written.get(key);
    return written === undefined ? UNSEEN : written.row;
  }

  private rowOnlyReadable(key: string, read: ReadonlyMap<string, object | null>): object | null {
    if (read.has(key)) return read.get(key)!;
    if (this.writtenKeys.has(key)) {
      throw new Error(`${this.projection.name}: the row of ${key} was not read before folding into it.`);
    }
    return null;
  }
}
