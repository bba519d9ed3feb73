import { analyze, normalizeText, phraseSpans, takePhrases, termOf, withoutSourceLines } from './analyzer.js';
import { segmenter } from './segmenter.js';

/**
 * Full-text search over listings with the engine's own analysis (jieba, aliases, stems): each listing carries a
 * `tsvector` of its terms, written with the listing, and a user's words become a `tsquery` of the same terms.
 * PostgreSQL's own parsers cannot split Chinese, so both sides are built here and handed over as literals.
 *
 * Bump SEARCH_TERMS_VERSION whenever the analysis changes (the lexicon, the segmenter's dictionary, this file):
 * the worker rewrites every listing whose terms are of another version (listings' search_version).
 */
export const SEARCH_TERMS_VERSION = 1;

/**
 * A term longer than this is not a word anyone searches for (a DNA sequence, a pasted hash) and is left out of search:
 * PostgreSQL refuses a lexeme over 2,046 bytes outright, which would refuse the listing's every write.
 */
export const MAX_TERM_LENGTH = 100;
const searchable = (term: string) => term.length <= MAX_TERM_LENGTH;

/** PostgreSQL keeps positions up to 16,383 and at most 256 per lexeme; beyond that they would be dropped anyway. */
const MAX_POSITION = 16_383;
const MAX_POSITIONS_PER_TERM = 256;

export interface SearchableListing {
  title: string;
  description: string;
  keywords: string[];
}

/** A term as a quoted tsvector/tsquery lexeme. */
function lexeme(term: string): string {
  return `'${term.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/**
 * The listing's terms as a `tsvector` literal: title terms weighted A, keywords B, description C, each occurrence at
 * its position, so that PostgreSQL ranks a word in the title above the same word deep in the text.
 */
export function searchVector(listing: SearchableListing): string {
  const positions = new Map<string, string[]>();
  let position = 0;
  const add = (text: string, weight: 'A' | 'B' | 'C') => {
    for (const term of termsOf(text)) {
      position = Math.min(position + 1, MAX_POSITION);
      if (!searchable(term)) continue;
      const list = positions.get(term) ?? [];
      if (list.length < MAX_POSITIONS_PER_TERM) list.push(`${position}${weight}`);
      positions.set(term, list);
    }
  };
  add(listing.title, 'A');
  add(listing.keywords.join(' '), 'B');
  add(listing.description, 'C');
  return [...positions].map(([term, list]) => `${lexeme(term)}:${list.join(',')}`).join(' ');
}

/**
 * A text's terms as the engine analyses it, and the words of the English phrases it maps to one term (weld seam is
 * 焊缝 to the engine; a user searching for "seam" alone must find it too).
 */
function termsOf(text: string): string[] {
  const terms = analyze(text);
  const normalised = normalizeText(withoutSourceLines(text));
  for (const p of phraseSpans(normalised)) {
    for (const word of normalised.slice(p.start, p.end).split(/[\s-]+/)) {
      const term = termOf(word);
      if (term && term !== p.term) terms.push(term);
    }
  }
  return terms;
}

export interface SearchQuery {
  /** The `tsquery` literal: every word the user typed must be found (AND). */
  tsquery: string;
  /** Every term the query may meet, for highlighting. */
  terms: string[];
}

/**
 * A user's search words as a `tsquery` over listings' terms, or null when they hold nothing searchable (only
 * punctuation, numbers or function words such as 的). Every word must be found: a compound such as 锂电池 is found
 * as itself or as all of its parts (锂电 and 电池), the way listings' terms hold it.
 */
export function searchQuery(q: string): SearchQuery | null {
  const { rest, terms: phrases } = takePhrases(normalizeText(q));
  const clauses: string[] = [];
  const terms = new Set<string>();
  const requireWord = (alternatives: string[][]) => {
    // One alternative per way of finding the word: itself, or every one of its parts.
    const ways = alternatives.map((a) => a.filter(searchable)).filter((a) => a.length);
    if (!ways.length) return;
    for (const a of ways) for (const t of a) terms.add(t);
    const text = ways.map((a) => (a.length === 1 ? lexeme(a[0]) : `(${a.map(lexeme).join(' & ')})`));
    const clause = text.length === 1 ? text[0] : `(${text.join(' | ')})`;
    if (!clauses.includes(clause)) clauses.push(clause);
  };
  for (const term of phrases) requireWord([[term]]);
  for (const token of segmenter().cut(rest, true)) {
    const term = termOf(token);
    if (!term) continue;
    const parts = segmenter()
      .cutForSearch(token, true)
      .filter((p) => p !== token)
      .map(termOf)
      .filter((t): t is string => !!t && t !== term);
    requireWord([[term], parts.length >= 2 ? [...new Set(parts)] : []]);
  }
  if (!clauses.length) return null;
  return { tsquery: clauses.join(' & '), terms: [...terms] };
}

/** A piece of text with the spans (start inclusive, end exclusive, in UTF-16 code units) that met the query. */
export interface MarkedText {
  text: string;
  marks: Array<[number, number]>;
}

/** Merges overlapping spans (touching ones stay apart: two words side by side are two marks), in order. */
function merged(spans: Array<[number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [s, e] of [...spans].sort((a, b) => a[0] - b[0] || a[1] - b[1])) {
    const last = out[out.length - 1];
    if (last && s < last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** Marks where the query's terms occur in `text`: whole words, parts of compounds, and English phrases. */
export function highlight(text: string, terms: readonly string[]): MarkedText {
  if (!terms.length || !text) return { text, marks: [] };
  const wanted = new Set(terms);
  const spans: Array<[number, number]> = [];
  const lower = normalizeText(text);
  // NFKC may change a text's length (rare ligatures, ㎏): then positions are found in the text as written.
  const sameLength = lower.length === text.length;
  if (sameLength) {
    for (const p of phraseSpans(lower)) if (wanted.has(p.term)) spans.push([p.start, p.end]);
  }
  let offset = 0;
  for (const token of segmenter().cut(text, true)) {
    const start = offset;
    offset += token.length;
    const term = termOf(normalizeText(token));
    if (term && wanted.has(term)) {
      spans.push([start, start + token.length]);
      continue;
    }
    for (const part of segmenter().cutForSearch(token, true)) {
      if (part === token) continue;
      const t = termOf(normalizeText(part));
      const at = token.indexOf(part);
      if (t && wanted.has(t) && at >= 0) spans.push([start + at, start + at + part.length]);
    }
  }
  return { text, marks: merged(spans) };
}

/** How far into a long text a snippet looks for its first match when no search term stands in it as written. */
const SNIPPET_SCAN = 2000;
/** Characters segmented on either side of a snippet, so that words cut at its edges are read as in the whole text. */
const SNIPPET_PAD = 8;

/**
 * A short extract of a long text around its first marked span (the start when none), with the marks moved into
 * it; an ellipsis stands where text was cut. Only the extract is segmented (a page of 20 results would otherwise cut
 * 20 whole descriptions for every search): the place is found where a term stands as written, which most Chinese
 * terms do, or else by segmenting the text's first SNIPPET_SCAN characters (aliases, English stems).
 */
export function snippet(text: string, terms: readonly string[], length = 120): MarkedText {
  const clean = withoutSourceLines(text).replace(/\s+/g, ' ').trim();
  if (clean.length <= length) return highlight(clean, terms);
  let first = -1;
  const lower = normalizeText(clean);
  if (lower.length === clean.length) {
    for (const t of terms) {
      const at = lower.indexOf(t);
      if (at >= 0 && (first < 0 || at < first)) first = at;
    }
  }
  if (first < 0) first = highlight(clean.slice(0, SNIPPET_SCAN), terms).marks[0]?.[0] ?? 0;
  const from = Math.max(0, Math.min(first - Math.floor(length / 5), clean.length - length));
  const to = from + length;
  const padFrom = Math.max(0, from - SNIPPET_PAD);
  const part = highlight(clean.slice(padFrom, Math.min(clean.length, to + SNIPPET_PAD)), terms);
  const lead = from > 0 ? '…' : '';
  const marks = part.marks
    .map(([s, e]): [number, number] => [s + padFrom, e + padFrom])
    .filter(([s, e]) => s >= from && e <= to)
    .map(([s, e]): [number, number] => [s - from + lead.length, e - from + lead.length]);
  return { text: `${lead}${clean.slice(from, to)}${to < clean.length ? '…' : ''}`, marks };
}
