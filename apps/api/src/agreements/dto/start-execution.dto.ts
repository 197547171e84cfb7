import { IsCalendarDate } from '../../http/validators';

export class StartExecutionDto {
  @IsCalendarDate() startedOn!: string;
}
