import { Query } from '@nestjs/cqrs';

export const OUTPUT_GROUPINGS = ['agreement', 'unit', 'month'] as const;
export type OutputGrouping = (typeof OUTPUT_GROUPINGS)[number];

export interface OutputsReport {
  readonly rows: readonly {
    readonly key: string;
    readonly activities: number;
    readonly participants: number;
    readonly revenueIdr: number;
  }[];
}

/** Activities, inmates taking part and revenue, per agreement, per unit or per month. */
export class OutputsReportQuery extends Query<OutputsReport> {
  constructor(readonly groupBy: OutputGrouping) {
    super();
  }
}
