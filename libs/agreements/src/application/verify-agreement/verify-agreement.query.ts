import { Query } from '@nestjs/cqrs';
import type { ChainVerification } from '@kemitraan/event-store';

/** Recomputes every hash of an agreement's stream and checks each link. */
export class VerifyAgreementQuery extends Query<ChainVerification> {
  constructor(readonly agreementId: string) {
    super();
  }
}
