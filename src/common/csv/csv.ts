import Papa from 'papaparse';
import type { Response } from 'express';

/** A column of an export: its header (Chinese / English) and how to read it from a row. */
export interface CsvColumn<T> {
  header: string;
  value: (row: T) => unknown;
}

const BOM = '\uFEFF';
const NEWLINE = '\r\n';

// A cell Excel would run as a formula is written as text (a leading '), whatever it came from.
const guard = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

// A value a spreadsheet would read as a number: all digits (an 18-digit credit code becomes 9.12E+17, a leading zero
// is lost), a decimal, an exponent.
const NUMBER_LIKE = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?%?$/;

/**
 * A value that must stay text in a spreadsheet (a credit code, a registration number): written with a leading ' like
 * a guarded formula when a spreadsheet would otherwise read it as a number; as is otherwise.
 */
export function asText(v: string | null | undefined): string {
  if (v === null || v === undefined) return '';
  return NUMBER_LIKE.test(v.trim()) ? `'${v}` : v;
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return v.toString();
  if (Array.isArray(v)) return guard(v.map((x) => String(x)).join('；'));
  if (v instanceof Date) return v.toISOString();
  if (typeof v !== 'string') return guard(JSON.stringify(v));
  return guard(v);
}

/** The start of a CSV file: the BOM and the header row (headers formula-guarded too: some come from user data). */
export function csvHead<T>(columns: ReadonlyArray<CsvColumn<T>>): string {
  return BOM + Papa.unparse([columns.map((c) => guard(c.header))], { newline: NEWLINE }) + NEWLINE;
}

/** Rows of a CSV file, each ended by CRLF (nothing for no rows): a file is its head and any number of these. */
export function csvRows<T>(rows: readonly T[], columns: ReadonlyArray<CsvColumn<T>>): string {
  if (!rows.length) return '';
  return (
    Papa.unparse(
      rows.map((r) => columns.map((c) => cell(c.value(r)))),
      { newline: NEWLINE },
    ) + NEWLINE
  );
}

/** CSV as Excel opens it correctly in China: UTF-8 with a BOM, CRLF line ends, every field quoted as needed. */
export function toCsv<T>(rows: readonly T[], columns: ReadonlyArray<CsvColumn<T>>): string {
  return csvHead(columns) + csvRows(rows, columns);
}

/** The headers of a CSV download. */
export function csvDownload(res: Response, filename: string): void {
  res.setHeader('content-type', 'text/csv; charset=utf-8');
  res.setHeader(
    'content-disposition',
    `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
  );
}

/** Sends a CSV download. */
export function sendCsv(res: Response, filename: string, csv: string): string {
  csvDownload(res, filename);
  return csv;
}
