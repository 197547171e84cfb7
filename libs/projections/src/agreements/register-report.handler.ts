import { Inject, Optional } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { PG_POOL, READ_ANSWER_MS } from '@kemitraan/postgres';
import { boundedRead, READ_ANSWER_WITHIN_MS } from '../read-models/bounded-read';
import { liveRows } from '../read-models/live-rows';
import { RegisterReportQuery, type RegisterReport } from './register-report.query';

/** An agreement with two units counts once under each of them. */
const REGISTER = `
  select k.key, count(*)::int as count
  from ${liveRows('agreements')}, jsonb_array_elements_text(r.row->'register'->$1) as k(key)
  group by k.key order by k.key`;

@QueryHandler(RegisterReportQuery)
export class RegisterReportHandler implements IQueryHandler<RegisterReportQuery, RegisterReport> {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Optional() @Inject(READ_ANSWER_WITHIN_MS) private readonly answerWithinMs: number = READ_ANSWER_MS,
  ) {}

  async execute({ groupBy }: RegisterReportQuery): Promise<RegisterReport> {
    const { rows } = await this.pool.query<{ key: string; count: number }>(
      boundedRead(this.answerWithinMs, REGISTER, [groupBy]),
    );
    return { rows };
  }
}
