import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { csvOf } from './csv-download';
import { countTurns } from '@kemitraan/testing/event-loop-turns';
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
    async (title) => {
      expect(records(await csvOf(table([{ title, daysLeft: 3 }])))).toEqual([[`'${title}`, '3']]);
    },
  );

  it('writes the header alone for a report with no rows', async () => {
    expect(await csvOf(table([]))).toBe('Judul,Sisa Hari\r\n');
  });

  it('writes other text, and negative numbers, as they are', async () => {
    const rows = [
      { title: 'MoU Lapas Maros, "Pemkab"', daysLeft: -2 },
      { title: 'PKS 2025', daysLeft: 0 },
    ];
    expect(records(await csvOf(table(rows)))).toEqual([
      ['MoU Lapas Maros, "Pemkab"', '-2'],
      ['PKS 2025', '0'],
    ]);
  });

  it('writes many rows over several turns of the event loop, as the one file they make', async () => {
    const turns = countTurns();
    // Each row notes the turn on which it was written.
    const writtenOnTurn: number[] = [];
    const rows = Array.from({ length: 9_001 }, (_, i) => ({
      title: i % 2 ? `=Judul "${i}"\r\nbaris` : `PKS ${i}`,
      get daysLeft() {
        writtenOnTurn.push(turns.now());
        return i - 4_500;
      },
    }));
    const csv = await csvOf(table(rows)).finally(turns.stop);
    const turnsWhileWriting = writtenOnTurn.at(-1)! - writtenOnTurn[0]!;
    const [header] = parse(csv) as string[][];
    const written = records(csv);
    expect(header).toEqual(['Judul', 'Sisa Hari']);
    expect(written).toHaveLength(9_001);
    expect(written[9_000]).toEqual(['PKS 9000', '4500']);
    // Either side of the first piece's end.
    expect(written[1_999]).toEqual([`'=Judul "1999"\r\nbaris`, '-2501']);
    expect(written[2_000]).toEqual(['PKS 2000', '-2500']);
    expect(written[1]).toEqual([`'=Judul "1"\r\nbaris`, '-4499']);
    // The very file csv-stringify writes in one go.
    const inOneGo = stringify(
      rows.map((row) => [row.title, row.daysLeft]),
      { header: true, columns: ['Judul', 'Sisa Hari'], record_delimiter: 'windows', escape_formulas: true },
    );
    expect(csv).toBe(inOneGo);
    // In one go, every row would be written on the same turn.
    expect(turnsWhileWriting).toBeGreaterThanOrEqual(4);
  });
});
