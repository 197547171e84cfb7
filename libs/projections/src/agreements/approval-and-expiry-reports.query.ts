import { Query } from '@nestjs/cqrs';
import type { ExpiringAgreement } from './expiring-agreements';
import type { PendingApproval } from './pending-approvals';

/** Which drafts wait for which approval step, and for how long. */
export class PendingApprovalsQuery extends Query<{ rows: PendingApproval[] }> {}

/** Agreements in force whose effective period ends within `withinDays` days. */
export class ExpiringAgreementsQuery extends Query<{ rows: ExpiringAgreement[] }> {
  constructor(readonly withinDays: number) {
    super();
  }
}
