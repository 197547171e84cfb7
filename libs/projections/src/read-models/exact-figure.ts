/** A figure of a report: a number, or a bigint once it is past what a number holds exactly. */
export type ReportFigure = number | bigint;

/**
 * A sum PostgreSQL computed exactly (as text), as the figure a report shows. Each agreement's
 * totals are kept below 2^53 by the domain, but a sum over many agreements is not: past 2^53 - 1 a
 * number would round it, and an auditor would read a figure that is off with nothing to show it,
 * so it stays a bigint and is written out digit for digit.
 */
export function exactFigure(sum: string): ReportFigure {
  const figure = Number(sum);
  return Number.isSafeInteger(figure) ? figure : BigInt(sum);
}
