import type { Pool } from 'pg';
import { EventStoreUnavailable } from '../event-store.errors';
import type {
  AppendResult,
  AppendWatch,
  EventStore,
  IdempotencyRecord,
  LagOptions,
  LogPosition,
  ReadModelEvent,
  StoredEvent,
  StreamAppend,
  StreamCursor,
  StreamOrderedLog,
  StreamRead,
  StreamTip,
  SubscribeOptions,
} from '../event-store.port';
import { chainEvents, tipOf } from '../hash-chain';
import {
  APPEND_GROUP,
  appendStatement,
  COMMITTED_HORIZON,
  FIND_IDEMPOTENCY,
  IDEMPOTENCY_FIELDS,
  LAG_AFTER,
  LAST_POSITION_BEFORE,
  READ_ALL,
  READ_ALL_FOR_READ_MODELS,
  READ_STREAM,
  READ_STREAM_FROM,
  READ_STREAMS_IN_ORDER,
} from './event-log.sql';
import { AppendAnnouncer } from './append-announcer';
import { AppendGroups, type AppendGroupLimits, type GroupMember } from './append-groups';
import { LogWakeups } from './log-wakeups';
import { COMMAND_ANSWER_MS, isUnavailable, StatementNotSent, unansweredWithin } from '@kemitraan/postgres/unavailable';
import { statementKeepingConnection } from '@kemitraan/postgres/statement-keeping-connection';
import { appendError, refusedForItsContent, refusedMember, refusedWhole } from './pg-errors';
import { followLog } from '../follow-log';
import { groupValues, eventFields, idempotencyFields, type ChainedAppend } from './append-values';
import { toEvent, toReadModelEvent, type EventRow, type ReadModelEventRow } from './event-rows';
import { lagAtMost, type LagRow } from './lag-bound';

/** A position as the ($1::xid8, $2::bigint) pair the statements that read the log after it compare with. */
const positionParams = (position: LogPosition): [string, string] => [
  position.commit.toString(),
  position.prepare.toString(),
];

/** A horizon of this log (committedHorizon) is a transaction id alone. */
function transactionOf(horizon: LogPosition): string {
  if (horizon.prepare !== 0n) throw new RangeError('A horizon of the PostgreSQL log is a transaction id alone.');
  return horizon.commit.toString();
}

/** As long as the pool lets a query wait for a connection before it gives up (pool.ts). */
const APPEND_WAIT_MS = 5_000;

/**
 * Three groups being written leave most of a pool of ten to reads, and gave the most commands per
 * second under the HTTP benchmark's load (one, three and six measured: docs/performance-notes.md).
 */
const GROUP_LIMITS: AppendGroupLimits = { writing: 3, events: 256, waitMs: APPEND_WAIT_MS };

export interface PostgresEventStoreOptions {
  /**
   * COMMAND_ANSWER_MS unless given: the bound on a command's statements, a stream's read, `ping`,
   * and for the read models their pages of the log (`readAllForReadModels`) and their lag.
   */
  readonly answerWithinMs?: number;
}

/** The event log in PostgreSQL: one `events` table; each append, or group of appends, one statement. */
export class PostgresEventStore implements EventStore, StreamOrderedLog {
  private readonly announcer: AppendAnnouncer;
  private readonly groups: AppendGroups<ChainedAppend>;

  private readonly answerWithinMs: number;

  constructor(
    private readonly pool: Pool,
    options: PostgresEventStoreOptions = {},
  ) {
    this.answerWithinMs = options.answerWithinMs ?? COMMAND_ANSWER_MS;
    this.announcer = new AppendAnnouncer(pool);
    this.groups = new AppendGroups(
      (group) => this.writeGroup(group),
      GROUP_LIMITS,
      () => new EventStoreUnavailable(new StatementNotSent(APPEND_WAIT_MS)),
    );
  }

  async readStream(streamId: string): Promise<StreamRead> {
    const events = (await this.commandQuery<EventRow>(READ_STREAM, [streamId])).map(toEvent);
    return { streamId, events, tip: tipOf(events) };
  }

  async readStreamFrom(streamId: string, from: number): Promise<readonly StoredEvent[]> {
    return (await this.commandQuery<EventRow>(READ_STREAM_FROM, [streamId, from])).map(toEvent);
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
    const streams = appends.map((a) => a.streamId);
    await this.groups.add({ appends, events, idempotency: options.idempotency }, streams, events.length);
    this.announcer.announce();
    const tips = new Map<string, StreamTip>(
      chained.map(({ streamId, events }) => [streamId, tipOf(events as StoredEvent[])]),
    );
    return { tips };
  }

  private async writeOne({ appends, events, idempotency }: ChainedAppend): Promise<void> {
    const values = [
      ...events.flatMap(eventFields),
      ...(idempotency ? idempotencyFields(idempotency) : Array<null>(IDEMPOTENCY_FIELDS).fill(null)),
    ];
    try {
      await statementKeepingConnection(
        this.pool,
        unansweredWithin({ ...appendStatement(events.length), values }, this.answerWithinMs),
        refusedForItsContent,
      );
    } catch (error) {
      throw appendError(error, appends, idempotency);
    }
  }

  /**
   * A group is one transaction: every command's events and idempotency record, or none. When
   * PostgreSQL refuses it for one command (its tip was stale, or its key taken), nothing of it was
   * written: that command meets its refusal and the rest are written again as a group. So a stale
   * command costs its group one more statement, not one per member, which matters with several
   * servers, whose kept states often go stale. A refusal that names no single command (a
   * deadlock with another server's group) has each written alone, one after another, meeting its
   * own answer. Any other failure leaves the outcome unknown: every member is told the store is
   * unavailable (a 503 that says the command may or may not be recorded), and none is written
   * again, which could record it twice.
   */
  private async writeGroup(group: readonly GroupMember<ChainedAppend>[]): Promise<void> {
    let left = group;
    while (left.length > 1) {
      try {
        await statementKeepingConnection(
          this.pool,
          unansweredWithin({ ...APPEND_GROUP, values: groupValues(left) }, this.answerWithinMs),
          refusedForItsContent,
        );
        left.forEach((member) => member.resolve());
        return;
      } catch (error) {
        if (!refusedWhole(error)) {
          left.forEach(({ reject }) => reject(new EventStoreUnavailable(error)));
          return;
        }
        const refused = refusedMember(
          error,
          left.map((member) => member.item),
        );
        if (refused < 0) {
          for (const member of left) await this.settle(member);
          return;
        }
        const { item, reject } = left[refused]!;
        reject(appendError(error, item.appends, item.idempotency));
        left = left.filter((_, at) => at !== refused);
      }
    }
    if (left.length === 1) await this.settle(left[0]!);
  }

  private settle(member: GroupMember<ChainedAppend>): Promise<void> {
    return this.writeOne(member.item).then(member.resolve, member.reject);
  }

  async readAll(after: LogPosition, limit: number): Promise<readonly StoredEvent[]> {
    const rows = await this.query<EventRow>(READ_ALL, [...positionParams(after), limit]);
    return rows.map(toEvent);
  }

  /** Bounded as a command's statements are: a page of the log for the live read models' runners (or a rebuild in log order). */
  async readAllForReadModels(after: LogPosition, limit: number): Promise<readonly ReadModelEvent[]> {
    const rows = await this.query<ReadModelEventRow>(
      READ_ALL_FOR_READ_MODELS,
      [...positionParams(after), limit],
      this.answerWithinMs,
    );
    return rows.map(toReadModelEvent);
  }

  async committedHorizon(): Promise<LogPosition> {
    const [row] = await this.query<{ commit: string }>(COMMITTED_HORIZON, []);
    return { commit: BigInt(row!.commit), prepare: 0n };
  }

  async readStreamsInOrder(
    horizon: LogPosition,
    after: StreamCursor,
    limit: number,
  ): Promise<readonly ReadModelEvent[]> {
    const rows = await this.query<ReadModelEventRow>(READ_STREAMS_IN_ORDER, [
      after.streamId,
      after.version,
      transactionOf(horizon),
      limit,
    ]);
    return rows.map(toReadModelEvent);
  }

  async lastPositionBefore(horizon: LogPosition): Promise<LogPosition> {
    const [row] = await this.query<{ commit: string; prepare: string }>(LAST_POSITION_BEFORE, [transactionOf(horizon)]);
    return row ? { commit: BigInt(row.commit), prepare: BigInt(row.prepare) } : horizon;
  }

  subscribe(options: SubscribeOptions): AsyncIterable<StoredEvent> {
    return followLog((after, limit) => this.readAll(after, limit), this.watchAppends(), options);
  }

  /** Exact up to `exactUpTo` (at most that many index entries read); beyond it, `lagAtMost`. */
  async lagAfter(after: LogPosition, { exactUpTo }: LagOptions): Promise<number> {
    const [row] = await this.query<LagRow>(LAG_AFTER, [...positionParams(after), exactUpTo + 1], this.answerWithinMs);
    const { counted, last, firstOfTransaction, sessions } = row!;
    if (counted <= exactUpTo) return counted;
    const bound = lagAtMost(BigInt(last!), firstOfTransaction === null ? null : BigInt(firstOfTransaction), sessions);
    return Math.max(exactUpTo + 1, Number(bound));
  }

  watchAppends(): AppendWatch {
    return new LogWakeups(this.pool);
  }

  async findIdempotency(scope: string, key: string): Promise<IdempotencyRecord | null> {
    const rows = await this.commandQuery<IdempotencyRecord>(FIND_IDEMPOTENCY, [scope, key]);
    return rows[0] ?? null;
  }

  async ping(): Promise<void> {
    await this.commandQuery('select 1', []);
  }

  /** A statement of a command's: bounded by answerWithinMs. */
  private commandQuery<T extends object>(sql: string, params: unknown[]): Promise<T[]> {
    return this.query<T>(sql, params, this.answerWithinMs);
  }

  private async query<T extends object>(sql: string, params: unknown[], answerWithinMs?: number): Promise<T[]> {
    const statement = { text: sql, values: params };
    try {
      return (await this.pool.query<T>(answerWithinMs ? unansweredWithin(statement, answerWithinMs) : statement)).rows;
    } catch (error) {
      throw isUnavailable(error) ? new EventStoreUnavailable(error) : error;
    }
  }
}
