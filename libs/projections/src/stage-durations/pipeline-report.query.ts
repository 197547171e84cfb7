import { Query } from '@nestjs/cqrs';
import type { LifecycleState } from '@kemitraan/agreements';

export interface PipelineReport {
  readonly states: readonly { readonly state: LifecycleState; readonly count: number }[];
  readonly stages: readonly {
    readonly from: LifecycleState;
    readonly to: LifecycleState;
    readonly medianDays: number;
    readonly samples: number;
  }[];
}

/** How many agreements stand in each state, and the median days each stage took. */
export class PipelineReportQuery extends Query<PipelineReport> {}
