import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore, type StoredEvent } from '@kemitraan/event-store';
import { AgreementNotFound } from '../../domain';
import { agreementStream } from '../agreement-streams';
import { GetAgreementHistoryQuery, type HistoryEntry } from './get-agreement-history.query';

const toEntry = (event: StoredEvent): HistoryEntry => ({
  version: event.version,
  type: event.type,
  at: event.metadata.at,
  actor: event.metadata.actor,
  data: event.data,
  commandId: event.metadata.commandId,
  correlationId: event.metadata.correlationId,
  causationId: event.metadata.causationId,
  machineVersion: event.metadata.machineVersion,
  reason: event.metadata.reason ?? null,
  eventId: event.eventId,
  hash: event.hash,
  previousHash: event.previousHash,
});

@QueryHandler(GetAgreementHistoryQuery)
export class GetAgreementHistoryHandler implements IQueryHandler<GetAgreementHistoryQuery, HistoryEntry[]> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ agreementId }: GetAgreementHistoryQuery): Promise<HistoryEntry[]> {
    const { events } = await this.store.readStream(agreementStream(agreementId));
    if (events.length === 0) throw new AgreementNotFound(agreementId);
    return events.map(toEntry);
  }
}
