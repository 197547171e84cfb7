import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { invalidRequest, type FieldError } from './problem';

export const MAX_DEPTH = 32;

/** Whether a value nests deeper than `max`, found without recursion (a hostile body may nest thousands deep). */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > max) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}

/** Strings PostgreSQL's JSONB cannot hold faithfully (NUL) or that are not valid Unicode. */
function badString(value: string): string | null {
  if (value.includes('\u0000')) return 'must not contain NUL characters';
  if (!value.isWellFormed()) return 'must be valid Unicode (no lone surrogates)';
  return null;
}

function inspect(value: unknown, field: string, depth: number, errors: FieldError[]): void {
  if (depth > MAX_DEPTH) {
    errors.push({ field, message: `is nested more than ${MAX_DEPTH} levels deep` });
    return;
  }
  if (typeof value === 'string') {
    const message = badString(value);
    if (message) errors.push({ field, message });
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      inspect(child, field ? `${field}.${key}` : key, depth + 1, errors);
      if (errors.length >= 50) return;
    }
  }
}

/**
 * Runs before validation: a missing body is an empty object, a body must be a JSON object,
 * and no string may carry what the event log cannot store as given.
 */
@Injectable()
export class JsonShapePipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body' && metadata.type !== 'query') return value;
    const shaped = metadata.type === 'body' && (value === undefined || value === null) ? {} : value;
    if (typeof shaped !== 'object' || shaped === null || Array.isArray(shaped)) {
      throw invalidRequest([{ field: '', message: 'the body must be a JSON object' }]);
    }
    const errors: FieldError[] = [];
    inspect(shaped, '', 0, errors);
    if (errors.length > 0) throw invalidRequest(errors);
    return shaped;
  }
}
