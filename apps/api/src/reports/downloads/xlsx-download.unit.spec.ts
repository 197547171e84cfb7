import ExcelJS from 'exceljs';
import { countTurns } from '@kemitraan/testing/event-loop-turns';
import type { ReportTable } from './report-table';
import { xlsxOf } from './xlsx-download';

const table = (rows: readonly object[]): ReportTable => ({
  name: 'outputs',
  title: 'Hasil Pelaksanaan Kerja Sama per Perjanjian',
  columns: [
    { key: 'title', header: 'Judul', kind: 'text' },
    { key: 'participants', header: 'Peserta', kind: 'count' },
    { key: 'revenueIdr', header: 'Pendapatan', kind: 'rupiah' },
    { key: 'effectiveUntil', header: 'Berlaku Sampai', kind: 'date' },
  ],
  rows,
});

async function sheetOf(bytes: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook.worksheets[0]!;
}

describe('a report as an Excel workbook', () => {
  it('writes a bold, frozen header, numbers and dates as such, and figures past 15 digits as their digits', async () => {
    const sheet = await sheetOf(
      await xlsxOf(
        table([
          { title: 'PKS Lapas Maros', participants: 1234, revenueIdr: 12_500_000, effectiveUntil: '2027-03-31' },
          { title: 'MoU Rutan Makassar', participants: 0, revenueIdr: 10n ** 18n + 1n, effectiveUntil: null },
        ]),
      ),
    );
    expect(sheet.name).toBe('Hasil Pelaksanaan Kerja Sama pe');
    expect(sheet.getRow(1).values).toEqual([undefined, 'Judul', 'Peserta', 'Pendapatan', 'Berlaku Sampai']);
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const first = sheet.getRow(2);
    expect(first.getCell(2).value).toBe(1234);
    expect(first.getCell(2).numFmt).toBe('#,##0');
    expect(first.getCell(3).value).toBe(12_500_000);
    expect(first.getCell(3).numFmt).toBe('"Rp" #,##0');
    expect(first.getCell(4).value).toEqual(new Date('2027-03-31T00:00:00Z'));
    expect(first.getCell(4).numFmt).toBe('dd/mm/yyyy');
    const second = sheet.getRow(3);
    expect(second.getCell(3).value).toBe('1000000000000000001');
    expect(second.getCell(4).value).toBeNull();
    expect(sheet.rowCount).toBe(3);
  });

  it('shows days to two places, a whole number with its zeros rather than a trailing point', async () => {
    const days: ReportTable = {
      name: 'pipeline',
      title: 'Tahapan',
      columns: [{ key: 'medianDays', header: 'Median Hari', kind: 'days' }],
      rows: [{ medianDays: 3 }, { medianDays: 12.5 }],
    };
    const sheet = await sheetOf(await xlsxOf(days));
    expect([sheet.getRow(2).getCell(1).value, sheet.getRow(3).getCell(1).value]).toEqual([3, 12.5]);
    expect(sheet.getRow(2).getCell(1).numFmt).toBe('#,##0.00');
  });

  it('lets the event loop turn while it writes many rows', async () => {
    const turns = countTurns();
    // Each row notes the turn on which it was written.
    const writtenOnTurn: number[] = [];
    const rows = Array.from({ length: 5_000 }, (_, i) => ({
      title: `Perjanjian ${i}`,
      get participants() {
        writtenOnTurn.push(turns.now());
        return i;
      },
    }));
    const sheet = await sheetOf(await xlsxOf(table(rows)).finally(turns.stop));
    expect(sheet.rowCount).toBe(5_001);
    expect(sheet.getRow(5_001).getCell(2).value).toBe(4_999);
    // Written in one go, every row would be written on the same turn.
    expect(writtenOnTurn.at(-1)! - writtenOnTurn[0]!).toBeGreaterThanOrEqual(5);
  });

  it('writes the header alone for a report with no rows', async () => {
    const sheet = await sheetOf(await xlsxOf(table([])));
    expect(sheet.rowCount).toBe(1);
    expect(sheet.getRow(1).values).toEqual([undefined, 'Judul', 'Peserta', 'Pendapatan', 'Berlaku Sampai']);
  });

  it('fails with the error a row raised, past the first turn, and raises nothing else', async () => {
    const unhandled: unknown[] = [];
    const note = (error: unknown) => unhandled.push(error);
    process.on('unhandledRejection', note);
    process.on('uncaughtException', note);
    try {
      const rows = Array.from({ length: 2_000 }, (_, i) => ({
        title: `Perjanjian ${i}`,
        get participants() {
          if (i === 1_234) throw new Error('baris rusak');
          return i;
        },
      }));
      await expect(xlsxOf(table(rows))).rejects.toThrow('baris rusak');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', note);
      process.off('uncaughtException', note);
    }
  });
});
