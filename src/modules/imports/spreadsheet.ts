import { TextDecoder } from 'node:util';
import Papa from 'papaparse';
import {
  CAPABILITY_KIND_LABELS,
  COOPERATION_MODE_LABELS,
  IP_STATUS_LABELS,
  NEED_KIND_LABELS,
} from '../../common/domain/vocabulary.js';

// Spreadsheets as people in China save them from Excel or WPS: CSV in UTF-8 (with or without a BOM) or in
// GB18030/GBK, a header row in Chinese or English, lists in one cell split by ; ； or 、. Pure: no I/O.

export interface CellError {
  /** As the spreadsheet numbers rows: the header is row 1. */
  row: number;
  column: string;
  message: string;
}

type Kind = 'text' | 'list' | 'number';

export interface ColumnSpec {
  /** The field of the create DTO (`budget.min` for a nested one). */
  field: string;
  /** Header names that mean it, Chinese and English (compared without case, spaces or punctuation). */
  names: string[];
  kind: Kind;
  /** Codes by their labels, so a cell may hold 技术许可 as well as license. */
  labels?: Record<string, string>;
}

const text = (field: string, ...names: string[]): ColumnSpec => ({ field, names: [...names, field], kind: 'text' });
const list = (field: string, labels: Record<string, string> | undefined, ...names: string[]): ColumnSpec => ({
  field,
  names: [...names, field],
  kind: 'list',
  labels,
});
const number = (field: string, ...names: string[]): ColumnSpec => ({ field, names: [...names, field], kind: 'number' });

const VISIBILITY_LABELS = { public: '公开 Public', restricted: '定向 Restricted 保密' };

const COMMON: ColumnSpec[] = [
  text('title', '标题', '名称', '需求名称', '成果名称'),
  text('description', '描述', '简介', '详细描述', '内容'),
  list('sectors', undefined, '领域', '行业', '行业领域', '技术领域'),
  list('keywords', undefined, '关键词', '关键字'),
  list('cooperationModes', COOPERATION_MODE_LABELS, '合作方式'),
  text('district', '区县', '所在区县', '地区'),
  text('organizationId', '组织', '组织ID', 'organization'),
];

export const NEED_COLUMNS: ColumnSpec[] = [
  ...COMMON,
  { ...text('kind', '类型', '需求类型'), labels: NEED_KIND_LABELS },
  number('budget.min', '预算下限', '预算下限元', 'budgetMin'),
  number('budget.max', '预算上限', '预算上限元', 'budgetMax'),
  text('deadline', '截止日期', '截止时间'),
  { ...text('visibility', '公开范围', '可见性'), labels: VISIBILITY_LABELS },
];

export const CAPABILITY_COLUMNS: ColumnSpec[] = [
  ...COMMON,
  { ...text('kind', '类型', '成果类型'), labels: CAPABILITY_KIND_LABELS },
  number('trl', '技术就绪度', '成熟度', 'TRL'),
  { ...text('ipStatus', '知识产权', '知识产权状态'), labels: IP_STATUS_LABELS },
  number('maxActiveIntroductions', '同时对接上限', '对接上限'),
];

/** Columns an export writes that an import reads past (so an exported file imports again as it is), squashed. */
const EXPORT_ONLY = ['状态status', 'id', '发布时间createdat', '组织名称organizationname'];

const squash = (s: string) =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-.·/（）()*＊:：]/g, '');

/** A label's code: the code itself, the whole label, or its Chinese part ("技术许可 Licence" → license). */
function codeOf(labels: Record<string, string>, cell: string): string {
  const want = squash(cell);
  for (const [code, label] of Object.entries(labels)) {
    if (squash(code) === want || squash(label) === want) return code;
    const parts = label.split(/\s+/);
    if (squash(parts[0]) === want || squash(parts.slice(1).join(' ')) === want) return code;
    if (parts[0].split('/').some((p) => squash(p) === want)) return code;
  }
  return cell.trim();
}

const splitList = (cell: string) =>
  cell
    .split(/[;；、\n]/)
    .map((x) => x.trim())
    .filter(Boolean);

export interface ParsedSheet {
  items: Array<Record<string, unknown>>;
  /** Each item's row in the spreadsheet. */
  rows: number[];
  /** The header each field came from, to name the column of an error. */
  headerOf: Map<string, string>;
  errors: CellError[];
}

/**
 * Rows of a sheet into create-DTO objects, one row at a time. Unknown or repeated headers and a missing title column
 * are errors of row 1; empty rows are skipped (Excel leaves them at the end); values are converted only as far as
 * the header says (a number column that is not a number stays text, so validation names it).
 */
class SheetBuilder {
  readonly sheet: ParsedSheet = { items: [], rows: [], headerOf: new Map(), errors: [] };
  private header: string[] | null = null;
  private specs: Array<ColumnSpec | null> = [];

  constructor(private readonly columns: ColumnSpec[]) {}

  /** Adds the row numbered `row` (the header is 1); false once it is a data row past `maxItems`. */
  add(cells: string[], row: number, maxItems: number): boolean {
    if (!this.header) {
      this.header = cells;
      if (cells.some((h) => h.trim())) this.readHeader(cells);
      return true;
    }
    if (cells.every((c) => !c.trim())) return true;
    if (this.sheet.items.length >= maxItems) return false;
    const header = this.header;
    if (cells.slice(header.length).some((c) => c.trim())) {
      this.sheet.errors.push({
        row,
        column: '',
        message: `这一行的单元格比表头多 / the row has more cells than the header (${cells.length} > ${header.length})`,
      });
    }
    const item: Record<string, unknown> = {};
    this.specs.forEach((spec, i) => {
      // An export writes a cell Excel would run as a formula with a leading ' (see common/csv): take it off again.
      const cell = (cells[i] ?? '').trim().replace(/^'(?=[=+\-@])/, '');
      if (!spec || !cell) return;
      let value: unknown = cell;
      if (spec.kind === 'list') value = splitList(cell).map((x) => (spec.labels ? codeOf(spec.labels, x) : x));
      else if (spec.kind === 'number')
        value = /^-?\d+(\.\d+)?$/.test(cell.replace(/,/g, '')) ? Number(cell.replace(/,/g, '')) : cell;
      else if (spec.labels) value = codeOf(spec.labels, cell);
      const [a, b] = spec.field.split('.');
      if (b) item[a] = { ...(item[a] ?? {}), [b]: value };
      else item[a] = value;
    });
    this.sheet.items.push(item);
    this.sheet.rows.push(row);
    return true;
  }

  error(e: CellError): void {
    this.sheet.errors.push(e);
  }

  finish(): ParsedSheet {
    const { sheet } = this;
    if (!this.header || this.header.every((h) => !h.trim())) {
      return {
        items: [],
        rows: [],
        headerOf: sheet.headerOf,
        errors: [{ row: 1, column: '', message: '文件为空或缺少表头 / empty file or no header row' }],
      };
    }
    if (!sheet.items.length && !sheet.errors.length) {
      sheet.errors.push({ row: 2, column: '', message: '文件没有数据行 / the file has no data rows' });
    }
    sheet.errors.sort((a, b) => a.row - b.row);
    return sheet;
  }

  private readHeader(header: string[]): void {
    const { headerOf, errors } = this.sheet;
    const columns = this.columns;
    this.specs = header.map((h) => {
      const name = squash(h);
      if (!name) return null;
      // A header may name a column in Chinese, in English, or both ("标题 title", as exports write them).
      if (EXPORT_ONLY.includes(name)) return null;
      const words = [name, ...h.trim().split(/\s+/).map(squash)];
      const spec = columns.find((c) => c.names.some((n) => words.includes(squash(n))));
      if (!spec) {
        errors.push({
          row: 1,
          column: h.trim(),
          message: `无法识别的列“${h.trim()}” / unknown column; expected one of ${columns.map((c) => c.names[0]).join('、')}`,
        });
        return null;
      }
      if (headerOf.has(spec.field)) {
        errors.push({ row: 1, column: h.trim(), message: `列重复 / the column appears twice (${spec.field})` });
        return null;
      }
      headerOf.set(spec.field, h.trim());
      return spec;
    });
    if (!headerOf.has('title')) {
      errors.push({ row: 1, column: '标题', message: '缺少“标题/title”列 / the title column is missing' });
    }
  }
}

/** The line ending of a CSV as Papa Parse guesses it: \r\n, \r or \n, ignoring those inside quoted cells. */
function guessNewline(text: string): '\r\n' | '\r' | '\n' {
  const outside = text.replace(/"[^]*?"/gm, '');
  const r = outside.split('\r');
  const n = outside.split('\n');
  if (r.length === 1 || (n.length > 1 && n[0].length < r[0].length)) return '\n';
  const withN = r.filter((part) => part[0] === '\n').length;
  return withN >= r.length / 2 ? '\r\n' : '\r';
}

/**
 * How much of the file is decoded before its line ending is guessed from it (Papa Parse guesses from what it is
 * given): 64 K characters, or the first 100 line breaks if they come sooner, or the whole file if it is shorter.
 */
const GUESS_WINDOW = 64 * 1024;
const GUESS_LINES = 100;
const lineBreaks = (s: string) => s.match(/[\r\n]/g)?.length ?? 0;

/**
 * A spreadsheet read while its bytes arrive: decoded (a UTF-8 BOM, else UTF-8 while it stays valid, else GB18030,
 * a superset of GBK and GB2312), split into rows as Papa Parse splits them (commas; quoted cells may hold line
 * breaks), and turned into create-DTO objects. `write` answers false as soon as a data row past `maxItems` appears,
 * so that the caller stops reading there. Pure: no I/O.
 */
export class SheetReader {
  private head = Buffer.alloc(0);
  /** Undecided: UTF-8 as long as it is valid; the bytes so far are kept to read them again as GB18030. */
  private mode: 'start' | 'utf-8-bom' | 'utf-8' | 'gb18030' = 'start';
  private decoder: TextDecoder | null = null;
  private kept: Buffer[] = [];
  private newline: '\r\n' | '\r' | '\n' | null = null;
  private text = '';
  /** The unfinished row left over by the last parse, and the characters added to it since. */
  private carried = 0;
  private fresh = 0;
  private rowsSeen = 0;
  private builder: SheetBuilder;
  /** The spreadsheet row of the first data row past the limit, once one has appeared. */
  overLimitRow: number | null = null;

  constructor(
    private readonly columns: ColumnSpec[],
    private readonly maxItems: number,
  ) {
    this.builder = new SheetBuilder(columns);
  }

  get encoding(): 'utf-8' | 'gb18030' {
    return this.mode === 'gb18030' ? 'gb18030' : 'utf-8';
  }

  write(bytes: Buffer): boolean {
    if (this.overLimitRow !== null) return false;
    if (this.mode === 'start') {
      this.head = Buffer.concat([this.head, bytes]);
      if (this.head.length < 3) return true;
      bytes = this.head;
      this.head = Buffer.alloc(0);
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
        this.mode = 'utf-8-bom';
        // A BOM settles it: the rest is UTF-8, any bad byte replaced (as Buffer#toString does).
        this.decoder = new TextDecoder('utf-8', { ignoreBOM: true });
        bytes = bytes.subarray(3);
      } else {
        this.mode = 'utf-8';
        this.decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
      }
    }
    return this.decode(bytes, false);
  }

  end(): ParsedSheet {
    if (this.overLimitRow === null) {
      if (this.mode === 'start') {
        const head = this.head;
        this.mode = 'utf-8';
        this.decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
        this.decode(head, false);
      }
      this.decode(Buffer.alloc(0), true);
    }
    return this.builder.finish();
  }

  private decode(bytes: Buffer, last: boolean): boolean {
    let text: string;
    try {
      text = this.decoder!.decode(bytes, { stream: !last });
      if (this.mode === 'utf-8') this.kept.push(bytes);
    } catch {
      // Not UTF-8 after all: read everything again as GB18030, from the first row.
      this.kept.push(bytes);
      const all = Buffer.concat(this.kept);
      this.kept = [];
      this.mode = 'gb18030';
      this.decoder = new TextDecoder('gb18030');
      this.builder = new SheetBuilder(this.columns);
      this.text = '';
      this.carried = 0;
      this.fresh = 0;
      this.newline = null;
      this.rowsSeen = 0;
      text = this.decoder.decode(all, { stream: !last });
    }
    return this.parse(text, last);
  }

  private parse(text: string, last: boolean): boolean {
    this.text += text;
    this.fresh += text.length;
    if (this.newline === null) {
      if (this.text.length < GUESS_WINDOW && lineBreaks(this.text) < GUESS_LINES && !last) return true;
      this.newline = guessNewline(this.text.slice(0, 1024 * 1024));
    }
    if (!this.text) return true;
    // Each parse reads the unfinished row again from its start: once that row is long (a huge cell, or a quote never
    // closed), wait until it has doubled, so a 10 MB row costs a few parses rather than one per chunk.
    if (!last && this.carried >= GUESS_WINDOW && this.fresh < this.carried) return true;
    // A new parser each time, over the unfinished row left from before and the new text, as Papa Parse's own
    // streaming does; until the end the last row may be incomplete, so it is left for the next time.
    const parsed = new Papa.Parser({ delimiter: ',', newline: this.newline }).parse(this.text, 0, !last) as {
      data: string[][];
      errors: Array<{ row?: number; code: string; message: string }>;
      meta: { cursor: number };
    };
    const base = this.rowsSeen;
    // Errors of the row held back are found again when it is complete.
    for (const e of parsed.errors) {
      if ((e.row ?? 0) >= parsed.data.length && !last) continue;
      this.builder.error({
        row: base + (e.row ?? 0) + 1,
        column: '',
        message: `CSV 格式错误（${e.code}，如引号未闭合）/ malformed CSV: ${e.message}`,
      });
    }
    this.text = last ? '' : this.text.slice(parsed.meta.cursor);
    this.carried = this.text.length;
    this.fresh = 0;
    for (const cells of parsed.data) {
      this.rowsSeen++;
      if (!this.builder.add(cells, this.rowsSeen, this.maxItems)) {
        this.overLimitRow = this.rowsSeen;
        this.kept = [];
        return false;
      }
    }
    return true;
  }
}

/** The spreadsheet row and column of a batch error (`items[3].budget.min` → row of item 3, its header). */
export function cellOf(sheet: ParsedSheet, error: { index?: number; field?: string; message: string }): CellError {
  const index = error.index ?? Number(/^items\[(\d+)\]/.exec(error.field ?? '')?.[1] ?? NaN);
  const field = (error.field ?? '').replace(/^items\[\d+\]\.?/, '');
  const base = field.split(/[.[]/)[0];
  const column =
    sheet.headerOf.get(field) ?? sheet.headerOf.get(base) ?? sheet.headerOf.get(`${base}.min`) ?? (field || '');
  return { row: Number.isInteger(index) ? (sheet.rows[index] ?? 0) : 0, column, message: error.message };
}
