/**
 * A sum PostgreSQL computed exactly (as text), as the number a report shows. Past 2^53 - 1 a
 * JSON number no longer holds it exactly, and a report must fail loudly rather than show an
 * auditor a figure that is off. Each agreement's totals are kept below that bound by the domain,
 * so only sums over many agreements near it could reach it.
 */
export function exactFigure(sum: string): number {
  const figure = Number(sum);
  if (!Number.isSafeInteger(figure)) {
    throw new RangeError(`A report total of ${sum} is past ${Number.MAX_SAFE_INTEGER} and cannot be shown exactly.`);
  }
  return figure;
}
