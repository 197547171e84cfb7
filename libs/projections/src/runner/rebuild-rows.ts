import { LRUCache } from 'lru-cache';
import type { ReadModelEvent } from '@kemitraan/event-store';
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

/**
 * In log order from the start (a store that cannot read by stream: KurrentDB), a rebuild holds
 * the key of every row it writes, so as not to look up keys never written. A key costs about 130
 * bytes of heap (docs/performance-notes.md), so 100,000 keys for each of the read models take
 * about a third of the rebuild thread's default 128 MB. Past that it looks every key up, in
 * memory that does not grow with the log (as fast on 1,000,000 events: performance-notes.md).
 */
export const KEYS_HELD_AT_MOST = 100_000;

/** A row as last seen: null when the read model has no row under the key. */
interface Seen {
  readonly row: object | null;
}

/** What `seen` answers for a key whose row only the database knows (no allocation per lookup). */
const UNSEEN = Symbol('unseen');

/**
 * What the rows know of the keys the generation has rows under:
 * - `every key`: all of them (`writtenKeys`), so a key never written has no row;
 * - `streams`: in a pass over the streams, only the keys of `boundary`, the stream the last
 *   written flush ended in. Earlier streams are never read again and later ones have no rows yet,
 *   so a key not in memory can only have a row if its stream is `boundary`;
 * - `none`: any key not in memory may have a row (in log order after a pass, or resuming there).
 * Only `every key` holds a key per row, and only up to `keysAtMost`: past it the rows forget
 * their keys and know `none`, so memory stays bounded whatever the log's size.
 */
type Knowledge = { readonly of: 'every key' } | { readonly of: 'streams'; boundary: string } | { readonly of: 'none' };

/**
 * One projection's rows while a rebuild folds the log into them in memory. Changed rows wait
 * here until a flush takes them, and stay readable while it writes; written rows stay only as
 * long as the most recently used few, so memory follows `keep`, not the size of the log. Only
 * keys that may have a row (Knowledge) are looked up in the database.
 */
export class RebuildRows {
  private readonly written: LRUCache<string, Seen>;
  /** Keys known to have been written, as far as the knowledge goes. */
  private readonly writtenKeys: Set<string>;
  private pending = new Map<string, object | null>();
  /** The stream of each pending key, while passing over the streams. */
  private pendingStreams = new Map<string, string>();
  private writing: PendingRows = new Map();
  private writingStreams: ReadonlyMap<string, string> = new Map();
  /** A flush took rows (maybe none) and has not been `flushed` yet. */
  private taken = false;
  private knowledge: Knowledge;
  private rowsWritten: number;

  /**
   * @param writtenBefore when resuming: the keys of the rows this generation already has, or only
   *   how many there are (any key not in memory may then have a row).
   * @param keysAtMost the most keys held (`every key`) before they are all forgotten (`none`).
   */
  constructor(
    readonly projection: AnyProjection,
    writtenBefore: Iterable<string> | { readonly rows: number },
    keep: number,
    private readonly keysAtMost = Infinity,
  ) {
    this.written = new LRUCache({ max: keep });
    if ('rows' in writtenBefore) {
      this.writtenKeys = new Set();
      this.knowledge = { of: 'none' };
      this.rowsWritten = writtenBefore.rows;
    } else {
      this.writtenKeys = new Set(writtenBefore);
      this.knowledge = { of: 'every key' };
      this.rowsWritten = this.writtenKeys.size;
      if (this.writtenKeys.size > keysAtMost) this.forgetKeys();
    }
  }

  /**
   * From now on the events come stream after stream, starting after `boundary`, the stream of
   * the last event written (the empty string at the start): only its keys can have rows.
   */
  passOverStreams(boundary: string): void {
    this.writtenKeys.clear();
    this.knowledge = { of: 'streams', boundary };
  }

  /** The pass is over: events come in log order again, and may touch any row written. */
  passOver(): void {
    this.forgetKeys();
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Rows written so far (or removed since): about as many as the read model has in this generation. */
  get writtenCount(): number {
    return this.rowsWritten;
  }

  /** Keys whose rows this keeps in memory beyond those pending and being written. */
  get rememberedKeys(): number {
    return this.writtenKeys.size;
  }

  /** The keys these events touch whose rows only the database knows, and that `read` lacks. */
  unknownKeys(events: readonly ReadModelEvent[], read: ReadonlyMap<string, unknown> = new Map()): string[] {
    const unknown = new Set<string>();
    for (const event of events) {
      const key = this.projection.keyOf(event);
      if (key === null || read.has(key) || this.seen(key) !== UNSEEN) continue;
      if (this.mayHaveRow(key, event)) unknown.add(key);
    }
    return [...unknown];
  }

  /**
   * Folds events in, with the rows read from the database for their unknown keys (null: no
   * row). Answers the events it could not apply, which it skipped.
   */
  fold(events: readonly ReadModelEvent[], read: ReadonlyMap<string, object | null>): ProjectionFailed[] {
    const failures: ProjectionFailed[] = [];
    for (const event of events) {
      const key = this.projection.keyOf(event);
      if (key === null) continue;
      const seen = this.seen(key);
      const before = seen !== UNSEEN ? seen : this.rowOnlyReadable(key, event, read);
      try {
        const after = this.projection.apply(before, event);
        // The very row given back: unchanged, so nothing to write (see applyBatch).
        if (after !== before) {
          this.pending.set(key, after);
          if (this.knowledge.of === 'streams') this.pendingStreams.set(key, event.streamId);
        }
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
      if (this.mayHaveBeenWritten(key)) laterRows.set(key, row);
      else if (row !== null) firstRows.set(key, row);
    }
    this.rowsWritten += firstRows.size;
    this.writing = this.pending;
    this.writingStreams = this.pendingStreams;
    this.pending = new Map();
    this.pendingStreams = new Map();
    return { firstRows, laterRows };
  }

  /**
   * The rows taken by the last flush are committed. In a pass over the streams, `boundary` is the
   * stream of the flush's last event: only its rows can be needed again, so only they are kept.
   */
  flushed(boundary?: string): void {
    const { knowledge } = this;
    if (knowledge.of === 'streams') {
      if (boundary === undefined) throw new Error(`${this.projection.name}: a flush in a pass names its last stream.`);
      // Rows of streams behind the pass are never read again, and one kept from an earlier flush
      // would be out of date once its stream was written again: keep only the boundary's.
      if (boundary !== knowledge.boundary) {
        this.writtenKeys.clear();
        this.written.clear();
      }
      knowledge.boundary = boundary;
    }
    for (const [key, row] of this.writing) {
      if (knowledge.of === 'streams' && this.writingStreams.get(key) !== boundary) continue;
      this.written.set(key, { row });
      if (knowledge.of !== 'none') this.writtenKeys.add(key);
    }
    this.writing = new Map();
    this.writingStreams = new Map();
    this.taken = false;
    if (knowledge.of === 'every key' && this.writtenKeys.size > this.keysAtMost) this.forgetKeys();
  }

  /** Whether every key written is known, so that keys never written are not looked up. */
  get knowsEveryKey(): boolean {
    return this.knowledge.of === 'every key';
  }

  /** Every key the database may have a row under is looked up from now on. */
  private forgetKeys(): void {
    this.knowledge = { of: 'none' };
    this.writtenKeys.clear();
  }

  /** Whether the key, not in memory, may have a row in the database. */
  private mayHaveRow(key: string, event: ReadModelEvent): boolean {
    const { knowledge } = this;
    if (knowledge.of === 'none') return true;
    if (knowledge.of === 'streams' && event.streamId === knowledge.boundary) return true;
    return this.writtenKeys.has(key);
  }

  /** Whether a pending row must replace one (an upsert) rather than be inserted (COPY). */
  private mayHaveBeenWritten(key: string): boolean {
    return this.knowledge.of === 'none' || this.writtenKeys.has(key);
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

  private rowOnlyReadable(key: string, event: ReadModelEvent, read: ReadonlyMap<string, object | null>): object | null {
    if (read.has(key)) {
      const row = read.get(key)!;
      // Read back in a pass: its later writes replace it.
      if (row !== null && this.knowledge.of === 'streams') this.writtenKeys.add(key);
      return row;
    }
    if (this.mayHaveRow(key, event)) {
      throw new Error(`${this.projection.name}: the row of ${key} was not read before folding into it.`);
    }
    return null;
  }
}
