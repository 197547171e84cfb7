import { IsIn, IsOptional } from 'class-validator';
import { ACTIVITY_KINDS, type ActivityKind } from '@kemitraan/agreements';
import { IsCalendarDate, IsText, IsWholeNumber } from '../../http/validators';

export class RecordActivityDto {
  @IsCalendarDate() date!: string;
  @IsIn(ACTIVITY_KINDS) kind!: ActivityKind;
  @IsText(300) title!: string;
  /** Inmates (WBP) taking part. */
  @IsWholeNumber(0, 1_000_000) participants!: number;
  @IsOptional() @IsText(5000) outputs?: string;
  /** Revenue in whole rupiah. */
  @IsOptional() @IsWholeNumber(0, Number.MAX_SAFE_INTEGER) revenueIdr?: number;
}
