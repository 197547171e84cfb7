import type { EventStore, JsonValue } from '@kemitraan/event-store';
import { foldEvents } from './load-agreement';
import { agreementStream } from '../agreement-streams';
import { summaryOf } from './summary-after';
import type { CommandOutcome } from './command-request';

/**
 * What is kept under an Idempotency-Key: which agreement the command answered with, at which
 * version, and whether it created it. Not the summary itself: that is 2.6 KB of JSON in every
 * keyed append (the largest part of its cost), and the agreement's own stream, written in the
 * same transaction, already holds everything it was made from.
 */
export type KeptAnswer = {
  readonly created: boolean;
  readonly agreementId: string;
  readonly version: number;
};

export function keptAnswerOf(outcome: CommandOutcome): KeptAnswer {
  return { created: outcome.created, agreementId: outcome.agreement.id, version: outcome.agreement.version };
}

/**
 * The first answer again: the agreement's summary as it stood at the kept version, folded from
 * its stream exactly as the command's own answer was (summary-after.ts). Records written before
 * answers were kept this way hold the whole outcome, which is answered as it is.
 */
export async function answerAgain(store: EventStore, kept: JsonValue): Promise<CommandOutcome> {
  if (isWholeOutcome(kept)) return kept as unknown as CommandOutcome;
  const { created, agreementId, version } = kept as unknown as KeptAnswer;
  const { events } = await store.readStream(agreementStream(agreementId));
  if (events.length < version) {
    throw new Error(
      `The answer kept for agreement ${agreementId} names version ${version}, but its stream ends at ${events.length}.`,
    );
  }
  return { created, agreement: summaryOf(foldEvents(events.slice(0, version))) };
}

function isWholeOutcome(kept: JsonValue): boolean {
  return typeof kept === 'object' && kept !== null && 'agreement' in kept;
}
