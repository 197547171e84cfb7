import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CLOCK, type Agreement, type Clock } from '@kemitraan/agreements';
import { ReadModelReader } from '../read-models/read-model-reader';
import { liveRows } from '../read-models/live-rows';
import { ExpiringAgreementsQuery, PendingApprovalsQuery } from './approval-and-expiry-reports.query';
import { expiringAgreements, IN_FORCE, type ExpiringAgreement } from './expiring-agreements';
import { pendingApprovals, type PendingApproval } from './pending-approvals';
import { calendarDayIn, REPORTING_TIME_ZONE } from './reporting-calendar';

const DRAFTS = `
  select r.row->'agreement' as agreement from ${liveRows('agreements')}
  where r.row->'register' @> '{"state": ["drafted"]}'`;

const ENDING_SOON = `
  select r.row->'agreement' as agreement from ${liveRows('agreements')}
  where r.row->'agreement'->>'status' = any($3::text[])
    and (r.row->'agreement'->'signing'->>'effectiveUntil')::date between $1::date and $1::date + $2::int`;

@QueryHandler(PendingApprovalsQuery)
export class PendingApprovalsHandler implements IQueryHandler<PendingApprovalsQuery, { rows: PendingApproval[] }> {
  constructor(
    @Inject(ReadModelReader) private readonly reader: ReadModelReader,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(): Promise<{ rows: PendingApproval[] }> {
    const { rows } = await this.reader.query<{ agreement: Agreement }>(DRAFTS);
    return {
      rows: pendingApprovals(
        rows.map((r) => r.agreement),
        this.clock.now(),
      ),
    };
  }
}

@QueryHandler(ExpiringAgreementsQuery)
export class ExpiringAgreementsHandler implements IQueryHandler<
  ExpiringAgreementsQuery,
  { rows: ExpiringAgreement[] }
> {
  constructor(
    @Inject(ReadModelReader) private readonly reader: ReadModelReader,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(REPORTING_TIME_ZONE) private readonly timeZone: string,
  ) {}

  async execute({ withinDays }: ExpiringAgreementsQuery): Promise<{ rows: ExpiringAgreement[] }> {
    const today = calendarDayIn(this.timeZone, this.clock.now());
    const { rows } = await this.reader.query<{ agreement: Agreement }>(ENDING_SOON, [today, withinDays, IN_FORCE]);
    return {
      rows: expiringAgreements(
        rows.map((r) => r.agreement),
        today,
        withinDays,
      ),
    };
  }
}
