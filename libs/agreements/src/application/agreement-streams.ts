import type { ReadModelEvent } from '@kemitraan/event-store';
import type { RecordedAgreementEvent } from '../domain';

/**
 * How agreements live in the event log, for its writers and its readers alike (the read models
 * import this file alone, so a rebuild thread loads nothing of the command side).
 * Agreements live in streams named `agreement-<id>` (category-id, as EventStoreDB expects).
 */
const AGREEMENT_CATEGORY = 'agreement-';

export const agreementStream = (agreementId: string): string => `${AGREEMENT_CATEGORY}${agreementId}`;

/**
 * The agreement a stream belongs to, or null for a stream of another kind. The read models ask
 * this of nearly every event they read: a prefix test and a slice, not a pattern match.
 */
export const agreementIdOf = (streamId: string): string | null =>
  streamId.length > AGREEMENT_CATEGORY.length && streamId.startsWith(AGREEMENT_CATEGORY)
    ? streamId.slice(AGREEMENT_CATEGORY.length)
    : null;

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
