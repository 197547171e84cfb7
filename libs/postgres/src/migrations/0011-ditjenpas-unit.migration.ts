import type { Migration } from './migration';

/**
 * Ditjenpas, the unit API.md names for people at headquarters (auditors, administrators): listed
 * with the units, so a token's unit is always one `GET /api/units` knows. A database where an
 * administrator registered it already keeps theirs.
 */
export const ditjenpasUnit: Migration = {
  name: '0011-ditjenpas-unit',
  up: `
    insert into units (code, name, kind, kanwil, province, registered_by) values
      ('DITJENPAS', 'Direktorat Jenderal Pemasyarakatan', 'DITJEN', 'DITJENPAS', 'DKI Jakarta', 'migration')
    on conflict (code) do nothing;
  `,
};
