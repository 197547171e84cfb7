import { Inject, Logger } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type ChainVerification, type EventStore } from '@kemitraan/event-store';
import { AgreementNotFound } from '../../domain';
import { agreementStream } from '../agreement-streams';
import { verifyHistory } from './admissible-history';
import { VerifyAgreementQuery } from './verify-agreement.query';

@QueryHandler(VerifyAgreementQuery)
export class VerifyAgreementHandler implements IQueryHandler<VerifyAgreementQuery, ChainVerification> {
  private readonly logger = new Logger(VerifyAgreementHandler.name);

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ agreementId }: VerifyAgreementQuery): Promise<ChainVerification> {
    const { events } = await this.store.readStream(agreementStream(agreementId));
    if (events.length === 0) throw new AgreementNotFound(agreementId);
    const { chain, inadmissible } = verifyHistory(agreementId, events);
    // API.md's answer names the version only; the log says why, for whoever looks into it.
    if (inadmissible) {
      this.logger.warn(
        `Agreement ${agreementId}: version ${inadmissible.version} breaks the rules: ${inadmissible.why}`,
      );
    }
    return chain;
  }
}
