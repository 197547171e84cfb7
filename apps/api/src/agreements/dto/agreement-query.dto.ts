import { IsIn, IsISO8601, IsOptional, Matches } from 'class-validator';

/** A calendar date, or an RFC 3339 date-time that says its offset (Z or ±hh:mm). */
const AS_OF = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

export class AgreementAsOfDto {
  /** An instant such as 2025-07-23T09:00:00+08:00, or a date alone: the end of that day (UTC). */
  @IsOptional()
  @Matches(AS_OF, {
    message: 'asOf must be a date (YYYY-MM-DD) or a date-time with its offset, e.g. 2025-07-23T09:00:00Z',
  })
  @IsISO8601({ strict: true }, { message: 'asOf must be a real date and time' })
  asOf?: string;
}

export class LifecycleFormatDto {
  @IsOptional() @IsIn(['json', 'mermaid']) format?: 'json' | 'mermaid';
}

export class HistoryFormatDto {
  /** json (default), or jsonl: a signed export with the hash chain, to verify offline. */
  @IsOptional() @IsIn(['json', 'jsonl']) format?: 'json' | 'jsonl';
}
