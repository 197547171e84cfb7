import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  Matches,
  ValidateNested,
} from 'class-validator';
import {
  AGREEMENT_KINDS,
  PARTNER_TYPES,
  PROGRAMS,
  type AgreementKind,
  type PartnerType,
  type Program,
} from '@kemitraan/agreements';
import { IsText } from '../../http/validators';

export class PartnerDto {
  @IsText(300) name!: string;
  @IsIn(PARTNER_TYPES) type!: PartnerType;
  @IsOptional() @IsText(300) representative?: string;
}

export class ProposeAgreementDto {
  @IsText(300) title!: string;
  @IsIn(AGREEMENT_KINDS) kind!: AgreementKind;

  /** Unit codes; the proposer's own unit among them. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @Matches(/^[A-Z0-9]+(-[A-Z0-9]+)*$/, { each: true, message: 'each unit must be a unit code such as LAPAS-MAROS' })
  units!: string[];

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PartnerDto)
  partners!: PartnerDto[];

  /** Ruang lingkup: one line per scope item. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsText(2000, { each: true })
  scope!: string[];

  @IsArray()
  @ArrayMaxSize(PROGRAMS.length)
  @ArrayUnique()
  @IsIn(PROGRAMS, { each: true })
  programs!: Program[];

  @IsOptional() @IsText(5000) summary?: string;
}
