import { IsIn, Matches, MaxLength } from 'class-validator';
import { UNIT_CODE as CODE, UNIT_KINDS, type UnitKind } from '@kemitraan/units';
import { IsText } from '../../http/validators';

export class RegisterUnitDto {
  /** Upper-case words joined by hyphens, e.g. LAPAS-PAREPARE. */
  @Matches(CODE, { message: 'code must be upper-case words joined by hyphens, e.g. LAPAS-MAROS' })
  @MaxLength(64)
  code!: string;

  @IsText(300) name!: string;
  @IsIn(UNIT_KINDS) kind!: UnitKind;

  /** The Kanwil's code; a Kanwil (or DITJEN) names itself. */
  @Matches(CODE, { message: 'kanwil must be a unit code' })
  @MaxLength(64)
  kanwil!: string;

  @IsText(100) province!: string;
}
