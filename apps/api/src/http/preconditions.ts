import { problem, ProblemException } from './problem';

/** The strong entity tag of an agreement at a version. */
export const etagOf = (version: number): string => `"${version}"`;

/**
 * The version an If-Match header names. `*` names none in particular; anything else that names
 * no version (a weak tag too: If-Match compares strongly) can never match, so it fails.
 */
export function versionFromIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*"?(\d{1,9})"?\s*$/.exec(header);
  if (match) return Number(match[1]);
  throw new ProblemException(
    problem(
      412,
      'precondition-failed',
      'Precondition Failed',
      `If-Match ${header} names no version of this agreement.`,
    ),
  );
}
