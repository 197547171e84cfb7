import { randomUUID } from 'node:crypto';
import type { AuditMetadata, NewEvent } from '@kemitraan/event-store';
import { LIFECYCLE_VERSION, reasonOf, type AgreementCommand, type AgreementEvent } from '../../domain';

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
