import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import type request from 'supertest';
import { ACTORS } from '@kemitraan/testing';
import { tokenFor } from '@kemitraan/testing/http/tokens';

/** Fetches a download as bytes, as a browser saving the file would. */
export async function download(http: ReturnType<typeof request>, path: string): Promise<request.Response> {
  return http
    .get(path)
    .set('Authorization', `Bearer ${await tokenFor(ACTORS.auditor)}`)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
}

/** A CSV download read back: its header row and its records. */
export function readCsv(bytes: Buffer): { header: string[]; records: string[][] } {
  const [header, ...records] = parse(bytes.toString('utf8')) as string[][];
  return { header: header!, records };
}

/** The first worksheet of an Excel download read back: header row and cell values. */
export async function readXlsx(bytes: Buffer): Promise<{ header: unknown[]; records: unknown[][] }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  const [header, ...records] = rows;
  return { header: header!, records };
}
