import { Inject, Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  EVENT_STORE,
  EventStoreUnavailable,
  IdempotencyKeyTaken,
  StreamVersionConflict,
  type EventStore,
  type IdempotencyRecord,
  type StreamAppend,
  type StreamTip,
} from '@kemitraan/event-store';
import { AgreementAlreadyExists, AgreementError, type AgreementState } from '../../domain';
import { CLOCK, type Clock } from '../ports/clock.port';
import { AgreementStates } from './agreement-states';
import { AgreementTurns } from './agreement-turns';
import { agreementStream } from '../agreement-streams';
import { answerAgain, keptAnswerOf } from './kept-answer';
import { IdempotencyKeyReused, PreconditionFailed, WritersContending } from './application.errors';
import type { CommandOutcome, RequestEnvelope } from './command-request';

/** An agreement's state once a decision is recorded, and the instant it was decided at. */
export interface DecidedState {
  readonly agreementId: string;
  readonly state: AgreementState;
  readonly at: string;
}

/** What one attempt decided: the streams to append to, the answer, and the states it leaves. */
export interface Decision {
  readonly appends: readonly StreamAppend[];
  readonly outcome: CommandOutcome;
  readonly decided: readonly DecidedState[];
}

/** One try at deciding a command on the streams as they are now, at the given instant. */
export type Attempt = (now: Date) => Promise<Decision>;

type Idempotency = Omit<IdempotencyRecord, 'result'>;

const MAX_ATTEMPTS = 60;

/**
 * The one orchestration of every command: decide on the agreement's state, append with the
 * version it was decided on, and when another writer got there first, read on and decide
 * again (unless the client named a version in If-Match). An Idempotency-Key's answer is kept (as
 * the agreement and version it answered with: kept-answer.ts) in the same append; a retried key
 * is found there, when the append is refused for it, or when the decision is refused (its first
 * try may be what changed the agreement). So a command costs one round trip to the database when
 * its agreement's state is already known here. Commands on one agreement take turns in this
 * process (agreement-turns.ts), so only writers elsewhere make it decide again.
 */
@Injectable()
export class CommandHandling {
  private readonly turns = new AgreementTurns();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly states: AgreementStates,
  ) {}

  run(request: RequestEnvelope, attempt: Attempt): Promise<CommandOutcome> {
    return this.turns.take(request.command.agreementId, () => this.decideAndAppend(request, attempt));
  }

  private async decideAndAppend(request: RequestEnvelope, attempt: Attempt): Promise<CommandOutcome> {
    const idempotency = request.idempotency && { scope: request.command.metadata.actor.sub, ...request.idempotency };
    for (let round = 1; ; round++) {
      const decision = await this.decide(request, attempt, idempotency);
      if ('answered' in decision) return decision.answered;
      try {
        const record = idempotency && { ...idempotency, result: keptAnswerOf(decision.outcome) };
        const { tips } = await this.store.append(decision.appends, record ? { idempotency: record } : {});
        this.remember(decision.decided, tips);
        return decision.outcome;
      } catch (error) {
        // Refused or of unknown outcome: whatever was kept of these agreements may be stale.
        this.doubt(request, decision.decided);
        if (error instanceof IdempotencyKeyTaken) {
          const earlier = await this.replay(idempotency!);
          if (earlier) return earlier;
          // Taken, yet its record not readable: a store that lost it (a KurrentDB idempotency
          // stream cut by an administrator) or read it elsewhere than it was written. Waited on
          // like a lost race, and as boundedly, never spun on.
        } else {
          if (!(error instanceof StreamVersionConflict)) throw error;
          if (request.expectedVersion !== undefined) return this.preconditionFailed(request, idempotency);
        }
        if (round >= MAX_ATTEMPTS) throw new WritersContending(request.command.agreementId);
        // Another writer won this round, or holds the key: wait a little, at random, and try again.
        await sleep(Math.random() * Math.min(2 ** round, 50));
      }
    }
  }

  private async decide(
    request: RequestEnvelope,
    attempt: Attempt,
    idempotency: Idempotency | undefined,
  ): Promise<Decision | { answered: CommandOutcome }> {
    try {
      return await this.decideOnLatest(request, attempt);
    } catch (error) {
      if (!idempotency || error instanceof EventStoreUnavailable) throw error;
      const earlier = await this.replay(idempotency);
      if (earlier) return { answered: earlier };
      throw error;
    }
  }

  /**
   * A refusal decided on a kept state is decided again on the stream as it is before it is
   * answered: behind a load balancer another server may have moved the agreement on (an
   * audiensi recorded there, then drafts refused here as if none were), and a refused command
   * appends nothing whose refusal would show the kept state stale. One read, on refusals only.
   */
  private async decideOnLatest(request: RequestEnvelope, attempt: Attempt): Promise<Decision> {
    try {
      return await attempt(this.clock.now());
    } catch (error) {
      // A stream only grows: a kept state that finds an agreement in it is not stale about that.
      const maybeStale = error instanceof AgreementError && !(error instanceof AgreementAlreadyExists);
      if (!maybeStale || !this.states.doubtIfGuessed(request.command.agreementId)) throw error;
      return attempt(this.clock.now());
    }
  }

  private remember(decided: readonly DecidedState[], tips: ReadonlyMap<string, StreamTip>): void {
    for (const { agreementId, state, at } of decided) {
      const streamId = agreementStream(agreementId);
      const tip = tips.get(streamId);
      if (tip) this.states.remember(agreementId, { streamId, tip, state, lastAt: at });
    }
  }

  private doubt(request: RequestEnvelope, decided: readonly DecidedState[]): void {
    this.states.doubt(request.command.agreementId);
    for (const { agreementId } of decided) this.states.doubt(agreementId);
  }

  private async replay(idempotency: Idempotency): Promise<CommandOutcome | null> {
    const record = await this.store.findIdempotency(idempotency.scope, idempotency.key);
    if (!record) return null;
    if (record.fingerprint !== idempotency.fingerprint) throw new IdempotencyKeyReused(idempotency.key);
    return answerAgain(this.store, record.result);
  }

  private async preconditionFailed(
    request: RequestEnvelope,
    idempotency: Idempotency | undefined,
  ): Promise<CommandOutcome> {
    const earlier = idempotency && (await this.replay(idempotency));
    if (earlier) return earlier;
    const { tip } = await this.store.readStream(agreementStream(request.command.agreementId));
    throw new PreconditionFailed(request.expectedVersion ?? 0, tip.version);
  }
}
