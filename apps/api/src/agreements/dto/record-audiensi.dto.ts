import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, ValidateNested } from 'class-validator';
import { IsCalendarDate, IsText } from '../../http/validators';

export class AttendeeDto {
  @IsText(200) name!: string;
  @IsText(200) role!: string;
  @IsText(300) organization!: string;
}

export class RecordAudiensiDto {
  @IsCalendarDate() heldOn!: string;
  @IsText(300) place!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => AttendeeDto)
  attendees!: AttendeeDto[];

  @IsText(10000) summary!: string;
}
