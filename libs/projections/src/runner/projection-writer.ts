import { LRUCache } from 'lru-cache';
import type { Pool } from 'pg';
import { inTransaction } from '@kemitraan/postgres/transaction';
import { boundedBy, type Statements } from '@kemitraan/postgres/statements';
import { COMMAND_ANSWER_MS } from '@kemitraan/postgres/unavailable';
import { type LogPosition, type ReadModelEvent, type StreamCursor } from '@kemitraan/event-store';
import type { AnyProjection } from '../projection';
import { applyBatch, keysOf } from './apply-batch';
import { advanceCheckpoint, parkEvent, writeRows } from './checkpoint-writes';
import { ENSURE_CHECKPOINT, LOAD_ROWS, READ_CHECKPOINT, type CheckpointRow } from './checkpoint.sql';
import { positionOf } from './checkpoint-position';
import { CheckpointMoved } from './projection.errors';

/** A rebuild reading the log stream by stream: up to `horizon`, and `after` so far. */
export interface StreamPass {
  readonly horizon: LogPosition;
  readonly after: StreamCursor;
}

export interface Checkpoint {
  readonly position: LogPosition;
  readonly eventsRead: number;
  /** Set while a rebuild passes over the streams; `position` is then the log's start. */
  readonly streamPass: StreamPass | null;
}

/**
 * Writes one generation of one projection: each batch's rows and the checkpoint after it in one
 * transaction, so a crash at any point leaves both as they were before the batch, or both after.
 *
 * Each statement has a bound on PostgreSQL's answer, as a command's has (`answerWithinMs`,
 * COMMAND_ANSWER_MS unless given): a batch touches a few rows. Without it, a statement sent into
 * a network that drops packets without a word waited until the kernel's retransmissions got an
 * answer (at waits growing to 2 minutes) or gave up (about 15 minutes), and the supervisor could
 * start no new runner of that read model meanwhile: after a 60 s partition the read models were
 * current 49 s after the network came back (docs/RELIABILITY.md). Past the bound the batch fails,
 * its connection is closed, and the runner tries again; the checkpoint's compare-and-set says
 * whether a commit left unanswered went through.
 */
export class ProjectionWriter {
  /** Rows as the table holds them, as this writer last committed or read them (null: none). */
  private readonly known = new LRUCache<string, { readonly row: object | null }>({ max: 2_000 });
  private readonly statements: Statements;

  constructor(
    private readonly pool: Pool,
    readonly projection: AnyProjection,
    readonly generation: number,
    private readonly answerWithinMs: number = COMMAND_ANSWER_MS,
  ) {
    this.statements = boundedBy(pool, answerWithinMs);
  }

  private get ids(): [string, number] {
    return [this.projection.name, this.generation];
  }

  async checkpoint(): Promise<Checkpoint> {
    await this.statements.query({ text: ENSURE_CHECKPOINT, values: this.ids });
    const { rows } = await this.statements.query<CheckpointRow>({ text: READ_CHECKPOINT, values: this.ids });
    const row = rows[0];
    if (!row) throw new CheckpointMoved(...this.ids); // a retired generation
    const streamPass =
      row.pass_horizon === null
        ? null
        : {
            horizon: { commit: BigInt(row.pass_horizon), prepare: 0n },
            after: { streamId: row.pass_stream!, version: row.pass_version! },
          };
    return {
      position: positionOf(row),
      eventsRead: Number(row.read),
      streamPass,
    };
  }

  /** Applies a batch read after `from`; answers the position after it. */
  async write(from: LogPosition, events: readonly ReadModelEvent[]): Promise<LogPosition> {
    const keys = keysOf(this.projection, events);
    try {
      const { loaded, changes } = await this.inTransaction(async (client) => {
        const loaded = await this.rowsBefore(client, keys);
        const changes = applyBatch(this.projection, loaded, events);
        // The checkpoint first: its row lock orders this batch against a retirement (RETIRE).
        await advanceCheckpoint(client, this.ids, from, events.at(-1)!.position, events.length);
        await writeRows(client, this.ids, changes);
        return { loaded, changes };
      });
      for (const key of keys)
        this.known.set(key, { row: changes.has(key) ? changes.get(key)! : (loaded.get(key) ?? null) });
    } catch (error) {
      // A projection may have changed a row in place before failing: forget the batch's rows.
      for (const key of keys) this.known.delete(key);
      throw error;
    }
    return events.at(-1)!.position;
  }

  /**
   * The rows a batch starts from: those this writer knows, else read. After the commit, `write`
   * knows every row of the batch, read ones too: a row the batches leave unchanged is never
   * written, and would otherwise be read again for every batch. Only the holder of the read
   * model's lease writes it, and the checkpoint's compare-and-set stops this writer the moment
   * anyone else did, so what it committed or read is what the table holds.
   */
  private async rowsBefore(client: Statements, keys: readonly string[]): Promise<Map<string, object>> {
    const rows = new Map<string, object>();
    const unknown: string[] = [];
    for (const key of keys) {
      const known = this.known.get(key);
      if (!known) unknown.push(key);
      else if (known.row) rows.set(key, known.row);
    }
    if (unknown.length > 0) {
      const read = await client.query<{ key: string; row: object }>({
        text: LOAD_ROWS,
        values: [...this.ids, unknown],
      });
      for (const { key, row } of read.rows) rows.set(key, row);
    }
    return rows;
  }

  /** Records a poison event as parked and moves past it, in one transaction. */
  async park(from: LogPosition, event: ReadModelEvent, attempts: number, error: unknown): Promise<LogPosition> {
    await this.inTransaction(async (client) => {
      await advanceCheckpoint(client, this.ids, from, event.position, 1);
      await parkEvent(client, this.ids, event, attempts, error);
    });
    return event.position;
  }

  /** A transaction whose every statement has the writer's bound. */
  private inTransaction<T>(work: (client: Statements) => Promise<T>): Promise<T> {
    const { answerWithinMs } = this;
    return inTransaction(this.pool, (client) => work(boundedBy(client, answerWithinMs)), { answerWithinMs });
  }
}
