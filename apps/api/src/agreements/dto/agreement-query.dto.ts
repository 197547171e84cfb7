import { IsIn, IsISO8601, IsOptional } from 'class-validator';

export class AgreementAsOfDto {
  /** An ISO-8601 instant; a date alone means the end of that day (UTC). */
  @IsOptional() @IsISO8601({ strict: true }) asOf?: string;
}

export class LifecycleFormatDto {
  @IsOptional() @IsIn(['json', 'mermaid']) format?: 'json' | 'mermaid';
}
