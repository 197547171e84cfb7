import { Inject, Optional } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { CLOCK, type Agreement, type Clock } from '@kemitraan/agreements';
import { PG_POOL, READ_ANSWER_MS } from '@kemitraan/postgres';
import { boundedRead, READ_ANSWER_WITHIN_MS } from '../read-models/bounded-read';
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
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() @Inject(READ_ANSWER_WITHIN_MS) private readonly answerWithinMs: number = READ_ANSWER_MS,
  ) {}

  async execute(): Promise<{ rows: PendingApproval[] }> {
    const { rows } = await this.pool.query<{ agreement: Agreement }>(boundedRead(this.answerWithinMs, DRAFTS));
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
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(REPORTING_TIME_ZONE) private readonly timeZone: string,
    @Optional() @Inject(READ_ANSWER_WITHIN_MS) private readonly answerWithinMs: number = READ_ANSWER_MS,
  ) {}

  async execute({ withinDays }: ExpiringAgreementsQuery): Promise<{ rows: ExpiringAgreement[] }> {
    const today = calendarDayIn(this.timeZone, this.clock.now());
    const { rows } = await this.pool.query<{ agreement: Agreement }>(
      boundedRead(this.answerWithinMs, ENDING_SOON, [today, withinDays, IN_FORCE]),
    );
    return {
      rows: expiringAgreements(
        rows.map((r) => r.agreement),
        today,
        withinDays,
      ),
    };
  }
}
