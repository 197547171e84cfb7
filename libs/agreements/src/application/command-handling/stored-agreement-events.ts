import { randomUUID } from 'node:crypto';
import type { AuditMetadata, NewEvent, StoredEvent } from '@kemitraan/event-store';
import {
  LIFECYCLE_VERSION,
  reasonOf,
  type AgreementCommand,
  type AgreementEvent,
  type RecordedAgreementEvent,
} from '../../domain';

/** Agreements live in streams named `agreement-<id>` (category-id, as EventStoreDB expects). */
export const agreementStream = (agreementId: string): string => `agreement-${agreementId}`;

const AGREEMENT_STREAM = /^agreement-(.+)$/;

/** The agreement a stream belongs to, or null for a stream of another kind. */
export const agreementIdOf = (streamId: string): string | null => AGREEMENT_STREAM.exec(streamId)?.[1] ?? null;

/** The domain's view of a stored event: the fact, who recorded it, when, and its version. */
export function toRecorded(event: StoredEvent): RecordedAgreementEvent {
  const { actor, at } = event.metadata;
  return {
    type: event.type,
    data: event.data,
    recorded: { actor, at, version: event.version },
  } as unknown as RecordedAgreementEvent;
}

/** Wraps decided facts with the audit metadata of the command that decided them. */
export function toNewEvents(events: readonly AgreementEvent[], command: AgreementCommand): NewEvent[] {
  const { commandId, correlationId, causationId, actor, now } = command.metadata;
  const reason = reasonOf(command);
  const metadata: AuditMetadata = {
    actor: { sub: actor.sub, name: actor.name, roles: [...actor.roles], unit: actor.unit },
    at: now,
    commandId,
    correlationId,
    causationId,
    machineVersion: LIFECYCLE_VERSION,
    ...(reason ? { reason } : {}),
  };
  return events.map((event) => ({
    eventId: randomUUID(),
    type: event.type,
    data: event.data as unknown as NewEvent['data'],
    metadata,
  }));
}
