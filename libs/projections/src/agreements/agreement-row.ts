import type { Agreement } from '@kemitraan/agreements';
import { searchTextOf } from './agreement-search';

export const REGISTER_GROUPINGS = ['unit', 'kanwil', 'partnerType', 'program', 'state', 'year'] as const;
export type RegisterGrouping = (typeof REGISTER_GROUPINGS)[number];

/** One agreement in the `agreements` read model: its state as the domain folds it, and its keys. */
export interface AgreementRow {
  readonly agreement: Agreement;
  /** The register keys the agreement counts under, for each grouping. */
  readonly register: Record<RegisterGrouping, readonly string[]>;
  /** Title and partner names in lower case, for `q` (agreement-search.ts). */
  readonly search: string;
}

/**
 * The register's year is the year the agreement was first signed, which an addendum's signing does
 * not move; one not signed yet counts in the year it was proposed.
 */
const yearOf = (agreement: Agreement): string =>
  (agreement.firstSignedOn ?? agreement.signing?.signedOn ?? agreement.createdAt).slice(0, 4);

export function agreementRow(agreement: Agreement): AgreementRow {
  const { terms } = agreement;
  return {
    agreement,
    register: {
      unit: terms.units.map((u) => u.code),
      kanwil: [...new Set(terms.units.map((u) => u.kanwil))],
      partnerType: [...new Set(terms.partners.map((p) => p.type))],
      program: [...new Set(terms.programs)],
      state: [agreement.status],
      year: [yearOf(agreement)],
    },
    search: searchTextOf(
      terms.title,
      terms.partners.map((p) => p.name),
    ),
  };
}
