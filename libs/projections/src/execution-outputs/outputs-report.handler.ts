import { Inject, Optional } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { PG_POOL, READ_ANSWER_MS } from '@kemitraan/postgres';
import { boundedRead, READ_ANSWER_WITHIN_MS } from '../read-models/bounded-read';
import { exactFigure } from '../read-models/exact-figure';
import { liveRows } from '../read-models/live-rows';
import { OutputsReportQuery, type OutputGrouping, type OutputsReport } from './outputs-report.query';

const KEY: Record<OutputGrouping, { from: string; key: string }> = {
  agreement: { from: '', key: `r.row->>'agreementId'` },
  /** An activity of an agreement with two units counts for each of them. */
  unit: { from: `, jsonb_array_elements_text(r.row->'units') as u(code)`, key: 'u.code' },
  month: { from: '', key: 'm.month' },
};

const outputsBy = (groupBy: OutputGrouping): string => `
  select ${KEY[groupBy].key} as key,
         sum((m.totals->>'activities')::bigint)::text as activities,
         sum((m.totals->>'participants')::bigint)::text as participants,
         sum((m.totals->>'revenueIdr')::bigint)::text as "revenueIdr"
  from ${liveRows('execution-outputs')}${KEY[groupBy].from}, jsonb_each(r.row->'months') as m(month, totals)
  group by 1 order by 1`;

@QueryHandler(OutputsReportQuery)
export class OutputsReportHandler implements IQueryHandler<OutputsReportQuery, OutputsReport> {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Optional() @Inject(READ_ANSWER_WITHIN_MS) private readonly answerWithinMs: number = READ_ANSWER_MS,
  ) {}

  async execute({ groupBy }: OutputsReportQuery): Promise<OutputsReport> {
    const { rows } = await this.pool.query<Record<string, string>>(
      boundedRead(this.answerWithinMs, outputsBy(groupBy)),
    );
    return {
      rows: rows.map((row) => ({
        key: row.key!,
        activities: exactFigure(row.activities!),
        participants: exactFigure(row.participants!),
        revenueIdr: exactFigure(row.revenueIdr!),
      })),
    };
  }
}
