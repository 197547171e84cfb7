import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { ACTIVITY_KINDS, type ActivityKind } from '@kemitraan/agreements';
import { IsCalendarDate, IsText } from '../../http/validators';

export class RecordActivityDto {
  @IsCalendarDate() date!: string;
  @IsIn(ACTIVITY_KINDS) kind!: ActivityKind;
  @IsText(300) title!: string;
  /** Inmates (WBP) taking part. */
  @IsInt() @Min(0) @Max(1_000_000) participants!: number;
  @IsOptional() @IsText(5000) outputs?: string;
  /** Revenue in whole rupiah. */
  @IsOptional() @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) revenueIdr?: number;
}
