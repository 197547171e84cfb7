import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { invalidRequest, type FieldError } from './problem';

/** Every field of a query or body that a route does not take, worded as class-validator words it. */
export function unexpectedFields(value: unknown): FieldError[] {
  if (value === undefined || value === null) return [];
  if (typeof value !== 'object' || Array.isArray(value)) return [{ field: '', message: 'must be empty' }];
  return Object.keys(value).map((field) => ({ field, message: `property ${field} should not exist` }));
}

/**
 * For a route that takes no query, or no body: unknown fields are refused (API.md, Errors), here
 * as on the routes whose DTO lists what they take.
 */
@Injectable()
export class NothingExpectedPipe implements PipeTransform<unknown, undefined> {
  transform(value: unknown, _metadata: ArgumentMetadata): undefined {
    const fields = unexpectedFields(value);
    if (fields.length > 0) throw invalidRequest(fields);
    return undefined;
  }
}
