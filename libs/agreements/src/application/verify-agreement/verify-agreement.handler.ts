import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, verifyChain, type ChainVerification, type EventStore } from '@kemitraan/event-store';
import { AgreementNotFound } from '../../domain';
import { agreementStream } from '../agreement-streams';
import { VerifyAgreementQuery } from './verify-agreement.query';

@QueryHandler(VerifyAgreementQuery)
export class VerifyAgreementHandler implements IQueryHandler<VerifyAgreementQuery, ChainVerification> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ agreementId }: VerifyAgreementQuery): Promise<ChainVerification> {
    const { events } = await this.store.readStream(agreementStream(agreementId));
    if (events.length === 0) throw new AgreementNotFound(agreementId);
    return verifyChain(events);
  }
}
