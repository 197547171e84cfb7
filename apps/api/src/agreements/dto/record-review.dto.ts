import { IsIn, IsInt, Max, Min } from 'class-validator';
import { REVIEW_RECOMMENDATIONS, type ReviewRecommendation } from '@kemitraan/agreements';
import { IsCalendarDate, IsText } from '../../http/validators';

export class RecordReviewDto {
  @IsCalendarDate() reviewedOn!: string;
  /** The period reviewed, e.g. 2025-H1. */
  @IsText(100) period!: string;
  @IsInt() @Min(1) @Max(5) score!: number;
  @IsText(10000) findings!: string;
  @IsIn(REVIEW_RECOMMENDATIONS) recommendation!: ReviewRecommendation;
}
