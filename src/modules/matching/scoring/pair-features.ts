import { termScore, type QueryTerm } from './bm25.js';
import { lexicon } from '../../../common/text/lexicon.js';
import { SCORING } from './scoring-config.js';

/**
 * A need's core terms: the user's own keywords, and the most specific terms of its title by IDF against the catalogue
 * blended with the reference frequencies. Terms the catalogue lacks count too (a pair cannot meet the need on 处理
 * alone because the catalogue holds nothing on 印染废水). A compound stands for its parts (燃气轮机, not 气轮机 or
 * 轮机; 氧化铁, not the segmenter's 化铁). Form words (设备, 成套, 高效: text/data/form-words.txt) are chosen only when
 * the title has nothing more specific.
 */
export function coreTerms(terms: ReadonlyArray<{ term: string; idf: number; keyword: boolean }>): string[] {
  const out: string[] = [];
  const overlaps = (t: string) => out.some((c) => c.includes(t) || t.includes(c));
  const byIdf = [...terms].sort((a, b) => b.idf - a.idf || (a.term < b.term ? -1 : 1));
  for (const t of byIdf) if (t.keyword && !overlaps(t.term)) out.push(t.term);
  const part = (t: string) => terms.some((u) => u.term.length > t.length && u.term.includes(t));
  const { formWords } = lexicon();
  let fromTitle = 0;
  for (const form of [false, true]) {
    if (form && fromTitle > 0) break;
    for (const t of byIdf) {
      if (fromTitle >= SCORING.coreTerms) break;
      if (t.keyword || formWords.has(t.term) !== form || part(t.term) || overlaps(t.term)) continue;
      out.push(t.term);
      fromTitle++;
    }
  }
  return out;
}

export const PAIR_FEATURES = {
  dice: { zh: '标题字面相近', en: 'the titles read alike' },
  tAbs: { zh: '需求标题词见于成果标题', en: "the need's title terms in the achievement's title" },
  tAny: { zh: '需求标题词见于成果', en: "the need's title terms anywhere in the achievement" },
  maxTitleIdf: { zh: '最专门的标题词相合', en: 'the most specific title term met' },
  nTitleHit: { zh: '相合的标题词个数', en: 'title terms met' },
  bm: { zh: '关键词总体相合度', en: 'overall keyword agreement' },
  rel: { zh: '与本需求最佳候选相比', en: "compared with the need's best candidate" },
  titleCov: { zh: '需求标题被覆盖的比例', en: "share of the need's title covered" },
  titleInTitle: { zh: '需求标题在成果标题中的比例', en: "share of the need's title in the achievement's title" },
  coreHit: { zh: '需求核心词相合', en: "the need's core terms met" },
  maxLen: { zh: '最长相合词', en: 'longest term met' },
  strong: { zh: '相合的专门术语', en: 'specific terms met' },
  askCov: { zh: '需求诉求被覆盖的比例', en: "share of the need's ask covered" },
  bgShare: { zh: '仅在企业背景中相合', en: "met only in the company's background" },
  capTitleCov: { zh: '成果标题与需求相合', en: "the achievement's title within the need" },
  nTitle: { zh: '需求标题词数', en: "terms in the need's title" },
} as const;

/** A term the catalogue uses together with one of the need's core terms. */
export interface Association {
  needTerm: string;
  term: string;
  strength: number;
}

export type PairFeature = keyof typeof PAIR_FEATURES;
export type PairFeatures = Record<PairFeature, number>;

export interface PairDocument {
  title: string;
  /** Terms of its title and keywords (a handful: looked up by scanning). */
  titleTerms: readonly string[];
  tf: (term: string) => number;
  length: number;
}

function bigrams(text: string): Set<string> {
  const x = text.toLowerCase().replace(/[^\p{Script=Han}a-z0-9]/gu, '');
  const out = new Set<string>();
  for (let i = 0; i + 1 < x.length; i++) out.add(x.slice(i, i + 2));
  return out;
}

const idfSum = (list: readonly QueryTerm[]) => list.reduce((s, q) => s + q.idf, 0);

export interface PairEvidence {
  features: PairFeatures;
  /** BM25 of the pair for the need's query. */
  bm25: number;
  /** Query terms the capability holds, in its title (and keywords) or only in its description. */
  matched: Array<{ term: string; field: QueryTerm['field']; inTitle: boolean; share: number }>;
  /** The need's core terms (its most specific title or keyword terms), and whether they were met. */
  core: Array<{ term: string; met: boolean }>;
  /** Unmet core terms the capability meets through an associated term (电解液 ↔ 锂电池). */
  bridges: Array<{ needTerm: string; capabilityTerm: string; strength: number }>;
}

/** What the features read of the need alone, worked out once per query (a need's candidates share it). */
interface NeedSide {
  /** BM25's bound over the query's first `SCORING.bmHeadTerms` terms (its most important ones). */
  ceiling: number;
  titleQ: QueryTerm[];
  titleIdf: number;
  askQ: QueryTerm[];
  askIdf: number;
  titleBigrams: Set<string>;
  idfOf: Map<string, number>;
}
const needSides = new WeakMap<readonly QueryTerm[], { title: string; side: NeedSide }>();
const isTitle = (q: QueryTerm) => q.field === 'title' || q.field === 'keyword';

function needSide(needTitle: string, query: readonly QueryTerm[]): NeedSide {
  const known = needSides.get(query);
  if (known && known.title === needTitle) return known.side;
  const titleQ = query.filter(isTitle);
  const askQ = query.filter((q) => isTitle(q) || q.field === 'ask');
  const side: NeedSide = {
    // What the query's head would score if every term were met to saturation: BM25's bound, weight × idf × (k1 + 1).
    ceiling: query.slice(0, SCORING.bmHeadTerms).reduce((a, q) => a + q.weight * q.idf * (SCORING.bm25.k1 + 1), 0) || 1,
    titleQ,
    titleIdf: idfSum(titleQ) || 1,
    askQ,
    askIdf: idfSum(askQ) || 1,
    titleBigrams: bigrams(needTitle),
    idfOf: new Map(query.map((q) => [q.term, q.idf])),
  };
  needSides.set(query, { title: needTitle, side });
  return side;
}

/**
 * The pair's features. `topBm25` is the best BM25 among the need's candidates (0 when unknown: then `rel` is 1 for a
 * pair that meets anything).
 */
export function pairEvidence(
  needTitle: string,
  core: readonly string[],
  query: readonly QueryTerm[],
  doc: PairDocument,
  avgLength: number,
  topBm25: number,
  associations: () => readonly Association[] = () => [],
): PairEvidence {
  let s = 0;
  // The part of the score earned on the query's head (its most important terms): what `bm` reads, so that a need
  // with a long description (a query of 32 terms) is not scored down for the many terms no answer would hold.
  let head = 0;
  const matched: PairEvidence['matched'] = [];
  const hits: QueryTerm[] = [];
  for (let i = 0; i < query.length; i++) {
    const q = query[i];
    const v = termScore(q, doc.tf(q.term), doc.length, avgLength);
    if (v <= 0) continue;
    s += v;
    if (i < SCORING.bmHeadTerms) head += v;
    if (q.field === 'character') continue;
    hits.push(q);
    matched.push({ term: q.term, field: q.field, inTitle: doc.titleTerms.includes(q.term), share: v });
  }
  // Shares of the BM25 (the characters' part is left out of the explanation).
  for (const m of matched) m.share = s > 0 ? m.share / s : 0;
  const { ceiling, titleQ, titleIdf, askQ, askIdf, titleBigrams: ng, idfOf: queryTerms } = needSide(needTitle, query);
  // Associations are looked at only for a pair that meets none of the core terms itself (they are what could still
  // let it meet the need): they cost a walk through the catalogue, computed once per need when first asked for.
  // Worked out now, not when an explanation is read: by then the index may have moved on.
  const bridges: PairEvidence['bridges'] = [];
  const coreMetDirectly = core.some((t) => doc.tf(t) > 0);
  for (const needTerm of coreMetDirectly ? [] : core) {
    const best = associations()
      .filter((a) => a.needTerm === needTerm && doc.tf(a.term) > 0)
      .sort((a, b) => b.strength - a.strength)[0];
    if (best) bridges.push({ needTerm, capabilityTerm: best.term, strength: best.strength });
  }
  const held = (q: QueryTerm) => doc.tf(q.term) > 0;
  const titleHit = titleQ.filter(held);
  const titleInTitle = titleQ.filter((q) => doc.titleTerms.includes(q.term));
  const cg = bigrams(doc.title);
  let shared = 0;
  for (const g of ng) if (cg.has(g)) shared++;
  let capTitleIdf = 0;
  let capTitleMet = 0;
  for (const t of doc.titleTerms) {
    const i = queryTerms.get(t);
    // A title term the need's query does not hold has no IDF here: count it as a specific one (it is unmet).
    capTitleIdf += i ?? 4;
    if (i !== undefined) capTitleMet += i;
  }
  const features: PairFeatures = {
    dice: ng.size + cg.size ? (2 * shared) / (ng.size + cg.size) : 0,
    tAbs: Math.min(idfSum(titleInTitle), 20) / 10,
    tAny: Math.min(idfSum(titleHit), 25) / 10,
    maxTitleIdf: Math.max(0, ...titleHit.map((q) => q.idf)) / 8,
    nTitleHit: Math.min(titleHit.length, 5),
    bm: head / ceiling,
    rel: topBm25 > 0 ? Math.min(1, s / topBm25) : s > 0 ? 1 : 0,
    titleCov: idfSum(titleHit) / titleIdf,
    titleInTitle: idfSum(titleInTitle) / titleIdf,
    coreHit: core.length ? core.filter((t) => doc.tf(t) > 0).length / core.length : 0,
    maxLen: Math.min(Math.max(0, ...hits.map((q) => q.term.length)), 6),
    strong: Math.min(hits.filter((q) => q.idf > 4).length, 8),
    askCov: idfSum(askQ.filter(held)) / askIdf,
    bgShare: idfSum(hits.filter((q) => q.field === 'background')) / (idfSum(hits) || 1),
    capTitleCov: capTitleIdf > 0 ? capTitleMet / capTitleIdf : 0,
    nTitle: Math.min(titleQ.length, 8),
  };
  return { features, bm25: s, matched, core: core.map((term) => ({ term, met: doc.tf(term) > 0 })), bridges };
}
