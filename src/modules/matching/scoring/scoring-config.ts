import type { CapabilityKind, NeedKind } from '../../../common/domain/vocabulary.js';

/**
 * Every weight of the matcher, in one versioned place. Each match stores `version`, so a coordinator can tell which
 * rules produced it; change the version whenever a number here changes.
 */
export const SCORING = {
  version: 'tm-2026.12.5',
  /**
   * How far the sector part can lower the keyword score: × (1 − sector + sector × credit). Strong, tuned on the CSL
   * dev split: a need's field, given or inferred, should decide which of the keyword-relevant listings come first.
   */
  weights: { sector: 0.9 },
  /** Credit when the sector part is unknown: between a match and a miss. */
  unknownSectorCredit: 0.5,
  bm25: { k1: 1.2, b: 0.75 },
  /** Field weights of a capability's terms in the index. */
  fields: { title: 3, description: 1, keywords: 3 },
  /**
   * A need's terms weigh by where they stand: its title and keywords (what it asks), the sentence that asks
   * (需要…, 解决…), other text, and the company's background (我公司主要生产…), which barely counts.
   */
  needFields: { title: 3, keyword: 3, ask: 1.5, desc: 1, background: 0.3 },
  /** How much each character of a Chinese word counts beside the word itself (keyword score only). */
  characterWeight: 0.3,
  /** How much a character jieba leaves standing alone (铌及其制品) counts, in the keyword score only. */
  standaloneCharacterWeight: 1,
  /** A candidate must meet at least one of the need's `coreTerms` most specific title (or keyword) terms. */
  coreTerms: 3,
  /**
   * Vocabulary the catalogue uses together (co-occurrence, Jaccard over the listings holding each): up to `perTerm`
   * associated terms per core term, at least `minStrength` and `minShared` listings in common, among terms held by at
   * most `maxDf` listings; one may stand in for an unmet core term (shown in the explanation: 电解液 ↔ 锂电池).
   */
  associations: { perTerm: 3, minStrength: 0.12, minShared: 3, maxDf: 300 },
  /** The most terms a need's query keeps (by TF-IDF); the user's own keywords are always kept. */
  maxQueryTerms: 32,
  /**
   * The re-ranker's keyword agreement (`bm`) reads the query's first terms only (keywords, then by TF-IDF): on the
   * judged set, needs with long descriptions had their introduce-worthy pairs scored down by the many terms no answer
   * holds (held out, 10 to 16 gave strict precision 0.23–0.25 against 0.22 with the whole query; recall unchanged).
   */
  bmHeadTerms: 12,
  /** Credit for how two sector codes relate, in decreasing order. */
  sector: { same: 1, parentOrChild: 0.7, ancestorOrDescendant: 0.5, sibling: 0.1, cousin: 0 },
  factors: {
    cooperation: { overlap: 1, unspecified: 0.95, disjoint: 0.8 },
    /** TRL matters for technical problems: ready technology is easier to take into production. */
    trl: { ready: 1, high: 0.97, medium: 0.92, low: 0.85, unknown: 0.95 },
    location: { bothInHarbin: 1, otherwise: 0.9 },
  },
  /**
   * Sector inference: the nearest capabilities by keywords (the first `neighbours` of the candidate pool) vote for
   * their sectors, weighted by (score / best score)^`sharpness`; sectors under the need's own (when it gave any) and
   * with at least `minConfidence` of the vote are kept, at most `maxSectors`. `blend` is the inferred part's share
   * of the sector score when the user also gave sectors. A candidate whose keyword score is at least
   * `keepStrongest` of the best one's is never scaled below an unknown sector's factor by the inference.
   */
  inference: { neighbours: 10, sharpness: 12, minConfidence: 0.1, maxSectors: 3, blend: 0.9, keepStrongest: 0.65 },
  /**
   * The ranking score: rel^keywordBlend × sector factor × factors. The ranker's probability decides whether a pair
   * is suggested (the floor) and its band; within a band, the need's field (given or inferred) and the strength of the
   * words relative to its best candidate decide the order (tuned on the CSL dev split). The probability once entered
   * this product too (to the power 0.15): measured without it, the held-out judged figures and the CSL dev split were
   * both as good or better (CSL dev MRR@10 0.983 → 0.985 with the category given, 0.979 → 0.981 without).
   */
  keywordBlend: 0.7,
  /** Suggestions kept per need (above the ranker's floor), and near misses kept when none clears it. */
  topK: 20,
  nearMisses: 5,
  /** Candidates fully scored per need after the index's first pass. */
  candidatePool: 200,
} as const;

export type ScoringConfig = typeof SCORING;

/** Which capability kinds can answer which need kinds (PRODUCT.md). */
export const COMPATIBLE_KINDS: Record<NeedKind, readonly CapabilityKind[]> = {
  technical_problem: ['achievement', 'patent', 'expertise', 'platform'],
  talent: ['expertise'],
  equipment_access: ['equipment', 'platform'],
  testing: ['service', 'equipment'],
  joint_rnd: ['achievement', 'patent', 'expertise', 'equipment', 'service', 'platform'],
};

export function kindsCompatible(need: NeedKind, capability: CapabilityKind): boolean {
  return COMPATIBLE_KINDS[need].includes(capability);
}
