import type { FieldError } from './problem';
import { MALFORMED_FIELDS, type ParsedQuery } from './query-string';
import { INEXACT_NUMBERS, type InexactNumber } from './inexact-numbers';

type WithInexactNumbers = { [INEXACT_NUMBERS]?: readonly InexactNumber[] };
const WHOLE_NUMBERS_DO = ` (whole numbers up to ${Number.MAX_SAFE_INTEGER.toLocaleString('en')}, written in digits, do)`;

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

/**
 * Names no field of ours has, which class-transformer drops without a word before class-validator
 * could call them unknown (it will not set what an object already inherits, such as `toString`).
 */
const INHERITED_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

/** Strings PostgreSQL's JSONB cannot hold faithfully (NUL) or that are not valid Unicode. */
function badString(value: string): string | null {
  if (value.includes('\u0000')) return 'must not contain NUL characters';
  if (!value.isWellFormed()) return 'must be valid Unicode (no lone surrogates)';
  return null;
}

/** Gathers what is wrong below `value` into `errors`; true, and nothing more looked at, when it nests past MAX_DEPTH. */
function inspect(value: unknown, field: string, depth: number, errors: FieldError[]): boolean {
  if (typeof value === 'string') {
    const message = badString(value);
    if (message) errors.push({ field, message });
  } else if (value !== null && typeof value === 'object') {
    if (depth > MAX_DEPTH) return true;
    for (const [key, child] of Object.entries(value)) {
      const path = field ? `${field}.${key}` : key;
      if (!Array.isArray(value) && INHERITED_NAMES.has(key))
        errors.push({ field: path, message: `property ${key} should not exist` });
      if (inspect(child, path, depth + 1, errors)) return true;
    }
  }
  return false;
}

/**
 * What is wrong with a body or query before any DTO is looked at: a body that is not a JSON
 * object, nesting too deep to look into (both alone: nothing else is checked), strings the event
 * log cannot store as given, numbers parsing changed (inexact-numbers.ts), fields named like what
 * every object inherits, and a query's broken percent-encoding.
 */
export function shapeErrors(value: unknown, kind: 'body' | 'query'): { errors: FieldError[]; final: boolean } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { errors: [{ field: '', message: `the ${kind} must be a JSON object` }], final: true };
  }
  const errors: FieldError[] = [];
  for (const field of kind === 'query' ? ((value as ParsedQuery)[MALFORMED_FIELDS] ?? []) : []) {
    errors.push({ field, message: 'must be percent-encoded UTF-8' });
  }
  for (const { field, written } of kind === 'body' ? ((value as WithInexactNumbers)[INEXACT_NUMBERS] ?? []) : []) {
    errors.push({
      field,
      message: `${field} ${written} has more digits than a number holds exactly${WHOLE_NUMBERS_DO}`,
    });
  }
  if (inspect(value, '', 0, errors)) {
    return { errors: [{ field: '', message: `is nested more than ${MAX_DEPTH} levels deep` }], final: true };
  }
  return { errors, final: false };
}
