import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { toSummary, type Agreement } from '@kemitraan/agreements';
import { ReadModelReader } from '../read-models/read-model-reader';
import { liveRows } from '../read-models/live-rows';
import { ACTIVITIES_KEY_SUFFIX, withActivities, type ActivitiesRow } from './activities-row';
import type { RegisterGrouping } from './agreement-row';
import { searchWordsOf } from './agreement-search';
import { ListAgreementsQuery, type AgreementFilter, type AgreementPage } from './list-agreements.query';

interface ListedAgreement {
  readonly agreement: Agreement;
  readonly activities: ActivitiesRow | null;
}

/**
 * Only agreement rows have a register, so the containment test leaves the activities rows out.
 * The matches are counted and sorted by their key and creation time alone; only the page's
 * agreements are then read whole, each with its activities row, by primary key. Matching and
 * sorting whole rows spilled every match to disk: on 163,304 agreements, 433 MB sorted for a deep
 * page and 485 MB written to count (docs/performance-notes.md, first session of 2026-12-04).
 * Every word of `q` must be in the search text, folded in JavaScript (agreement-search.ts); the
 * `lower()` is for rows written before it was, whose capitals then fold as the collation does.
 * `offset 0` keeps it to once a row: folded inside the words' test, a row's text was read from its
 * JSON and folded again for every word (a review measured 30 words at 7 times the list's time on
 * 160,000 rows).
 */
export const LIST_AGREEMENTS = `
  with matched as (
    select key, created_at from (
      select r.key, r.row->'agreement'->>'createdAt' as created_at,
             case when $2::text[] is not null then lower(r.row->>'search') end as search
      from ${liveRows('agreements')}
      where r.row->'register' @> $1::jsonb
      offset 0
    ) as candidate
    where $2::text[] is null
       or not exists (select from unnest($2::text[]) as word where strpos(candidate.search, word) = 0)
  ), page as (
    select key, created_at from matched order by created_at desc, key limit $3 offset $4
  )
  select (select count(*)::int from matched) as total,
         (select coalesce(jsonb_agg(jsonb_build_object('agreement', g.row->'agreement', 'activities', a.row)
                                    order by p.created_at desc, p.key), '[]'::jsonb)
          from page p
          join ${liveRows('agreements', 'g')} on g.key = p.key
          left join ${liveRows('agreements', 'a')} on a.key = p.key || '${ACTIVITIES_KEY_SUFFIX}') as items`;

/** The filters that are register keys become one containment test, answered by the GIN index on the register. */
function containment(filter: AgreementFilter): object {
  const register: Partial<Record<RegisterGrouping, string[]>> = {};
  if (filter.state) register.state = [filter.state];
  if (filter.unit) register.unit = [filter.unit];
  if (filter.kanwil) register.kanwil = [filter.kanwil];
  if (filter.partnerType) register.partnerType = [filter.partnerType];
  if (filter.program) register.program = [filter.program];
  return register;
}

@QueryHandler(ListAgreementsQuery)
export class ListAgreementsHandler implements IQueryHandler<ListAgreementsQuery, AgreementPage> {
  constructor(@Inject(ReadModelReader) private readonly reader: ReadModelReader) {}

  async execute({ filter, limit, offset }: ListAgreementsQuery): Promise<AgreementPage> {
    const params = [JSON.stringify(containment(filter)), searchWordsOf(filter.q), limit, offset];
    const { rows } = await this.reader.query<{ total: number; items: ListedAgreement[] }>(LIST_AGREEMENTS, params);
    const { total, items } = rows[0]!;
    return { total, items: items.map(({ agreement, activities }) => toSummary(withActivities(agreement, activities))) };
  }
}
