import type { ReadModelEvent } from '@kemitraan/event-store';
import type { RecordedAgreementEvent } from '../domain';

/**
 * How agreements live in the event log, for its writers and its readers alike (the read models
 * import this file alone, so a rebuild thread loads nothing of the command side).
 * Agreements live in streams named `agreement-<id>` (category-id, as EventStoreDB expects).
 */
export const agreementStream = (agreementId: string): string => `agreement-${agreementId}`;

const AGREEMENT_STREAM = /^agreement-(.+)$/;

/** The agreement a stream belongs to, or null for a stream of another kind. */
export const agreementIdOf = (streamId: string): string | null => AGREEMENT_STREAM.exec(streamId)?.[1] ?? null;

/** What the domain folds of an event, read whole (the write side) or as the read models read it. */
type FoldedEvent = Pick<ReadModelEvent, 'type' | 'data' | 'metadata' | 'version'>;

/** The domain's view of a stored event: the fact, who recorded it, when, and its version. */
export function toRecorded(event: FoldedEvent): RecordedAgreementEvent {
  const { actor, at } = event.metadata;
  return {
    type: event.type,
    data: event.data,
    recorded: { actor, at, version: event.version },
  } as unknown as RecordedAgreementEvent;
}
