import type { EventStore, StoredEvent, StreamRead } from '@kemitraan/event-store';
import { evolve, initialState, type AgreementState } from '../../domain';
import { agreementStream, toRecorded } from './stored-agreement-events';

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
