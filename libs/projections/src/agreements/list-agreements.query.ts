import { Query } from '@nestjs/cqrs';
import type { AgreementSummary, LifecycleState, PartnerType, Program } from '@kemitraan/agreements';

export interface AgreementFilter {
  readonly state?: LifecycleState;
  readonly unit?: string;
  readonly kanwil?: string;
  readonly partnerType?: PartnerType;
  readonly program?: Program;
  /** Words searched for in titles and partner names, ignoring case: every one must be found. */
  readonly q?: string;
}

export interface AgreementPage {
  readonly items: readonly AgreementSummary[];
  readonly total: number;
}

/** Agreements matching every given filter, newest first, one page of them and how many match. */
export class ListAgreementsQuery extends Query<AgreementPage> {
  constructor(
    readonly filter: AgreementFilter,
    readonly limit: number,
    readonly offset: number,
  ) {
    super();
  }
}
