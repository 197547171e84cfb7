import { Query } from '@nestjs/cqrs';
import type { RegisterGrouping } from './agreement-row';

export interface RegisterReport {
  readonly rows: readonly { readonly key: string; readonly count: number }[];
}

/** How many agreements there are per unit, Kanwil, partner type, program, state or year. */
export class RegisterReportQuery extends Query<RegisterReport> {
  constructor(readonly groupBy: RegisterGrouping) {
    super();
  }
}
