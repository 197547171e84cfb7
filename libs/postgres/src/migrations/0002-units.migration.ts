import type { Migration } from './migration';

/** The units of the seed partnerships and their two Kanwil are there from the start (API.md). */
export const units: Migration = {
  name: '0002-units',
  up: `
    create table units (
      code text primary key,
      name text not null,
      kind text not null check (kind in ('LAPAS', 'RUTAN', 'LPKA', 'BAPAS', 'KANWIL', 'DITJEN')),
      kanwil text not null,
      province text not null,
      registered_by text not null,
      registered_at timestamptz not null default clock_timestamp()
    );

    insert into units (code, name, kind, kanwil, province, registered_by) values
      ('KANWIL-SULSEL', 'Kantor Wilayah Direktorat Jenderal Pemasyarakatan Sulawesi Selatan', 'KANWIL',
        'KANWIL-SULSEL', 'Sulawesi Selatan', 'migration'),
      ('KANWIL-KALTIM', 'Kantor Wilayah Direktorat Jenderal Pemasyarakatan Kalimantan Timur', 'KANWIL',
        'KANWIL-KALTIM', 'Kalimantan Timur', 'migration'),
      ('LAPAS-MAROS', 'Lapas Kelas IIB Maros', 'LAPAS', 'KANWIL-SULSEL', 'Sulawesi Selatan', 'migration'),
      ('RUTAN-MAKASSAR', 'Rutan Kelas I Makassar', 'RUTAN', 'KANWIL-SULSEL', 'Sulawesi Selatan', 'migration'),
      ('LAPAS-TAKALAR', 'Lapas Kelas IIB Takalar', 'LAPAS', 'KANWIL-SULSEL', 'Sulawesi Selatan', 'migration'),
      ('LAPAS-MAKASSAR', 'Lapas Kelas I Makassar', 'LAPAS', 'KANWIL-SULSEL', 'Sulawesi Selatan', 'migration'),
      ('LAPAS-NARKOTIKA-SAMARINDA', 'Lapas Narkotika Kelas IIA Samarinda', 'LAPAS', 'KANWIL-KALTIM',
        'Kalimantan Timur', 'migration');
  `,
};
