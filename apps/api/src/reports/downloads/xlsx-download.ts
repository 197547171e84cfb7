import { PassThrough } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { setImmediate } from 'node:timers/promises';
import type ExcelJS from 'exceljs';
import { cellValue, type ColumnKind, type ReportTable } from './report-table';

const NUMBER_FORMAT: Record<ColumnKind, string | undefined> = {
  text: undefined,
  count: '#,##0',
  rupiah: '"Rp" #,##0',
  // The pipeline's medians are rounded to two places; '#,##0.##' showed a whole number as '3.'.
  days: '#,##0.00',
  date: 'dd/mm/yyyy',
};

/** Excel keeps 15 significant digits of a number: past them a figure is shown rounded. */
const EXCEL_EXACT_BELOW = 1e15;

const cellOf = (kind: ColumnKind, value: unknown): ExcelJS.CellValue => {
  if (value === null || value === undefined) return null;
  if (kind === 'date') return new Date(`${String(value)}T00:00:00Z`);
  // A figure Excel would round is written as its digits, in a text cell, rather than off.
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && Math.abs(value) >= EXCEL_EXACT_BELOW) return value.toString();
  return value as ExcelJS.CellValue;
};

/**
 * Rows written between two turns of the event loop. Built in one go, the pending approvals of a
 * 1,000,000-event log (67,015 rows) held the server for 2.7 to 3.7 s, every other request
 * with it (docs/performance-notes.md, first session of 2026-12-04).
 */
const ROWS_PER_TURN = 500;

/**
 * One worksheet: a bold header row in Indonesian, numbers as numbers (up to 15 digits), dates as
 * dates. It is written with ExcelJS's streaming writer, which compresses as it goes (off the
 * event loop, in zlib's threads), yielding to other requests every ROWS_PER_TURN rows; the file
 * is gathered whole before it is sent, so a failure still answers problem+json. ExcelJS is loaded
 * at the first download, not at start-up, where it took 252 ms of the server's start on this
 * machine (docs/performance-notes.md, sixth session of 2026-12-02).
 */
export async function xlsxOf(table: ReportTable): Promise<Buffer> {
  const Excel = require('exceljs') as typeof ExcelJS;
  const file = new PassThrough();
  const gathered = buffer(file);
  const workbook = new Excel.stream.xlsx.WorkbookWriter({ stream: file, useStyles: true });
  workbook.creator = 'Kemitraan';
  const sheet = workbook.addWorksheet(table.title.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = table.columns.map((column) => ({
    header: column.header,
    key: column.key,
    width: Math.max(column.header.length + 2, column.kind === 'text' ? 30 : 14),
    style: NUMBER_FORMAT[column.kind] ? { numFmt: NUMBER_FORMAT[column.kind] } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  try {
    let written = 0;
    for (const row of table.rows) {
      sheet.addRow(Object.fromEntries(table.columns.map((c) => [c.key, cellOf(c.kind, cellValue(row, c))]))).commit();
      if (++written % ROWS_PER_TURN === 0) await setImmediate();
    }
    sheet.commit();
    await workbook.commit();
  } catch (error) {
    // The file half written is thrown away, rather than left waiting for an end that never comes.
    file.destroy();
    await gathered.catch(() => undefined);
    throw error;
  }
  return gathered;
}
