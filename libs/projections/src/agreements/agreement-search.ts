/**
 * Lower case in JavaScript, not by the database's `lower()`, which follows its collation: under
 * `C` (an embedded cluster started without a UTF-8 locale) it folds ASCII letters only.
 */
const folded = (text: string): string => text.toLowerCase();

/** What `q` searches in an agreement: its title and partner names, in lower case, one a line. */
export const searchTextOf = (title: string, partnerNames: readonly string[]): string =>
  folded([title, ...partnerNames].join('\n'));

/**
 * The words of a `q`, each of which an agreement's search text must contain (in any order, in any
 * of its names). Null when `q` has none: no filter.
 */
export function searchWordsOf(q: string | undefined): string[] | null {
  const words = folded(q ?? '')
    .split(/\s+/u)
    .filter((word) => word.length > 0);
  return words.length > 0 ? [...new Set(words)] : null;
}
