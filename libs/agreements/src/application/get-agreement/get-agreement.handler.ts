import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@kemitraan/event-store';
import { AgreementNotFound, toSummary, type AgreementSummary } from '../../domain';
import { foldEvents } from '../command-handling/load-agreement';
import { agreementStream } from '../agreement-streams';
import { GetAgreementQuery } from './get-agreement.query';

/** Folds the agreement's own events (never a read model), so every answered command shows. */
@QueryHandler(GetAgreementQuery)
export class GetAgreementHandler implements IQueryHandler<GetAgreementQuery, AgreementSummary> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ agreementId, asOf }: GetAgreementQuery): Promise<AgreementSummary> {
    const { events } = await this.store.readStream(agreementStream(agreementId));
    const until =
      asOf === undefined ? Infinity : Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(asOf) ? `${asOf}T23:59:59.999Z` : asOf);
    if (Number.isNaN(until)) throw new Error(`asOf ${asOf} is not an instant; validation should have refused it.`);
    const state = foldEvents(events.filter((event) => Date.parse(event.metadata.at) <= until));
    if (state.status === 'none') {
      const first = events[0];
      throw new AgreementNotFound(agreementId, first && asOf ? { asOf, proposedAt: first.metadata.at } : undefined);
    }
    return toSummary(state);
  }
}
