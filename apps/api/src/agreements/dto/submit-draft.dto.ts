import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsObject, IsOptional, Matches, ValidateNested } from 'class-validator';
import { IsText, IsWholeNumber } from '../../http/validators';

export class DraftDocumentDto {
  @IsText(300) title!: string;
  /** SHA-256 of the draft document, 64 hexadecimal characters. */
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'sha256 must be 64 hexadecimal characters' }) sha256!: string;
}

export class ObligationDto {
  @IsText(300) party!: string;
  @IsText(5000) description!: string;
}

export class DraftTermsDto {
  @IsWholeNumber(1, 1200) durationMonths!: number;

  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => ObligationDto)
  obligations!: ObligationDto[];
}

export class SubmitDraftDto {
  // IsObject: ValidateNested alone lets a missing object through.
  @IsObject() @ValidateNested() @Type(() => DraftDocumentDto) document!: DraftDocumentDto;
  @IsObject() @ValidateNested() @Type(() => DraftTermsDto) terms!: DraftTermsDto;
  @IsOptional() @IsText(5000) changeNote?: string;
}
