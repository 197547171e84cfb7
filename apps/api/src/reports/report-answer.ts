import type { FastifyReply } from 'fastify';
import { csvOf } from './downloads/csv-download';
import type { ReportTable } from './downloads/report-table';
import { xlsxOf } from './downloads/xlsx-download';
import type { ReportFormat } from './dto/report-query.dto';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The report as JSON, or its table as a CSV or Excel download. */
export async function reportAnswer<T>(
  format: ReportFormat | undefined,
  json: T,
  table: () => ReportTable,
  reply: FastifyReply,
): Promise<T | string | Buffer> {
  if (!format || format === 'json') return json;
  const { name } = table();
  reply.header('Content-Disposition', `attachment; filename="kemitraan-${name}.${format}"`);
  if (format === 'csv') {
    reply.header('Content-Type', 'text/csv; charset=utf-8');
    return csvOf(table());
  }
  reply.header('Content-Type', XLSX_TYPE);
  return xlsxOf(table());
}
