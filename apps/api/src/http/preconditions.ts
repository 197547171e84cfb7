import { problem, ProblemException } from './problem';

/** The strong entity tag of an agreement at a version. */
export const etagOf = (version: number): string => `"${version}"`;

/**
 * An entity tag as `etagOf` writes it, compared strongly, so as text: `"04"` is not `"4"`. A bare
 * number is taken too (no tag of ours differs from it only by quotes).
 */
const VERSION_TAG = /^\s*(?:"(0|[1-9]\d{0,8})"|(0|[1-9]\d{0,8}))\s*$/;

const failed = (detail: string) =>
  new ProblemException(problem(412, 'precondition-failed', 'Precondition Failed', detail));

/**
 * The version an If-Match header names. `*` names none in particular; anything else that names
 * no version (a weak tag too: If-Match compares strongly) can never match, so it fails.
 */
export function versionFromIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = VERSION_TAG.exec(header);
  if (match) return Number(match[1] ?? match[2]);
  throw failed(`If-Match ${header} names no version such as "3".`);
}

/**
 * On a request that creates what it names, If-Match can never hold: there is no version yet to
 * match, and RFC 9110 has even `*` fail where nothing exists.
 */
export function refuseIfMatchOnCreation(header: string | undefined): void {
  if (header !== undefined)
    throw failed(`If-Match ${header}: this request creates what it would match, so none exists yet.`);
}
