import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import {
  OUTPUT_GROUPINGS,
  REGISTER_GROUPINGS,
  type OutputGrouping,
  type RegisterGrouping,
} from '@kemitraan/projections';
import { IsQueryInteger } from '../../http/validators';

export const REPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export class ReportFormatDto {
  /** JSON by default; csv and xlsx download the same rows. */
  @ApiPropertyOptional({ default: 'json' }) @IsOptional() @IsIn(REPORT_FORMATS) format?: ReportFormat;
}

export class RegisterReportDto extends ReportFormatDto {
  @ApiPropertyOptional({ default: 'unit' }) @IsOptional() @IsIn(REGISTER_GROUPINGS) groupBy?: RegisterGrouping;
}

export class ExpiringReportDto extends ReportFormatDto {
  /** Agreements whose effective period ends between today and this many days from today. */
  @ApiPropertyOptional({ default: 90 }) @IsOptional() @IsQueryInteger(0, 36_500) withinDays?: number;
}

export class OutputsReportDto extends ReportFormatDto {
  @ApiPropertyOptional({ default: 'agreement' }) @IsOptional() @IsIn(OUTPUT_GROUPINGS) groupBy?: OutputGrouping;
}
