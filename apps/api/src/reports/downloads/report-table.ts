/** How a column's values are written: rupiah and counts as numbers, dates as dates. */
export type ColumnKind = 'text' | 'count' | 'rupiah' | 'days' | 'date';

export interface ReportColumn {
  readonly key: string;
  /** The heading people read, in Indonesian. */
  readonly header: string;
  readonly kind: ColumnKind;
}

/** One report's rows as a table, the same for every download format. */
export interface ReportTable {
  readonly name: string;
  readonly title: string;
  readonly columns: readonly ReportColumn[];
  readonly rows: readonly object[];
}

export const cellValue = (row: object, column: ReportColumn): unknown => (row as Record<string, unknown>)[column.key];
