import { setImmediate } from 'node:timers/promises';
import { stringify } from 'csv-stringify/sync';
import { cellValue, type ReportTable } from './report-table';

/**
 * Rows written between two turns of the event loop. In one go, the pending approvals of a
 * 1,000,000-event log (67,015 rows) held the server for up to 0.5 s, every other request with it
 * (docs/performance-notes.md, first session of 2026-12-04).
 */
const ROWS_PER_TURN = 2_000;

/**
 * RFC 4180 CSV, UTF-8, a header row in Indonesian; amounts are plain integers (no separators).
 * Text that a spreadsheet would run as a formula (a title starting with `=`, `+`, `-`, `@`) gets
 * a leading `'`: titles are typed by operators and the file is opened by auditors. Each record
 * ends with its own delimiter, so the file is the pieces written turn by turn, put end to end.
 */
export async function csvOf(table: ReportTable): Promise<string> {
  const options = {
    columns: table.columns.map((column) => column.header),
    record_delimiter: 'windows',
    escape_formulas: true,
    // The last record of each piece ends with its delimiter too, so that the pieces join up.
    eof: true,
  } as const;
  const pieces: string[] = [];
  for (let start = 0; start === 0 || start < table.rows.length; start += ROWS_PER_TURN) {
    if (start > 0) await setImmediate();
    const rows = table.rows.slice(start, start + ROWS_PER_TURN);
    pieces.push(
      stringify(
        rows.map((row) => table.columns.map((column) => cellValue(row, column) ?? '')),
        { ...options, header: start === 0 },
      ),
    );
  }
  return pieces.join('');
}
