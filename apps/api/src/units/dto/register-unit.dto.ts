import { IsIn } from 'class-validator';
import { UNIT_KINDS, type UnitKind } from '@kemitraan/units';
import { IsText, IsUnitCode } from '../../http/validators';

export class RegisterUnitDto {
  /** Upper-case words joined by hyphens, e.g. LAPAS-PAREPARE. */
  @IsUnitCode('code must be upper-case words joined by hyphens, e.g. LAPAS-MAROS') code!: string;

  @IsText(300) name!: string;
  @IsIn(UNIT_KINDS) kind!: UnitKind;

  /** The Kanwil's code; a Kanwil (or DITJEN) names itself. */
  @IsUnitCode('kanwil must be a unit code') kanwil!: string;

  @IsText(100) province!: string;
}
