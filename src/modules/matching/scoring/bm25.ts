import { SCORING } from './scoring-config.js';

/** A term of a need's query: its weight in the query and its inverse document frequency in the catalogue. */
export interface QueryTerm {
  term: string;
  weight: number;
  idf: number;
  /**
   * Where the term stands in the need (title, keyword, ask, desc, background), or `association` for a term the
   * catalogue uses together with one of the need's core terms; absent on the reverse path.
   */
  field?: 'title' | 'keyword' | 'ask' | 'desc' | 'background' | 'association' | 'character';
}

/** BM25's idf, always positive (the +1 inside the log keeps very common terms from going negative). */
export function idf(documentCount: number, documentFrequency: number): number {
  return Math.log(1 + (documentCount - documentFrequency + 0.5) / (documentFrequency + 0.5));
}

/** One term's BM25 contribution for a document holding it `tf` times. */
export function termScore(q: QueryTerm, tf: number, docLength: number, avgDocLength: number): number {
  if (tf <= 0) return 0;
  const { k1, b } = SCORING.bm25;
  const norm = k1 * (1 - b + (b * docLength) / Math.max(avgDocLength, 1e-9));
  return (q.weight * q.idf * tf * (k1 + 1)) / (tf + norm);
}
