import { stringify } from 'csv-stringify/sync';
import { cellValue, type ReportTable } from './report-table';

/**
 * RFC 4180 CSV, UTF-8, a header row in Indonesian; amounts are plain integers (no separators).
 * Text that a spreadsheet would run as a formula (a title starting with `=`, `+`, `-`, `@`) gets
 * a leading `'`: titles are typed by operators and the file is opened by auditors.
 */
export function csvOf(table: ReportTable): string {
  return stringify(
    table.rows.map((row) => table.columns.map((column) => cellValue(row, column) ?? '')),
    {
      header: true,
      columns: table.columns.map((column) => column.header),
      record_delimiter: 'windows',
      escape_formulas: true,
    },
  );
}
