import {
  Injectable,
  ValidationPipe,
  type ArgumentMetadata,
  type PipeTransform,
  type ValidationError,
} from '@nestjs/common';
import { shapeErrors } from './json-shape';
import { invalidRequest, ProblemException, type FieldError } from './problem';

/**
 * A field missing (or null) breaks each of its rules, its length and its range among them: one
 * message says what is wrong with it. A field the DTO does not know keeps its own message.
 */
function messagesOf(error: ValidationError, field: string): string[] {
  const constraints = Object.values(error.constraints ?? {});
  const unknown = error.constraints?.whitelistValidation !== undefined;
  if (constraints.length > 0 && !unknown && (error.value === undefined || error.value === null)) {
    return [`${field} is required`];
  }
  return [...new Set(constraints)];
}

function flatten(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = messagesOf(error, field).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** class-validator for every body and query: unknown fields refused, every bad field listed. */
function classValidation(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    // The value tells a missing field from a bad one (messagesOf); it is never sent back.
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => invalidRequest(flatten(errors)),
  });
}

const fieldErrorsOf = (error: unknown): readonly FieldError[] | null =>
  error instanceof ProblemException && error.problem.status === 400 && Array.isArray(error.problem.errors)
    ? (error.problem.errors as FieldError[])
    : null;

/**
 * Every body and query is checked for its shape (json-shape.ts) and then by its DTO, and refused
 * with the bad fields both found (API.md: `errors` lists every bad field). A missing body is an
 * empty object.
 */
@Injectable()
export class RequestValidationPipe implements PipeTransform {
  private readonly validation = classValidation();

  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'body' && metadata.type !== 'query') return this.validation.transform(value, metadata);
    const given = metadata.type === 'body' && (value === undefined || value === null) ? {} : value;
    const shape = shapeErrors(given, metadata.type);
    if (shape.final) throw invalidRequest(shape.errors);
    let validated: unknown;
    let invalid: readonly FieldError[] = [];
    try {
      validated = await this.validation.transform(given, metadata);
    } catch (error) {
      const fields = fieldErrorsOf(error);
      if (!fields) throw error;
      invalid = fields;
    }
    const errors = [...invalid, ...shape.errors];
    if (errors.length > 0) throw invalidRequest(errors);
    return validated;
  }
}
