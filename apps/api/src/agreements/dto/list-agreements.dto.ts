import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import {
  LIFECYCLE_STATES,
  PARTNER_TYPES,
  PROGRAMS,
  type LifecycleState,
  type PartnerType,
  type Program,
} from '@kemitraan/agreements';
import { IsQueryInteger, IsText, IsUnitCode } from '../../http/validators';

export class ListAgreementsDto {
  @IsOptional() @IsIn(LIFECYCLE_STATES) state?: LifecycleState;
  /** A unit's code: agreements that include it. */
  @IsOptional() @IsUnitCode('unit must be a unit code') unit?: string;
  /** A Kanwil's code: agreements that include one of its units. */
  @IsOptional() @IsUnitCode('kanwil must be a unit code') kanwil?: string;
  @IsOptional() @IsIn(PARTNER_TYPES) partnerType?: PartnerType;
  @IsOptional() @IsIn(PROGRAMS) program?: Program;
  /** Words in a title or a partner's name, any case, every one of them (at most 10). */
  @IsOptional()
  @IsText(200)
  @Matches(/^\s*(\S+(\s+\S+){0,9})?\s*$/u, { message: 'q must be at most 10 words' })
  q?: string;

  @ApiPropertyOptional({ default: 50 }) @IsOptional() @IsQueryInteger(1, 1000) limit?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @IsQueryInteger(0, 1_000_000_000) offset?: number;
}
