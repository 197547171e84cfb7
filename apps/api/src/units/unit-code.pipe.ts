import { Injectable, type PipeTransform } from '@nestjs/common';
import { UNIT_CODE, UNIT_CODE_MAX, UnitNotFound } from '@kemitraan/units';

/** A path segment that is not a unit code names no unit (404), and never reaches the database. */
@Injectable()
export class UnitCodePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (value.length > UNIT_CODE_MAX || !UNIT_CODE.test(value)) throw new UnitNotFound([value.slice(0, UNIT_CODE_MAX)]);
    return value;
  }
}
