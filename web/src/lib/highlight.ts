import { TERM_VARIANTS } from '../api/vocabulary.gen';

// Marking the terms that met in a need's and a capability's text, for the review screen.

export interface Segment {
  text: string;
  /** The matched term this piece of text shows, when it is one. */
  term?: string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Splits `text` into plain and marked segments. Terms are matched case-insensitively, longest first, so 锂离子电池
 * wins over 电池; overlapping occurrences are not marked twice. Stemmed English terms (insul) mark the word they
 * start (insulation).
 */
export function highlight(text: string, terms: readonly string[]): Segment[] {
  const usable = [...new Set(terms.map((t) => t.trim()).filter((t) => t.length >= 2 || /[^ -~]/.test(t)))];
  if (!text || !usable.length) return text ? [{ text }] : [];
  usable.sort((a, b) => b.length - a.length);
  const pattern = usable.map((t) => (/^[a-z0-9]+$/i.test(t) ? `\\b${escape(t)}[a-z]*` : escape(t))).join('|');
  const re = new RegExp(pattern, 'giu');
  const out: Segment[] = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    const start = m.index;
    if (start > last) out.push({ text: text.slice(last, start) });
    const found = m[0];
    const term = usable.find((t) => found.toLowerCase().startsWith(t.toLowerCase())) ?? found;
    out.push({ text: found, term });
    last = start + found.length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}

/** Alias terms are stored in their canonical form: show the text's own spellings of them too (the matcher's table). */
export function withVariants(terms: readonly string[]): string[] {
  return terms.flatMap((t) => [t, ...(TERM_VARIANTS[t] ?? [])]);
}
