import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { UNIT_CODE, UNIT_CODE_MAX } from '@kemitraan/units';
import { Transform } from 'class-transformer';
import {
  IsISO8601,
  IsInt,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidationOptions,
  buildMessage,
} from 'class-validator';

/** A real calendar date written YYYY-MM-DD (2025-02-30 is refused). */
export const IsCalendarDate = () =>
  applyDecorators(
    IsString(),
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date written YYYY-MM-DD' }),
    IsISO8601({ strict: true, strictSeparator: true }, { message: '$property must be a real calendar date' }),
    ApiProperty({ type: 'string', format: 'date', example: '2025-07-01' }),
  );

/**
 * A whole number in a query string, written in decimal digits only: `Number()` would also read
 * `0x10`, `1e1`, `+5` or ` 1` as numbers, which the contract does not offer.
 */
export const IsQueryInteger = (min: number, max: number) =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : value,
    ),
    // One rule, so one message: 'abc' broke all three ('must not be less than 1' beside 'must not
    // be greater than 1000').
    IsInt({ message: wholeNumberFromTo(min, max) }),
    Min(min, { message: wholeNumberFromTo(min, max) }),
    Max(max, { message: wholeNumberFromTo(min, max) }),
    ApiProperty({ type: 'integer', minimum: min, maximum: max }),
  );

const wholeNumberFromTo = (min: number, max: number) =>
  `$property must be a whole number written in digits, from ${min} to ${max.toLocaleString('en')}`;

/** A whole number in a JSON body, from `min` to `max`. */
export const IsWholeNumber = (min: number, max: number) =>
  applyDecorators(IsInt(), Min(min), Max(max), ApiProperty({ type: 'integer', minimum: min, maximum: max }));

/** A string with something in it, at most `max` characters long (`each` for arrays of them). */
export const IsText = (max: number, options: ValidationOptions = {}) =>
  applyDecorators(
    IsString(options),
    Matches(/\S/, { ...options, message: '$property must not be empty' }),
    MaxLength(max, options),
    // The lengths of an array's items are not the array's own: those stay in the validation only.
    ...(options.each ? [] : [ApiProperty({ type: 'string', minLength: 1, maxLength: max, pattern: '\\S' })]),
  );

/** A unit's code as units are registered under it, upper-case words joined by hyphens (LAPAS-MAROS). */
export const IsUnitCode = (message: string) =>
  applyDecorators(
    MaxLength(UNIT_CODE_MAX),
    Matches(UNIT_CODE, { message }),
    ApiProperty({ type: 'string', pattern: UNIT_CODE.source, maxLength: UNIT_CODE_MAX }),
  );

/** A date on or after the date in another property of the same object. */
export function IsOnOrAfter(property: string, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isOnOrAfter',
      constraints: [property],
      validator: {
        validate: (value, args) => {
          const other = (args?.object as Record<string, unknown>)[property];
          return typeof value !== 'string' || typeof other !== 'string' || value >= other;
        },
        defaultMessage: buildMessage((prefix) => `${prefix}$property must be on or after $constraint1`, options),
      },
    },
    options,
  );
}
