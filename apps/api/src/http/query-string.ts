import { parse } from 'fast-querystring';

/** On a parsed query: the fields whose raw text is not percent-encoded UTF-8 (a symbol, so no validator counts it). */
export const MALFORMED_FIELDS: unique symbol = Symbol('malformed query fields');

export type ParsedQuery = Record<string, unknown> & { [MALFORMED_FIELDS]?: readonly string[] };

/** The text decoded as a query's part is (`+` a space), or null when its escapes are not UTF-8. */
function decoded(text: string): string | null {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

/**
 * Fastify's own parser (fast-querystring), which keeps a broken escape such as `%E0%A4%A` as
 * it came: `?q=%E0%A4%A` would be searched for as typed. The fields so written are named on the
 * result, for RequestValidationPipe to refuse with every other bad field.
 */
export function parseQuery(raw: string): ParsedQuery {
  const parsed: ParsedQuery = parse(raw);
  const malformed = raw
    .split('&')
    .filter((part) => part !== '' && decoded(part) === null)
    .map((part) => {
      const key = part.split('=', 1)[0]!;
      return decoded(key) ?? key;
    });
  if (malformed.length > 0) Object.defineProperty(parsed, MALFORMED_FIELDS, { value: malformed });
  return parsed;
}
