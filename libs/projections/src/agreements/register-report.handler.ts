import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { PG_POOL } from '@kemitraan/postgres';
import { liveRows } from '../read-models/live-rows';
import { RegisterReportQuery, type RegisterReport } from './register-report.query';

/** An agreement with two units counts once under each of them. */
const REGISTER = `
  select k.key, count(*)::int as count
  from ${liveRows('agreements')}, jsonb_array_elements_text(r.row->'register'->$1) as k(key)
  group by k.key order by k.key`;

@QueryHandler(RegisterReportQuery)
export class RegisterReportHandler implements IQueryHandler<RegisterReportQuery, RegisterReport> {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async execute({ groupBy }: RegisterReportQuery): Promise<RegisterReport> {
    const { rows } = await this.pool.query<{ key: string; count: number }>(REGISTER, [groupBy]);
    return { rows };
  }
}
