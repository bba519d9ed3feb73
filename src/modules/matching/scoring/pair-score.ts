import { keywordCeiling, termScore, type QueryTerm } from './bm25.js';
import { cooperationFactor, locationFactor, trlFactor, type Factor } from './factors.js';
import type { CapabilityMeta, NeedProfile } from './profiles.js';
import { SCORING, kindsCompatible } from './scoring-config.js';
import { sectorSimilarity, type ParentOf, type SectorMatch } from './sector-similarity.js';

export interface MatchedTerm {
  term: string;
  /** The term's weight in the need's query (its TF-IDF, before the document is considered). */
  weight: number;
  /** Its share of the keyword score. */
  contribution: number;
}

export interface Explanation {
  algorithmVersion: string;
  score: number;
  keyword: { score: number; weight: number; terms: MatchedTerm[] };
  /** `factor` = 1 − weight + weight × score: how much the sector part scales the keyword score. */
  sector: {
    score: number | null;
    weight: number;
    factor: number;
    matched: SectorMatch[];
    inferred: Array<{ ref: string; confidence: number }>;
  };
  factors: { kind: Factor; cooperation: Factor; trl: Factor; location: Factor };
}

export interface ScoredPair {
  score: number;
  explanation: Explanation;
}

/** What scoring needs from a capability document: its term frequencies and length. */
export interface DocumentView {
  profile: CapabilityMeta;
  tf: (term: string) => number;
  length: number;
}

export interface ScoringContext {
  query: readonly QueryTerm[];
  ceiling: number;
  avgDocLength: number;
  parentOf: ParentOf;
  inferredSectors?: ReadonlyArray<{ ref: string; confidence: number }>;
  /**
   * The best keyword (BM25) score among the candidates, when the sectors were inferred: a listing whose own words
   * meet the need almost as well as the best is not pushed down by an inference that may be wrong.
   */
  topKeywordScore?: number;
}

export function scoringContext(
  query: readonly QueryTerm[],
  avgDocLength: number,
  parentOf: ParentOf,
  inferredSectors?: ReadonlyArray<{ ref: string; confidence: number }>,
): ScoringContext {
  return { query, ceiling: keywordCeiling(query), avgDocLength, parentOf, inferredSectors };
}

const round = (x: number, places = 4) => Math.round(x * 10 ** places) / 10 ** places;

interface PairParts {
  score: number;
  keyword: number;
  sector: ReturnType<typeof sectorSimilarity>;
  sectorFactor: number;
  factors: Explanation['factors'];
  terms: MatchedTerm[];
}

/**
 * The parts of a pairing's score; the matched terms are listed only when `explain` (ranking scores many candidates
 * and explains only those it keeps, and the score is the same either way).
 */
function pairParts(
  need: Omit<NeedProfile, 'terms' | 'keywordTerms'>,
  doc: DocumentView,
  ctx: ScoringContext,
  explain: boolean,
): PairParts | null {
  if (!kindsCompatible(need.kind, doc.profile.kind)) return null;
  const terms: MatchedTerm[] = [];
  let bm25 = 0;
  for (const q of ctx.query) {
    const s = termScore(q, doc.tf(q.term), doc.length, ctx.avgDocLength);
    if (s <= 0) continue;
    bm25 += s;
    if (explain) {
      terms.push({
        term: q.term,
        weight: round(q.weight * q.idf, 3),
        contribution: ctx.ceiling > 0 ? s / ctx.ceiling : 0,
      });
    }
  }
  const keyword = ctx.ceiling > 0 ? Math.min(1, bm25 / ctx.ceiling) : 0;
  const sector = sectorSimilarity(need.sectors, doc.profile.sectors, ctx.parentOf, ctx.inferredSectors);
  // The sector part scales the keyword evidence rather than adding to it: sharing a broad field (制造业) is no
  // reason to suggest a listing that shares no words with the need.
  const ws = SCORING.weights.sector;
  let sectorFactor = 1 - ws + ws * (sector.score ?? SCORING.unknownSectorCredit);
  if (ctx.topKeywordScore && bm25 >= SCORING.inference.keepStrongest * ctx.topKeywordScore) {
    sectorFactor = Math.max(sectorFactor, 1 - ws + ws * SCORING.unknownSectorCredit);
  }
  const base = keyword * sectorFactor;
  const factors = {
    kind: { value: 1, reason: `${need.kind} ↔ ${doc.profile.kind}：类型相符 / kinds match` },
    cooperation: cooperationFactor(need.cooperationModes, doc.profile.cooperationModes),
    trl: trlFactor(need.kind, doc.profile.trl),
    location: locationFactor(need.district, doc.profile.district),
  };
  const score = round(
    Math.min(1, Math.max(0, base * factors.cooperation.value * factors.trl.value * factors.location.value)),
  );
  return { score, keyword, sector, sectorFactor, factors, terms };
}

/** The score of one pairing alone, exactly as `scorePair` gives it (null when the kinds cannot match). */
export function pairScore(
  need: Omit<NeedProfile, 'terms' | 'keywordTerms'>,
  doc: DocumentView,
  ctx: ScoringContext,
): number | null {
  return pairParts(need, doc, ctx, false)?.score ?? null;
}

/**
 * The score of one need ↔ capability pairing in [0, 1], with its explanation, or null when the kinds cannot
 * match: keyword × (1 − w_s + w_s × sector) × cooperation × TRL × location. An unknown sector part (either side
 * without a sector, or schemes that do not meet) counts as `unknownSectorCredit`.
 */
export function scorePair(
  need: Omit<NeedProfile, 'terms' | 'keywordTerms'>,
  doc: DocumentView,
  ctx: ScoringContext,
): ScoredPair | null {
  const parts = pairParts(need, doc, ctx, true);
  if (!parts) return null;
  const { score, keyword, sector, sectorFactor, factors, terms } = parts;
  terms.sort((a, b) => b.contribution - a.contribution);
  return {
    score,
    explanation: {
      algorithmVersion: SCORING.version,
      score,
      keyword: {
        score: round(keyword),
        weight: 1,
        terms: terms.slice(0, 12).map((t) => ({ ...t, contribution: round(t.contribution) })),
      },
      sector: {
        score: sector.score,
        weight: SCORING.weights.sector,
        factor: round(sectorFactor),
        matched: sector.matched,
        inferred: [...(ctx.inferredSectors ?? [])],
      },
      factors,
    },
  };
}
