import { Query } from '@nestjs/cqrs';
import type { ReportFigure } from '../read-models/exact-figure';

export const OUTPUT_GROUPINGS = ['agreement', 'unit', 'month'] as const;
export type OutputGrouping = (typeof OUTPUT_GROUPINGS)[number];

export interface OutputsReport {
  readonly rows: readonly {
    readonly key: string;
    readonly activities: ReportFigure;
    readonly participants: ReportFigure;
    readonly revenueIdr: ReportFigure;
  }[];
}

/** Activities, inmates taking part and revenue, per agreement, per unit or per month. */
export class OutputsReportQuery extends Query<OutputsReport> {
  constructor(readonly groupBy: OutputGrouping) {
    super();
  }
}
