import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ReadModelReader } from '../read-models/read-model-reader';
import { liveRows } from '../read-models/live-rows';
import { RegisterReportQuery, type RegisterReport } from './register-report.query';

/** An agreement with two units counts once under each of them. */
const REGISTER = `
  select k.key, count(*)::int as count
  from ${liveRows('agreements')}, jsonb_array_elements_text(r.row->'register'->$1) as k(key)
  group by k.key order by k.key`;

@QueryHandler(RegisterReportQuery)
export class RegisterReportHandler implements IQueryHandler<RegisterReportQuery, RegisterReport> {
  constructor(@Inject(ReadModelReader) private readonly reader: ReadModelReader) {}

  async execute({ groupBy }: RegisterReportQuery): Promise<RegisterReport> {
    const { rows } = await this.reader.query<{ key: string; count: number }>(REGISTER, [groupBy]);
    return { rows };
  }
}
