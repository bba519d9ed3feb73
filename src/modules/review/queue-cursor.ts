import { invalidField } from '../../common/errors/app-errors.js';

export const QUEUE_SORTS = ['-score', 'score', '-createdAt', 'createdAt', 'band'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

/**
 * Where a page of the review queue ends, in its sort order: the sort values of its last row (score, rank and id;
 * creation time and id; or band order, score, rank and id). The next page is the rows after it, read from the index
 * at that point however deep it is, and a row added or reviewed meanwhile neither repeats nor hides another.
 */
export type QueueKey =
  | { sort: '-score' | 'score'; score: number; rank: number; id: string }
  | { sort: '-createdAt' | 'createdAt'; createdAt: string; id: string }
  | { sort: 'band'; band: number; score: number; rank: number; id: string };

export interface QueueCursor {
  key: QueueKey;
  /** The number of the page it opens, counted from where the walk began (for the response's `page`). */
  page: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** The cursor as the client carries it: opaque, URL-safe. */
export function encodeCursor(c: QueueCursor): string {
  const k = c.key;
  const values =
    k.sort === 'band'
      ? [k.band, k.score, k.rank, k.id]
      : 'createdAt' in k
        ? [k.createdAt, k.id]
        : [k.score, k.rank, k.id];
  return Buffer.from(JSON.stringify({ s: k.sort, k: values, p: c.page })).toString('base64url');
}

/** Whether an ISO instant names a real moment: JavaScript reads 2024-02-30 as 1 March, PostgreSQL refuses it. */
function realInstant(text: string): boolean {
  const at = Date.parse(text);
  return !Number.isNaN(at) && new Date(at).toISOString().slice(0, 19) === text.slice(0, 19);
}

const bad = (message: string) =>
  invalidField('cursor', `cursor 无效（请从第一页重新翻页）/ ${message}: start again from the first page`);

/** The cursor a previous page gave, for `sort`; 400 naming `cursor` when it is not one, or was made for another sort. */
export function decodeCursor(text: string, sort: QueueSort): QueueCursor {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw bad('not a cursor of this list');
  }
  const { s, k, p } = (raw ?? {}) as { s?: unknown; k?: unknown; p?: unknown };
  if (
    !Array.isArray(k) ||
    typeof p !== 'number' ||
    !Number.isInteger(p) ||
    p < 2 ||
    p > 1_000_000_000 ||
    typeof s !== 'string'
  ) {
    throw bad('not a cursor of this list');
  }
  if (s !== sort) throw bad(`made for sort=${String(s)}, not sort=${sort}`);
  const num = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  // Within PostgreSQL's integer and the list's pages: a crafted 1e30 would otherwise fail in the database instead.
  const int = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= 2_147_483_647;
  const id = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);
  let key: QueueKey | null = null;
  if ((s === '-score' || s === 'score') && k.length === 3 && num(k[0]) && int(k[1]) && id(k[2])) {
    key = { sort: s, score: k[0] as number, rank: k[1] as number, id: k[2] };
  } else if ((s === '-createdAt' || s === 'createdAt') && k.length === 2 && typeof k[0] === 'string' && id(k[1])) {
    // A real instant (2024-13-45T… has the shape but is none), so PostgreSQL never sees an impossible timestamp.
    if (ISO.test(k[0]) && realInstant(k[0])) key = { sort: s, createdAt: k[0], id: k[1] };
  } else if (s === 'band' && k.length === 4 && int(k[0]) && num(k[1]) && int(k[2]) && id(k[3])) {
    key = { sort: s, band: k[0] as number, score: k[1] as number, rank: k[2] as number, id: k[3] };
  }
  if (!key) throw bad('not a cursor of this list');
  return { key, page: p };
}
