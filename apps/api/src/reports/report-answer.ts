import type { FastifyReply } from 'fastify';
import { stringify as losslessStringify } from 'lossless-json';
import { csvOf } from './downloads/csv-download';
import type { ReportTable } from './downloads/report-table';
import { xlsxOf } from './downloads/xlsx-download';
import type { ReportFormat } from './dto/report-query.dto';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * A report whose figures are all numbers goes out as it is. One with a bigint figure (a total
 * past 2^53 - 1) is written with its exact digits, which JSON allows and JSON.stringify refuses.
 */
function jsonOf<T>(json: T, reply: FastifyReply): T | string {
  if (!hasBigintFigure(json)) return json;
  reply.header('Content-Type', 'application/json; charset=utf-8');
  return losslessStringify(json)!;
}

const hasBigintFigure = (value: unknown): boolean =>
  typeof value === 'bigint' ||
  (typeof value === 'object' && value !== null && Object.values(value).some(hasBigintFigure));

/** The report as JSON, or its table as a CSV or Excel download. */
export async function reportAnswer<T>(
  format: ReportFormat | undefined,
  json: T,
  table: () => ReportTable,
  reply: FastifyReply,
): Promise<T | string | Buffer> {
  if (!format || format === 'json') return jsonOf(json, reply);
  const { name } = table();
  reply.header('Content-Disposition', `attachment; filename="kemitraan-${name}.${format}"`);
  if (format === 'csv') {
    reply.header('Content-Type', 'text/csv; charset=utf-8');
    return csvOf(table());
  }
  reply.header('Content-Type', XLSX_TYPE);
  return xlsxOf(table());
}
