import type { Migration } from './migration';

/**
 * The list and the register filter agreements by their register keys alone: the GIN index
 * covers those few keys instead of every value of the row, which a rebuild paid for on each row
 * it wrote.
 */
export const agreementRegisterIndex: Migration = {
  name: '0005-agreement-register-index',
  up: `
    drop index projection_rows_agreement_filters;
    create index projection_rows_agreement_register on projection_rows using gin ((row->'register') jsonb_path_ops)
      where projection = 'agreements';
  `,
};
