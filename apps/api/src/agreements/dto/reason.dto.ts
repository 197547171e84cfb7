import { IsOptional } from 'class-validator';
import { IsText } from '../../http/validators';

/** Amendment, closure, withdrawal and termination say why. */
export class ReasonDto {
  @IsText(5000) reason!: string;
}

export class ContinuationDto {
  @IsOptional() @IsText(5000) reason?: string;
}

export class RenewalDto {
  /** The successor's title; the renewed agreement's title when absent. */
  @IsOptional() @IsText(300) title?: string;
}
