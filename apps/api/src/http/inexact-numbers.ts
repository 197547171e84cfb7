import { isLosslessNumber, isSafeNumber, parse } from 'lossless-json';

/** The fields of a parsed body whose numbers JSON parsing changed, as JsonBody's parser found them. */
export const INEXACT_NUMBERS: unique symbol = Symbol('inexact numbers');

export interface InexactNumber {
  readonly field: string;
  /** The number as the client wrote it. */
  readonly written: string;
}

/** Only a number written with a fraction or an exponent can hold more digits than a double keeps. */
const MAY_LOSE_DIGITS = /\d[.eE]/;

/**
 * The numbers of a JSON body written with more digits than a double holds exactly: parsed, each
 * becomes another number (4503599627370497.5 becomes 4503599627370498, 1.0000000000000001 becomes
 * 1), which then passes for a whole number and would be recorded as one the client never sent.
 * Read again with lossless-json, which keeps each number's digits, only when a number may lose some.
 */
export function inexactNumbers(text: string): InexactNumber[] {
  if (!MAY_LOSE_DIGITS.test(text)) return [];
  let tree: unknown;
  try {
    tree = parse(text);
  } catch {
    return []; // Fastify's parser read it; what lossless-json cannot (nesting too deep) is refused on its shape
  }
  const found: InexactNumber[] = [];
  const stack: [unknown, string][] = [[tree, '']];
  while (stack.length > 0) {
    const [node, field] = stack.pop()!;
    if (isLosslessNumber(node)) {
      if (!isSafeNumber(node.value)) found.push({ field, written: node.value });
    } else if (node !== null && typeof node === 'object') {
      for (const [key, child] of Object.entries(node).reverse()) stack.push([child, field ? `${field}.${key}` : key]);
    }
  }
  return found;
}
