import Papa from 'papaparse';
import type { Response } from 'express';

/** A column of an export: its header (Chinese / English) and how to read it from a row. */
export interface CsvColumn<T> {
  header: string;
  value: (row: T) => unknown;
}

const BOM = '\uFEFF';

/** CSV as Excel opens it correctly in China: UTF-8 with a BOM, CRLF line ends, every field quoted as needed. */
export function toCsv<T>(rows: readonly T[], columns: ReadonlyArray<CsvColumn<T>>): string {
  // A cell Excel would run as a formula is written as text (a leading '), whatever it came from.
  const guard = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
  const cell = (v: unknown): string => {
    if (v === null || v === undefined) return '';
    if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return v.toString();
    if (Array.isArray(v)) return guard(v.map((x) => String(x)).join('；'));
    if (v instanceof Date) return v.toISOString();
    if (typeof v !== 'string') return guard(JSON.stringify(v));
    return guard(v);
  };

  return (
    BOM +
    Papa.unparse(
      {
        fields: columns.map((c) => c.header),
        data: rows.map((r) => columns.map((c) => cell(c.value(r)))),
      },
      { newline: '\r\n' },
    ) +
    '\r\n'
  );
}

/** Sends a CSV download. */
export function sendCsv(res: Response, filename: string, csv: string): string {
  res.setHeader('content-type', 'text/csv; charset=utf-8');
  res.setHeader(
    'content-disposition',
    `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
  );
  return csv;
}
