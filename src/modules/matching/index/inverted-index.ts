import { idf, type QueryTerm } from '../scoring/bm25.js';
import { SCORING } from '../scoring/scoring-config.js';

/** A growable pair of typed arrays: the postings of one term, in increasing document order. */
class Postings {
  docs = new Int32Array(4);
  tfs = new Float32Array(4);
  length = 0;
  /** The largest frequency and the shortest document length ever pushed: they bound the term's BM25 contribution. */
  maxTf = 0;
  minLength = Number.POSITIVE_INFINITY;

  push(doc: number, tf: number, docLength: number): void {
    if (tf > this.maxTf) this.maxTf = tf;
    if (docLength < this.minLength) this.minLength = docLength;
    if (this.length === this.docs.length) {
      const docs = new Int32Array(this.docs.length * 2);
      docs.set(this.docs);
      this.docs = docs;
      const tfs = new Float32Array(this.tfs.length * 2);
      tfs.set(this.tfs);
      this.tfs = tfs;
    }
    this.docs[this.length] = doc;
    this.tfs[this.length] = tf;
    this.length++;
  }

  /** The frequency of `doc` in this term, by binary search (documents are appended in increasing order). */
  tfOf(doc: number): number {
    let lo = 0;
    let hi = this.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const d = this.docs[mid];
      if (d === doc) return this.tfs[mid];
      if (d < doc) lo = mid + 1;
      else hi = mid - 1;
    }
    return 0;
  }
}

export interface Hit<P> {
  id: string;
  payload: P;
  /** BM25 of the document for the query. */
  score: number;
  doc: number;
}

/**
 * An in-memory inverted index with BM25 ranking. Documents get dense internal numbers; a change appends a new
 * number and retires the old one, and the index compacts itself when retired numbers pile up. Postings are typed
 * arrays in document order, so a term's frequency in a document is a binary search away.
 */
export class InvertedIndex<P> {
  private readonly termIds = new Map<string, number>();
  private postings: Postings[] = [];
  private df: number[] = [];
  private ids: string[] = [];
  private payloads: Array<P | undefined> = [];
  /** Each document's term numbers and frequencies (a forward index): removal and `termsOf` need them. */
  private docTerms: Array<Int32Array | undefined> = [];
  private docTfs: Array<Float32Array | undefined> = [];
  private termNames: string[] = [];
  private lengths = new Float32Array(1024);
  private alive = new Uint8Array(1024);
  private readonly docOf = new Map<string, number>();
  private live = 0;
  private totalLength = 0;
  private retired = 0;
  // Scratch space for search, reused between queries.
  private acc = new Float64Array(1024);
  private touched = new Int32Array(1024);
  // Scratch space for `associated`: a count per term number, and the terms counted.
  private coCounts = new Int32Array(0);
  private coTouched = new Int32Array(0);

  get documentCount(): number {
    return this.live;
  }

  get avgLength(): number {
    return this.live ? this.totalLength / this.live : 0;
  }

  documentFrequency(term: string): number {
    const t = this.termIds.get(term);
    return t === undefined ? 0 : this.df[t];
  }

  has(id: string): boolean {
    return this.docOf.has(id);
  }

  payload(id: string): P | undefined {
    const d = this.docOf.get(id);
    return d === undefined ? undefined : this.payloads[d];
  }

  /** A view of one document for scoring: its term frequencies and length. */
  document(id: string): { payload: P; tf: (term: string) => number; length: number } | null {
    const d = this.docOf.get(id);
    if (d === undefined) return null;
    return { payload: this.payloads[d]!, tf: (term) => this.tfIn(d, term), length: this.lengths[d] };
  }

  /** A document's terms and their frequencies, as given to `upsert`. */
  termsOf(id: string): Map<string, number> {
    const d = this.docOf.get(id);
    const out = new Map<string, number>();
    if (d === undefined) return out;
    const terms = this.docTerms[d]!;
    const tfs = this.docTfs[d]!;
    for (let i = 0; i < terms.length; i++) out.set(this.termNames[terms[i]], tfs[i]);
    return out;
  }

  /**
   * Terms that keep company with `term` in this index's documents (vocabulary the catalogue itself uses together,
   * such as 电解液 and 锂电池): by Jaccard overlap of the documents holding each, at least `minShared` in common.
   * Only terms held by at most `maxDf` documents are looked at (a generic word keeps company with everything).
   */
  associated(
    term: string,
    limit = 5,
    options: { minShared?: number; maxDf?: number; accept?: (other: string) => boolean } = {},
  ): Array<{ term: string; strength: number; shared: number }> {
    const t = this.termIds.get(term);
    const maxDf = options.maxDf ?? 300;
    if (t === undefined || this.df[t] === 0 || this.df[t] > maxDf) return [];
    const p = this.postings[t];
    // Counted in scratch arrays reused between calls (a Map per call was most of a ranking's garbage).
    if (this.coCounts.length < this.postings.length) {
      this.coCounts = new Int32Array(Math.max(this.postings.length, this.coCounts.length * 2));
      this.coTouched = new Int32Array(this.coCounts.length);
    }
    const counts = this.coCounts;
    const touched = this.coTouched;
    let touchedCount = 0;
    for (let i = 0; i < p.length; i++) {
      const doc = p.docs[i];
      if (!this.alive[doc]) continue;
      const terms = this.docTerms[doc];
      if (!terms) continue;
      for (let j = 0; j < terms.length; j++) {
        const u = terms[j];
        if (u !== t && counts[u]++ === 0) touched[touchedCount++] = u;
      }
    }
    const out: Array<{ term: string; strength: number; shared: number }> = [];
    for (let i = 0; i < touchedCount; i++) {
      const u = touched[i];
      const n = counts[u];
      counts[u] = 0;
      if (n < (options.minShared ?? 2) || this.df[u] > maxDf) continue;
      const name = this.termNames[u];
      if (options.accept && !options.accept(name)) continue;
      out.push({ term: name, strength: n / (this.df[t] + this.df[u] - n), shared: n });
    }
    out.sort((a, b) => b.strength - a.strength || (a.term < b.term ? -1 : 1));
    return out.slice(0, limit);
  }

  documentIds(): IterableIterator<string> {
    return this.docOf.keys();
  }

  upsert(id: string, terms: ReadonlyMap<string, number>, payload: P): void {
    this.remove(id);
    const doc = this.ids.length;
    this.ensureDocCapacity(doc + 1);
    this.ids.push(id);
    this.payloads.push(payload);
    let length = 0;
    for (const tf of terms.values()) if (tf > 0) length += tf;
    const termNumbers: number[] = [];
    const termTfs: number[] = [];
    for (const [term, tf] of terms) {
      if (tf <= 0) continue;
      let t = this.termIds.get(term);
      if (t === undefined) {
        t = this.postings.length;
        this.termIds.set(term, t);
        this.termNames.push(term);
        this.postings.push(new Postings());
        this.df.push(0);
      }
      this.postings[t].push(doc, tf, length);
      this.df[t]++;
      termNumbers.push(t);
      termTfs.push(tf);
    }
    this.docTerms.push(Int32Array.from(termNumbers));
    this.docTfs.push(Float32Array.from(termTfs));
    this.lengths[doc] = length;
    this.alive[doc] = 1;
    this.docOf.set(id, doc);
    this.live++;
    this.totalLength += length;
  }

  remove(id: string): boolean {
    const doc = this.docOf.get(id);
    if (doc === undefined) return false;
    this.docOf.delete(id);
    this.alive[doc] = 0;
    this.payloads[doc] = undefined;
    this.live--;
    this.totalLength -= this.lengths[doc];
    this.retired++;
    for (const t of this.docTerms[doc] ?? []) this.df[t]--;
    this.docTerms[doc] = undefined;
    this.docTfs[doc] = undefined;
    if (this.retired > 1000 && this.retired > this.live / 4) this.compact();
    return true;
  }

  /**
   * The `k` best live documents for a query by BM25, among those `accept` lets through: exact, and fast by pruning
   * (MaxScore). Rare terms are scanned in full; common terms, whose postings are long but whose contribution is
   * small and bounded, are only looked up (binary search) for the documents that can still reach the top `k`.
   * Documents holding none of the rare terms are skipped when even every common term could not lift them there.
   */
  search(query: readonly QueryTerm[], k: number, accept?: (payload: P) => boolean): Array<Hit<P>> {
    const n = this.ids.length;
    if (this.acc.length < n) {
      this.acc = new Float64Array(Math.max(n, this.acc.length * 2));
      this.touched = new Int32Array(this.acc.length);
    }
    const { k1, b } = SCORING.bm25;
    const avg = this.avgLength || 1;
    const c1 = k1 * (1 - b);
    const c2 = (k1 * b) / avg;
    const terms: Array<{ p: Postings; w: number; upper: number }> = [];
    for (const q of query) {
      const t = this.termIds.get(q.term);
      if (t === undefined || this.postings[t].length === 0) continue;
      const p = this.postings[t];
      const w = q.weight * q.idf * (k1 + 1);
      // The most this term can add to any document: its largest frequency in its shortest document.
      terms.push({ p, w, upper: (w * p.maxTf) / (p.maxTf + c1 + c2 * p.minLength) });
    }
    // Most valuable terms first (they are also the rare ones, with short postings).
    terms.sort((x, y) => y.upper - x.upper);
    let remaining = terms.reduce((sum, x) => sum + x.upper, 0);

    const acc = this.acc;
    const touched = this.touched;
    const lengths = this.lengths;
    const alive = this.alive;
    let touchedCount = 0;
    let theta = 0;
    let next = 0;
    for (; next < terms.length; next++) {
      const x = terms[next];
      // Before a term whose postings outnumber the documents touched so far, see whether the terms left could
      // still lift any document into the top k; if not, they are only looked up for the documents within reach.
      if (touchedCount >= k && x.p.length > touchedCount) {
        theta = Math.max(theta, this.kth(touchedCount, k, accept));
        if (theta > remaining) break;
      }
      const { docs, tfs, length } = x.p;
      const w = x.w;
      for (let i = 0; i < length; i++) {
        const doc = docs[i];
        if (!alive[doc]) continue;
        const tf = tfs[i];
        if (acc[doc] === 0) touched[touchedCount++] = doc;
        acc[doc] += (w * tf) / (tf + c1 + c2 * lengths[doc]);
      }
      remaining -= x.upper;
    }
    if (next < terms.length) {
      const rest = terms.slice(next);
      const floor = theta - remaining;
      for (let i = 0; i < touchedCount; i++) {
        const doc = touched[i];
        if (acc[doc] < floor) continue;
        const norm = c1 + c2 * lengths[doc];
        for (const x of rest) {
          const tf = x.p.tfOf(doc);
          if (tf > 0) acc[doc] += (x.w * tf) / (tf + norm);
        }
      }
    }

    const heap = new MinHeap(k);
    for (let i = 0; i < touchedCount; i++) {
      const doc = touched[i];
      const score = acc[doc];
      acc[doc] = 0;
      if (score <= heap.floor()) continue;
      if (accept && !accept(this.payloads[doc]!)) continue;
      heap.offer(doc, score);
    }
    return heap.sorted().map(({ doc, score }) => ({ id: this.ids[doc], payload: this.payloads[doc]!, score, doc }));
  }

  /** The k-th best accumulated score among the touched documents that `accept` lets through (0 if fewer). */
  private kth(touchedCount: number, k: number, accept?: (payload: P) => boolean): number {
    const heap = new MinHeap(k);
    const acc = this.acc;
    for (let i = 0; i < touchedCount; i++) {
      const doc = this.touched[i];
      const score = acc[doc];
      if (score <= heap.floor()) continue;
      if (accept && !accept(this.payloads[doc]!)) continue;
      heap.offer(doc, score);
    }
    return heap.size() >= k ? heap.floor() : 0;
  }

  /** Query terms for a document of this index against its own statistics (used to look the other way). */
  queryFor(terms: ReadonlyMap<string, number>): QueryTerm[] {
    const out: QueryTerm[] = [];
    for (const [term, tf] of terms) {
      const df = this.documentFrequency(term);
      if (df > 0) out.push({ term, weight: 1 + Math.log(tf), idf: idf(this.live, df) });
    }
    return out;
  }

  private tfIn(doc: number, term: string): number {
    const t = this.termIds.get(term);
    return t === undefined ? 0 : this.postings[t].tfOf(doc);
  }

  private ensureDocCapacity(n: number): void {
    if (n <= this.lengths.length) return;
    const size = Math.max(n, this.lengths.length * 2);
    const lengths = new Float32Array(size);
    lengths.set(this.lengths);
    this.lengths = lengths;
    const alive = new Uint8Array(size);
    alive.set(this.alive);
    this.alive = alive;
  }

  /** Renumbers live documents densely and drops retired ones from every posting list. */
  private compact(): void {
    const map = new Int32Array(this.ids.length).fill(-1);
    const ids: string[] = [];
    const payloads: Array<P | undefined> = [];
    const docTerms: Array<Int32Array | undefined> = [];
    const docTfs: Array<Float32Array | undefined> = [];
    const lengths = new Float32Array(Math.max(1024, this.live * 2));
    const alive = new Uint8Array(lengths.length);
    for (let d = 0; d < this.ids.length; d++) {
      if (!this.alive[d]) continue;
      map[d] = ids.length;
      lengths[ids.length] = this.lengths[d];
      alive[ids.length] = 1;
      ids.push(this.ids[d]);
      payloads.push(this.payloads[d]);
      docTerms.push(this.docTerms[d]);
      docTfs.push(this.docTfs[d]);
    }
    for (const p of this.postings) {
      let w = 0;
      for (let i = 0; i < p.length; i++) {
        const nd = map[p.docs[i]];
        if (nd < 0) continue;
        p.docs[w] = nd;
        p.tfs[w] = p.tfs[i];
        w++;
      }
      p.length = w;
    }
    this.ids = ids;
    this.payloads = payloads;
    this.docTerms = docTerms;
    this.docTfs = docTfs;
    this.lengths = lengths;
    this.alive = alive;
    this.docOf.clear();
    ids.forEach((id, d) => this.docOf.set(id, d));
    this.retired = 0;
  }
}

/** A bounded min-heap of (doc, score): keeps the k highest scores seen. */
class MinHeap {
  private readonly docs: number[] = [];
  private readonly scores: number[] = [];
  constructor(private readonly k: number) {}

  floor(): number {
    return this.docs.length < this.k ? 0 : this.scores[0];
  }

  size(): number {
    return this.docs.length;
  }

  offer(doc: number, score: number): void {
    if (this.k <= 0) return;
    if (this.docs.length < this.k) {
      this.docs.push(doc);
      this.scores.push(score);
      this.up(this.docs.length - 1);
    } else if (score > this.scores[0]) {
      this.docs[0] = doc;
      this.scores[0] = score;
      this.down(0);
    }
  }

  sorted(): Array<{ doc: number; score: number }> {
    return this.docs
      .map((doc, i) => ({ doc, score: this.scores[i] }))
      .sort((a, b) => b.score - a.score || a.doc - b.doc);
  }

  private up(i: number): void {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.scores[p] <= this.scores[i]) break;
      this.swap(i, p);
      i = p;
    }
  }

  private down(i: number): void {
    const n = this.docs.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.scores[l] < this.scores[m]) m = l;
      if (r < n && this.scores[r] < this.scores[m]) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
  }

  private swap(a: number, b: number): void {
    [this.docs[a], this.docs[b]] = [this.docs[b], this.docs[a]];
    [this.scores[a], this.scores[b]] = [this.scores[b], this.scores[a]];
  }
}
