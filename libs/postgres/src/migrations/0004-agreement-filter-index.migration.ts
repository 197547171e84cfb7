import type { Migration } from './migration';

/**
 * Only the agreements read model is filtered by containment (the list and the register): the
 * GIN index covers its rows alone, so a rebuild does not maintain it for the other read models.
 */
export const agreementFilterIndex: Migration = {
  name: '0004-agreement-filter-index',
  up: `
    drop index projection_rows_contents;
    create index projection_rows_agreement_filters on projection_rows using gin (row jsonb_path_ops)
      where projection = 'agreements';
  `,
};
