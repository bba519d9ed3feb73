import type { HallKind, HallQuery } from '../api/hall';
import { CAPABILITY_KINDS, DISTRICTS, NEED_KINDS } from '../api/vocabulary.gen';

// The halls keep their whole state in the address (?q=…&sector=…&page=…), so a search can be shared and the back
// button walks back through it. These read it and write it; what the address holds that the API would refuse
// (an unknown district, page 0) is dropped rather than shown as an error, except the words, which are the user's.

export const HALL_PAGE_SIZES = [10, 20, 50, 100] as const;
const DEFAULT_PAGE_SIZE = 20;

const oneOf = <T extends string>(values: readonly T[], v: string | null): T | undefined =>
  v !== null && (values as readonly string[]).includes(v) ? (v as T) : undefined;

const whole = (v: string | null, min: number, max: number): number | undefined => {
  if (v === null || !/^\d+$/.test(v)) return undefined;
  const n = Number(v);
  return n >= min && n <= max ? n : undefined;
};

/** The API query a hall's address stands for. */
export function hallQueryOf(kind: HallKind, params: URLSearchParams): HallQuery {
  const q = params.get('q')?.trim() || undefined;
  const sector = params.get('sector')?.trim() || undefined;
  const pageSize = whole(params.get('pageSize'), 1, 100);
  return {
    q,
    sort: oneOf(['relevance', 'newest'] as const, params.get('sort')),
    kind: kind === 'needs' ? oneOf(NEED_KINDS, params.get('kind')) : oneOf(CAPABILITY_KINDS, params.get('kind')),
    district: oneOf(DISTRICTS, params.get('district')),
    sector,
    trl: kind === 'capabilities' ? whole(params.get('trl'), 1, 9) : undefined,
    page: whole(params.get('page'), 1, 100_000) ?? 1,
    pageSize: pageSize && (HALL_PAGE_SIZES as readonly number[]).includes(pageSize) ? pageSize : DEFAULT_PAGE_SIZE,
  };
}

export type HallFilter = 'q' | 'sort' | 'kind' | 'district' | 'sector' | 'trl';

/**
 * The address after a change: every change but paging goes back to page 1; a value of undefined removes the
 * parameter; the default page and page size are left out, so the same search has the same address.
 */
export function withHallChange(
  params: URLSearchParams,
  change: Partial<Record<HallFilter, string | undefined>> & { page?: number; pageSize?: number },
): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [k, v] of Object.entries(change)) {
    if (k === 'page' || k === 'pageSize') continue;
    if (v === undefined || v === '') next.delete(k);
    else next.set(k, String(v));
  }
  const paging = change.page !== undefined || change.pageSize !== undefined;
  if (change.pageSize !== undefined) {
    if (change.pageSize === DEFAULT_PAGE_SIZE) next.delete('pageSize');
    else next.set('pageSize', String(change.pageSize));
  }
  const page = paging ? (change.page ?? 1) : 1;
  if (page === 1) next.delete('page');
  else next.set('page', String(page));
  return next;
}

/** Which sort the API applies when none is asked for: best match with words, newest without. */
export const effectiveSort = (q: HallQuery): 'relevance' | 'newest' => q.sort ?? (q.q ? 'relevance' : 'newest');

/** Yuan as people read them: 万 from ten thousand up in Chinese, digits grouped in English. */
export function formatYuan(n: number, lang: 'zh' | 'en'): string {
  if (lang === 'en') return `CNY ${n.toLocaleString('en')}`;
  if (n >= 10_000) return `${Number((n / 10_000).toFixed(2)).toLocaleString('zh-CN')} 万元`;
  return `${n.toLocaleString('zh-CN')} 元`;
}

/** A need's budget in words; null when it names none (the page says 面议, negotiable). */
export function budgetText(
  min: number | null,
  max: number | null,
  lang: 'zh' | 'en',
  words: { from: (min: string) => string; upTo: (max: string) => string },
): string | null {
  if (min == null && max == null) return null;
  if (min != null && max != null) {
    return min === max ? formatYuan(min, lang) : `${formatYuan(min, lang)} – ${formatYuan(max, lang)}`;
  }
  return min != null ? words.from(formatYuan(min, lang)) : words.upTo(formatYuan(max!, lang));
}
