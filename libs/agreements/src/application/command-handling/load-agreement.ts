import type { EventStore, StoredEvent, StreamTip } from '@kemitraan/event-store';
import { evolve, initialState, type AgreementState } from '../../domain';
import { agreementStream, toRecorded } from '../agreement-streams';

/** An agreement as a command decides on it: its state at the tip of its stream. */
export interface LoadedAgreement {
  readonly streamId: string;
  readonly tip: StreamTip;
  readonly state: AgreementState;
  /** When the stream's last event was decided (null when empty): a new decision comes after it. */
  readonly lastAt: string | null;
}

export function foldEvents(events: readonly StoredEvent[]): AgreementState {
  return events.map(toRecorded).reduce(evolve, initialState());
}

/** Reads an agreement's stream and folds it into its current state. */
export async function loadAgreement(store: EventStore, agreementId: string): Promise<LoadedAgreement> {
  const stream = await store.readStream(agreementStream(agreementId));
  return {
    streamId: stream.streamId,
    tip: stream.tip,
    state: foldEvents(stream.events),
    lastAt: stream.events.at(-1)?.metadata.at ?? null,
  };
}
