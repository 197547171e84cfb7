import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ReadModelReader } from '../read-models/read-model-reader';
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
  constructor(@Inject(ReadModelReader) private readonly reader: ReadModelReader) {}

  async execute({ groupBy }: OutputsReportQuery): Promise<OutputsReport> {
    const { rows } = await this.reader.query<Record<string, string>>(outputsBy(groupBy));
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
