import type { EventStore, StoredEvent, StreamRead } from '@kemitraan/event-store';
import {
  evolve,
  initialState,
  toSummary,
  type AgreementCommand,
  type AgreementEvent,
  type AgreementState,
  type AgreementSummary,
} from '../../domain';
import { agreementStream, toRecorded } from './agreement-stream';

export interface LoadedAgreement {
  readonly stream: StreamRead;
  readonly state: AgreementState;
}

export function foldEvents(events: readonly StoredEvent[]): AgreementState {
  return events.map(toRecorded).reduce(evolve, initialState());
}

/** Reads an agreement's stream and folds it into its current state. */
export async function loadAgreement(store: EventStore, agreementId: string): Promise<LoadedAgreement> {
  const stream = await store.readStream(agreementStream(agreementId));
  return { stream, state: foldEvents(stream.events) };
}

/** The summary the agreement will have once the decided facts are recorded. */
export function summaryAfter(
  state: AgreementState,
  events: readonly AgreementEvent[],
  command: AgreementCommand,
  fromVersion: number,
): AgreementSummary {
  const { actor, now } = command.metadata;
  const next = events.reduce(
    (current, event, i) => evolve(current, { ...event, recorded: { actor, at: now, version: fromVersion + i + 1 } }),
    state,
  );
  if (next.status === 'none') throw new Error('A decision left the agreement without a proposal.');
  return toSummary(next);
}
