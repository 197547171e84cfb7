import { IsIn, ValidateIf } from 'class-validator';
import { APPROVAL_DECISIONS, APPROVAL_STEPS, type ApprovalDecision, type ApprovalStep } from '@kemitraan/agreements';
import { IsText, IsWholeNumber } from '../../http/validators';

export class DecideApprovalDto {
  /** The draft version approved or declined: it must be the current one. */
  @IsWholeNumber(1, 1_000_000) draftVersion!: number;
  /** Must match a role the user holds. */
  @IsIn(APPROVAL_STEPS) step!: ApprovalStep;
  @IsIn(APPROVAL_DECISIONS) decision!: ApprovalDecision;

  /** Required to decline. */
  @ValidateIf((dto: DecideApprovalDto) => dto.decision === 'DECLINE' || (dto.note !== undefined && dto.note !== null))
  @IsText(5000)
  note?: string;
}
