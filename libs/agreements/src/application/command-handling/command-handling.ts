import { Inject, Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  EVENT_STORE,
  IdempotencyKeyTaken,
  StreamVersionConflict,
  type EventStore,
  type IdempotencyRecord,
  type JsonValue,
  type StreamAppend,
} from '@kemitraan/event-store';
import { CLOCK, type Clock } from '../ports/clock.port';
import { agreementStream } from './stored-agreement-events';
import { IdempotencyKeyReused, PreconditionFailed, WritersContending } from './application.errors';
import type { CommandOutcome, RequestEnvelope } from './command-request';

/** What one attempt decided: the streams to append to and the answer to give once appended. */
export interface Decision {
  readonly appends: readonly StreamAppend[];
  readonly outcome: CommandOutcome;
}

/** One try at deciding a command on the streams as they are now, at the given instant. */
export type Attempt = (now: Date) => Promise<Decision>;

const MAX_ATTEMPTS = 60;

/**
 * The one orchestration of every command: decide on what was read, append with the version
 * read, and when another writer got there first, read again and decide again (unless the client
 * named a version in If-Match). An Idempotency-Key's answer is stored in the same append.
 */
@Injectable()
export class CommandHandling {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(request: RequestEnvelope, attempt: Attempt): Promise<CommandOutcome> {
    const idempotency = request.idempotency && { scope: request.command.metadata.actor.sub, ...request.idempotency };
    for (let round = 1; ; round++) {
      // 1. A key already answered gets its first answer again.
      const earlier = idempotency && (await this.replay(idempotency));
      if (earlier) return earlier;
      // 2. Decide on the streams as they stand now.
      const { appends, outcome } = await attempt(this.clock.now());
      // 3. Append with the versions read; the idempotency record goes in the same transaction.
      try {
        const record = idempotency && { ...idempotency, result: outcome as unknown as JsonValue };
        await this.store.append(appends, record ? { idempotency: record } : {});
        return outcome;
      } catch (error) {
        if (error instanceof IdempotencyKeyTaken) continue;
        if (!(error instanceof StreamVersionConflict)) throw error;
        if (request.expectedVersion !== undefined) return this.preconditionFailed(request, idempotency);
        if (round >= MAX_ATTEMPTS) throw new WritersContending(request.command.agreementId);
        // 4. Another writer won this round: wait a little, at random, and try again.
        await sleep(Math.random() * Math.min(2 ** round, 50));
      }
    }
  }

  private async replay(idempotency: Omit<IdempotencyRecord, 'result'>): Promise<CommandOutcome | null> {
    const record = await this.store.findIdempotency(idempotency.scope, idempotency.key);
    if (!record) return null;
    if (record.fingerprint !== idempotency.fingerprint) throw new IdempotencyKeyReused(idempotency.key);
    return record.result as unknown as CommandOutcome;
  }

  private async preconditionFailed(
    request: RequestEnvelope,
    idempotency: Omit<IdempotencyRecord, 'result'> | undefined,
  ): Promise<CommandOutcome> {
    const earlier = idempotency && (await this.replay(idempotency));
    if (earlier) return earlier;
    const { tip } = await this.store.readStream(agreementStream(request.command.agreementId));
    throw new PreconditionFailed(request.expectedVersion ?? 0, tip.version);
  }
}
