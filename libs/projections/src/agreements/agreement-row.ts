import type { Agreement } from '@kemitraan/agreements';

export const REGISTER_GROUPINGS = ['unit', 'kanwil', 'partnerType', 'program', 'state', 'year'] as const;
export type RegisterGrouping = (typeof REGISTER_GROUPINGS)[number];

/** One agreement in the `agreements` read model: its state as the domain folds it, and its keys. */
export interface AgreementRow {
  readonly agreement: Agreement;
  /** The register keys the agreement counts under, for each grouping. */
  readonly register: Record<RegisterGrouping, readonly string[]>;
  /** Title and partner names, for `q`. */
  readonly search: string;
}

/**
 * The register's year is the year the agreement was signed; one not signed yet counts in the
 * year it was proposed.
 */
const yearOf = (agreement: Agreement): string => (agreement.signing?.signedOn ?? agreement.createdAt).slice(0, 4);

/**
 * The row of `agreement`. An agreement's terms never change after its proposal, so the keys and
 * the search text that follow from them are taken from the row `before` when it has the same
 * terms: a rebuild folds every event of an agreement into a new row.
 */
export function agreementRow(agreement: Agreement, before: AgreementRow | null = null): AgreementRow {
  const { terms } = agreement;
  const same = before !== null && before.agreement.terms === terms;
  return {
    agreement,
    register: {
      unit: same ? before.register.unit : terms.units.map((u) => u.code),
      kanwil: same ? before.register.kanwil : [...new Set(terms.units.map((u) => u.kanwil))],
      partnerType: same ? before.register.partnerType : [...new Set(terms.partners.map((p) => p.type))],
      program: same ? before.register.program : [...new Set(terms.programs)],
      state: [agreement.status],
      year: [yearOf(agreement)],
    },
    search: same ? before.search : [terms.title, ...terms.partners.map((p) => p.name)].join('\n'),
  };
}
