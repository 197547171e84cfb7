import { IsIn } from 'class-validator';
import { REVIEW_RECOMMENDATIONS, type ReviewRecommendation } from '@kemitraan/agreements';
import { IsCalendarDate, IsText, IsWholeNumber } from '../../http/validators';

export class RecordReviewDto {
  @IsCalendarDate() reviewedOn!: string;
  /** The period reviewed, e.g. 2025-H1. */
  @IsText(100) period!: string;
  @IsWholeNumber(1, 5) score!: number;
  @IsText(10000) findings!: string;
  @IsIn(REVIEW_RECOMMENDATIONS) recommendation!: ReviewRecommendation;
}
