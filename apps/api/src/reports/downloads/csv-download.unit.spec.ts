import { parse } from 'csv-parse/sync';
import { csvOf } from './csv-download';
import type { ReportTable } from './report-table';

const table = (rows: object[]): ReportTable => ({
  name: 'expiring',
  title: 'Perjanjian Segera Berakhir',
  columns: [
    { key: 'title', header: 'Judul', kind: 'text' },
    { key: 'daysLeft', header: 'Sisa Hari', kind: 'days' },
  ],
  rows,
});

const records = (csv: string) => (parse(csv) as string[][]).slice(1);

describe('a report as CSV', () => {
  // A title is typed by any operator; a spreadsheet opening the download would run one that
  // starts like a formula (OWASP "CSV injection"), with the auditor's rights.
  it.each(['=HYPERLINK("http://example.invalid","x")', '+62 811', '-tidak-', '@SUM(A1)', '\tTab', '\rCR'])(
    'keeps a text cell starting %j from being read as a formula',
    (title) => {
      expect(records(csvOf(table([{ title, daysLeft: 3 }])))).toEqual([[`'${title}`, '3']]);
    },
  );

  it('writes other text, and negative numbers, as they are', () => {
    const rows = [
      { title: 'MoU Lapas Maros, "Pemkab"', daysLeft: -2 },
      { title: 'PKS 2025', daysLeft: 0 },
    ];
    expect(records(csvOf(table(rows)))).toEqual([
      ['MoU Lapas Maros, "Pemkab"', '-2'],
      ['PKS 2025', '0'],
    ]);
  });
});
