import { Transform, Type, plainToInstance } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, ValidateNested } from 'class-validator';
import { IsCalendarDate, IsOnOrAfter, IsText } from '../../http/validators';

export class SignatoryDto {
  @IsText(200) name!: string;
  @IsText(300) title!: string;
  /** The party signed for. */
  @IsText(300) party!: string;
}

export class WitnessDto {
  @IsText(200) name!: string;
  @IsOptional() @IsText(300) title?: string;
  @IsOptional() @IsText(300) party?: string;
}

/** A witness may be given as a name alone, or as `{ name, title?, party? }`. */
const witnessesOf = ({ obj }: { obj: Record<string, unknown> }) => {
  const list = obj.witnesses;
  if (!Array.isArray(list)) return list;
  return list.map((w: unknown) => plainToInstance(WitnessDto, typeof w === 'string' ? { name: w } : w));
};

export class SignAgreementDto {
  @IsCalendarDate() signedOn!: string;
  @IsText(300) place!: string;
  @IsText(200) documentNumber!: string;

  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => SignatoryDto)
  signatories!: SignatoryDto[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Transform(witnessesOf)
  witnesses?: WitnessDto[];

  @IsCalendarDate() effectiveFrom!: string;
  @IsCalendarDate() @IsOnOrAfter('effectiveFrom') effectiveUntil!: string;
}
