import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { LIFECYCLE_STATES, type LifecycleState } from '@kemitraan/agreements';
import { ReadModelReader } from '../read-models/read-model-reader';
import { liveRows } from '../read-models/live-rows';
import { PipelineReportQuery, type PipelineReport } from './pipeline-report.query';

/** One statement, so the counts and the stages come from one generation at one moment. */
const PIPELINE = `
  with states as (
    select r.row->'agreement'->>'status' as state, count(*)::int as count
    from ${liveRows('agreements')} where r.row ? 'agreement' group by 1
  ), stages as (
    select s->>'from' as "from", s->>'to' as "to",
           round(percentile_cont(0.5) within group (order by (s->>'days')::float8)::numeric, 2)::float8 as "medianDays",
           count(*)::int as samples
    from ${liveRows('stage-durations')}, jsonb_array_elements(r.row->'stages') as s
    group by 1, 2
  )
  select (select coalesce(jsonb_agg(states), '[]'::jsonb) from states) as states,
         (select coalesce(jsonb_agg(stages), '[]'::jsonb) from stages) as stages`;

const order = (state: LifecycleState): number => LIFECYCLE_STATES.indexOf(state);

@QueryHandler(PipelineReportQuery)
export class PipelineReportHandler implements IQueryHandler<PipelineReportQuery, PipelineReport> {
  constructor(@Inject(ReadModelReader) private readonly reader: ReadModelReader) {}

  /** Every state is listed, in lifecycle order, with 0 where none stands. */
  async execute(): Promise<PipelineReport> {
    const { rows } = await this.reader.query<PipelineReport>(PIPELINE);
    const { states, stages } = rows[0]!;
    const counts = new Map(states.map((s) => [s.state, s.count]));
    return {
      states: LIFECYCLE_STATES.map((state) => ({ state, count: counts.get(state) ?? 0 })),
      stages: [...stages].sort((a, b) => order(a.from) - order(b.from) || order(a.to) - order(b.to)),
    };
  }
}
