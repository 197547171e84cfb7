import { Query } from '@nestjs/cqrs';
import type { AgreementSummary } from '../../domain';

/**
 * An agreement's summary now, or as it stood at `asOf`: an ISO-8601 instant, or a date alone,
 * meaning the end of that day (UTC), everything recorded on it.
 */
export class GetAgreementQuery extends Query<AgreementSummary> {
  constructor(
    readonly agreementId: string,
    readonly asOf?: string,
  ) {
    super();
  }
}
