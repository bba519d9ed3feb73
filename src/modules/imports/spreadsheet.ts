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

/** Decodes a CSV file's bytes: a UTF-8 BOM, else valid UTF-8, else GB18030 (a superset of GBK and GB2312). */
export function decodeCsv(bytes: Buffer): { text: string; encoding: 'utf-8' | 'gb18030' } {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: bytes.subarray(3).toString('utf8'), encoding: 'utf-8' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

type Kind = 'text' | 'list' | 'number';

interface ColumnSpec {
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
 * Reads a CSV into create-DTO objects. Unknown or repeated headers and a missing title column are errors of row 1;
 * empty rows are skipped (Excel leaves them at the end); values are converted only as far as the header says (a
 * number column that is not a number stays text, so validation names it).
 */
export function readSheet(text: string, columns: ColumnSpec[]): ParsedSheet {
  // Excel and WPS in China write commas; guessing would take a file whose keywords use ; for `;`-separated.
  const parsed = Papa.parse<string[]>(text, { delimiter: ',', skipEmptyLines: false });
  const rows = parsed.data;
  const errors: CellError[] = parsed.errors.map((e) => ({
    row: (e.row ?? 0) + 1,
    column: '',
    message: `CSV 格式错误（${e.code}，如引号未闭合）/ malformed CSV: ${e.message}`,
  }));
  const headerOf = new Map<string, string>();
  if (!rows.length || rows[0].every((h) => !h.trim())) {
    return {
      items: [],
      rows: [],
      headerOf,
      errors: [{ row: 1, column: '', message: '文件为空或缺少表头 / empty file or no header row' }],
    };
  }
  const header = rows[0];
  const specs: Array<ColumnSpec | null> = header.map((h) => {
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
  const items: Array<Record<string, unknown>> = [];
  const rowNumbers: number[] = [];
  for (let r = 1; r < rows.length; r++) {
    const cells = rows[r];
    if (cells.every((c) => !c.trim())) continue;
    if (cells.slice(header.length).some((c) => c.trim())) {
      errors.push({
        row: r + 1,
        column: '',
        message: `这一行的单元格比表头多 / the row has more cells than the header (${cells.length} > ${header.length})`,
      });
    }
    const item: Record<string, unknown> = {};
    specs.forEach((spec, i) => {
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
    items.push(item);
    rowNumbers.push(r + 1);
  }
  if (!items.length && !errors.length) {
    errors.push({ row: 2, column: '', message: '文件没有数据行 / the file has no data rows' });
  }
  return { items, rows: rowNumbers, headerOf, errors };
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
