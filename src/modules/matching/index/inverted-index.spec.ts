import { idf, termScore, type QueryTerm } from '../scoring/bm25.js';
import { InvertedIndex } from './inverted-index.js';

function randomDocs(n: number, vocab: number, seed = 7): Array<Map<string, number>> {
  let x = seed;
  const rand = () => (x = (x * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  return Array.from({ length: n }, () => {
    const m = new Map<string, number>();
    const len = 3 + Math.floor(rand() * 20);
    for (let i = 0; i < len; i++) {
      const t = `t${Math.floor(rand() ** 2 * vocab)}`;
      m.set(t, (m.get(t) ?? 0) + 1);
    }
    return m;
  });
}

function bruteForce(docs: Map<string, Map<string, number>>, query: QueryTerm[]): Map<string, number> {
  const lengths = new Map([...docs].map(([id, d]) => [id, [...d.values()].reduce((a, b) => a + b, 0)]));
  const avg = [...lengths.values()].reduce((a, b) => a + b, 0) / docs.size;
  return [...docs]
    .map(([id, d]) => ({
      id,
      s: query.reduce((sum, q) => sum + termScore(q, d.get(q.term) ?? 0, lengths.get(id)!, avg), 0),
    }))
    .filter((x) => x.s > 0)
    .reduce((m, x) => m.set(x.id, x.s), new Map<string, number>());
}

const r6 = (x: number) => Math.round(x * 1e6) / 1e6;

describe('inverted index', () => {
  it('ranks exactly as scoring every document would, through changes, removals and compaction', () => {
    const index = new InvertedIndex<{ n: number }>();
    const live = new Map<string, Map<string, number>>();
    const docs = randomDocs(3000, 400);
    docs.forEach((d, i) => {
      index.upsert(`d${i}`, d, { n: i });
      live.set(`d${i}`, d);
    });
    // Remove a third (enough to trigger compaction) and change some others.
    for (let i = 0; i < 3000; i += 3) {
      index.remove(`d${i}`);
      live.delete(`d${i}`);
    }
    const changed = randomDocs(200, 400, 99);
    changed.forEach((d, i) => {
      index.upsert(`d${i * 3 + 1}`, d, { n: -i });
      live.set(`d${i * 3 + 1}`, d);
    });
    expect(index.documentCount).toBe(live.size);
    for (const terms of [['t1', 't5', 't40'], ['t0'], ['t3', 't399', 'nope']]) {
      const query = terms.map((term) => ({
        term,
        weight: 1,
        idf: idf(live.size, [...live.values()].filter((d) => d.has(term)).length),
      }));
      expect(query.map((q) => index.documentFrequency(q.term))).toEqual(
        terms.map((t) => [...live.values()].filter((d) => d.has(t)).length),
      );
      const all = bruteForce(live, query);
      const best = [...all.values()]
        .sort((a, b) => b - a)
        .slice(0, 10)
        .map(r6);
      const hits = index.search(query, 10);
      // The same top scores (ties may come in another order), each the document's true score.
      expect(hits.map((h) => r6(h.score))).toEqual(best);
      for (const h of hits) expect(r6(all.get(h.id)!)).toBe(r6(h.score));
    }
    expect(index.termsOf('d4')).toEqual(live.get('d4'));
    expect(index.document('d4')?.tf('t1')).toBe(live.get('d4')!.get('t1') ?? 0);
  });

  it('prunes long queries of rare and common terms without changing the top k, with a filter too', () => {
    const index = new InvertedIndex<{ n: number }>();
    const live = new Map<string, Map<string, number>>();
    randomDocs(5000, 300, 11).forEach((d, i) => {
      // Weighted fields give fractional frequencies, as the analyzer's single characters (0.3) do.
      const weighted = new Map([...d].map(([t, tf]) => [t, i % 2 ? tf : tf * 0.3]));
      index.upsert(`d${i}`, weighted, { n: i });
      live.set(`d${i}`, weighted);
    });
    let x = 5;
    const rand = () => (x = (x * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let round = 0; round < 30; round++) {
      // As the query builder makes them: a few rare words weighing much (high numbers are rare) and many common
      // single characters weighing little (low numbers).
      const rare = Array.from({ length: 1 + (round % 3) }, () => `t${150 + Math.floor(rand() * 150)}`);
      const common = Array.from({ length: 4 + (round % 10) }, () => `t${Math.floor(rand() * 30)}`);
      const query = [...new Set([...rare, ...common])].map((term, i) => ({
        term,
        weight: i < rare.length ? 1 + rand() * 2 : 0.3,
        idf: idf(live.size, index.documentFrequency(term)),
      }));
      const k = [1, 5, 20, 200][round % 4];
      const accept = round % 3 === 0 ? (p: { n: number }) => p.n % 5 !== 0 : undefined;
      const all = bruteForce(live, query);
      const best = [...all]
        .filter(([id]) => !accept || accept({ n: Number(id.slice(1)) }))
        .map(([, s]) => s)
        .sort((a, b) => b - a)
        .slice(0, k);
      const hits = index.search(query, k, accept);
      // Frequencies are stored as 32-bit floats: equal to a millionth.
      expect(hits).toHaveLength(best.length);
      hits.forEach((h, i) => {
        expect(h.score).toBeCloseTo(best[i], 5);
        expect(all.get(h.id)!).toBeCloseTo(h.score, 5);
      });
    }
  });

  it('lets a filter keep documents out of the results', () => {
    const index = new InvertedIndex<{ ok: boolean }>();
    index.upsert('a', new Map([['x', 3]]), { ok: false });
    index.upsert('b', new Map([['x', 1]]), { ok: true });
    const q = [{ term: 'x', weight: 1, idf: 1 }];
    expect(index.search(q, 5, (p) => p.ok).map((h) => h.id)).toEqual(['b']);
  });
});
