import { bandOf, rankerScore, type Band, type RankerModel } from '../ranker/ranker.js';
import type { QueryTerm } from './bm25.js';
import { cooperationFactor, locationFactor, trlFactor, type Factor } from './factors.js';
import { PAIR_FEATURES, pairEvidence, type Association, type PairEvidence, type PairFeature } from './pair-features.js';
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
  /** In a sentence: why this pair, and why not higher. */
  summary: { zh: string; en: string };
  band: Band;
  ranker: {
    version: string;
    /** The re-ranker's probability that a coordinator would introduce the pair. */
    probability: number;
    /** Whether the pair meets the need's core terms (a pair that does not is never suggested). */
    coreMet: boolean;
    /** What the band means, measured on the judged set: its share of introduce-worthy (and related) pairs. */
    bandPrecision?: { strict: number; lenient: number; pairs: number };
    features: Record<string, number>;
    contributions: Array<{ feature: string; labelZh: string; labelEn: string; value: number; contribution: number }>;
  };
  keyword: { score: number; weight: number; terms: MatchedTerm[]; core: Array<{ term: string; met: boolean }> };
  /** `factor` = 1 − weight + weight × score: how much the sector part scales the ranking score. */
  sector: {
    score: number | null;
    weight: number;
    factor: number;
    matched: SectorMatch[];
    inferred: Array<{ ref: string; confidence: number }>;
  };
  factors: { kind: Factor; cooperation: Factor; trl: Factor; location: Factor };
  /** Vocabulary bridges: an unmet core term of the need, met through a term the catalogue uses with it. */
  associations: Array<{ needTerm: string; capabilityTerm: string; strength: number }>;
  /** Identical listings (same normalised title and text) collapsed into this suggestion: 另有 N 项相同成果. */
  duplicates?: { count: number; capabilityIds: string[] };
}

export interface ScoredPair {
  /** The ranking score: the band first, then keyword strength scaled by the sector part and the other factors. */
  score: number;
  probability: number;
  band: Band;
  /** Above the model's floor and meeting the need's core terms: written as a suggestion. */
  suggestible: boolean;
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
  avgDocLength: number;
  parentOf: ParentOf;
  model: RankerModel;
  needTitle: string;
  /** The need's core terms (pair-features.ts coreTerms): a pair must meet one (or an associated term) to be suggested. */
  core: string[];
  /** Terms the catalogue uses together with the core terms (computed when first asked for, then kept). */
  associations: () => Association[];
  /** The best BM25 among the need's candidates (the `rel` feature); 0 when not known. */
  topBm25: number;
  inferredSectors?: ReadonlyArray<{ ref: string; confidence: number }>;
  /**
   * The best keyword (BM25) score among the candidates, when the sectors were inferred: a listing whose own words
   * meet the need almost as well as the best is not pushed down by an inference that may be wrong.
   */
  topKeywordScore?: number;
}

const BAND_ORDER: Record<Band, number> = { low: 0, medium: 1, high: 2 };

const round = (x: number, places = 4) => Math.round(x * 10 ** places) / 10 ** places;

const quote = (terms: string[]) => terms.map((t) => `「${t}」`).join('');

/** The explanation's sentence: what the pair meets on, and what held it back. */
function summarize(
  evidence: PairEvidence,
  contributions: Explanation['ranker']['contributions'],
  band: Band,
  suggestible: boolean,
  coreMet: boolean,
): { zh: string; en: string } {
  const core = evidence.core.filter((c) => c.met).map((c) => c.term);
  const bridged = evidence.bridges.map((b) => `${b.needTerm}↔${b.capabilityTerm}`);
  const inTitle = evidence.matched.filter((m) => m.inTitle).map((m) => m.term);
  const other = evidence.matched
    .filter((m) => !m.inTitle)
    .sort((a, b) => b.share - a.share)
    .map((m) => m.term);
  const why =
    !core.length && bridged.length
      ? {
          zh: `需求核心词经目录中的关联词相合（${bridged.slice(0, 2).join('，')}）`,
          en: `the need's core terms meet through associated vocabulary (${bridged.slice(0, 2).join(', ')})`,
        }
      : core.length
        ? {
            zh: `需求的核心词${quote(core.slice(0, 3))}${inTitle.some((t) => core.includes(t)) ? '见于成果标题' : '见于成果描述'}`,
            en: `the need's core term(s) ${core.slice(0, 3).join(', ')} appear in the achievement's ${inTitle.some((t) => core.includes(t)) ? 'title' : 'description'}`,
          }
        : {
            zh: `仅在${quote([...inTitle, ...other].slice(0, 3))}上相合，未及需求核心词`,
            en: `meets only on ${[...inTitle, ...other].slice(0, 3).join(', ') || 'little'}, not on the need's core terms`,
          };
  const also = core.length ? inTitle.filter((t) => !core.includes(t)).slice(0, 3) : [];
  const weakest = contributions.filter((c) => c.contribution < 0).slice(0, 2);
  const limit =
    band === 'high'
      ? { zh: '', en: '' }
      : weakest.length
        ? {
            zh: `；未更高：${weakest.map((c) => c.labelZh).join('、')}偏弱`,
            en: `; not higher: weak on ${weakest.map((c) => c.labelEn).join(' and ')}`,
          }
        : { zh: '', en: '' };
  const via =
    core.length && bridged.length
      ? { zh: `，并经关联词${bridged.slice(0, 2).join('，')}相合`, en: `; also via ${bridged.slice(0, 2).join(', ')}` }
      : { zh: '', en: '' };
  const verdict = !coreMet
    ? { zh: '（未达推荐条件）', en: ' (not suggested)' }
    : !suggestible
      ? { zh: '（低于推荐门槛）', en: ' (below the floor)' }
      : { zh: '', en: '' };
  return {
    zh: `${why.zh}${also.length ? `，另有${quote(also)}相合` : ''}${via.zh}${limit.zh}${verdict.zh}。`,
    en: `${why.en}${also.length ? `; also ${also.join(', ')}` : ''}${via.en}${limit.en}${verdict.en}.`,
  };
}

/**
 * The score of one need ↔ capability pairing, with its explanation, or null when the kinds cannot match. The
 * re-ranker's probability (ranker.ts over pair-features.ts) says how likely a coordinator is to introduce the pair,
 * which decides the band; within a band, the keyword strength scaled by the sector part (given or inferred) and the
 * cooperation, TRL and location factors decides the order. A pair is suggested only when it meets the need's core terms and its probability clears the floor.
 */
export function scorePair(
  need: Pick<NeedProfile, 'kind' | 'sectors' | 'cooperationModes' | 'district'>,
  doc: DocumentView,
  ctx: ScoringContext,
): ScoredPair | null {
  if (!kindsCompatible(need.kind, doc.profile.kind)) return null;
  const evidence = pairEvidence(
    ctx.needTitle,
    ctx.core,
    ctx.query,
    { title: doc.profile.title, titleTerms: doc.profile.titleTerms, tf: doc.tf, length: doc.length },
    ctx.avgDocLength,
    ctx.topBm25,
    ctx.associations,
  );
  // A floor of 0 (MATCH_FLOOR=0) turns every relevance decision off: each candidate the index finds is ranked, core
  // terms or not, single characters too (the ranking as the CSL protocol measures it). Otherwise a pair that meets
  // the need on single characters only is no pair at all.
  const floorOff = ctx.model.floor <= 0;
  if (!evidence.matched.length && !floorOff) return null;
  // Only the need's own core terms let a pair be suggested. Associated vocabulary (catalogue co-occurrence) is shown
  // for a pair that misses them, but does not stand in for them: measured on the judged set and read pair by pair, it
  // bridged parts of one compound (智能 ↔ 人工, from 人工智能) more often than real vocabulary gaps.
  const coreMet = evidence.features.coreHit > 0;
  const out = rankerScore(ctx.model, evidence.features);
  // A pair that misses the need's core terms is never suggested; it keeps a quarter of its probability so that
  // it can still be listed among the near misses of a need with no suggestion.
  const probability = round(coreMet || floorOff ? out.probability : out.probability / 4);
  const sector = sectorSimilarity(need.sectors, doc.profile.sectors, ctx.parentOf, ctx.inferredSectors);
  // The sector part scales the ranking rather than the probability: sharing a broad field (制造业) is no reason
  // to suggest a listing, but among suggestions the need's field (given or inferred) decides which come first.
  const ws = SCORING.weights.sector;
  let sectorFactor = 1 - ws + ws * (sector.score ?? SCORING.unknownSectorCredit);
  if (ctx.topKeywordScore && evidence.bm25 >= SCORING.inference.keepStrongest * ctx.topKeywordScore) {
    sectorFactor = Math.max(sectorFactor, 1 - ws + ws * SCORING.unknownSectorCredit);
  }
  const factors = {
    kind: { value: 1, reason: `${need.kind} ↔ ${doc.profile.kind}：类型相符 / kinds match` },
    cooperation: cooperationFactor(need.cooperationModes, doc.profile.cooperationModes),
    trl: trlFactor(need.kind, doc.profile.trl),
    location: locationFactor(need.district, doc.profile.district),
  };
  const composite = Math.min(
    1,
    Math.max(
      0,
      evidence.features.rel ** SCORING.keywordBlend *
        sectorFactor *
        factors.cooperation.value *
        factors.trl.value *
        factors.location.value,
    ),
  );
  const band = bandOf(ctx.model, probability);
  const suggestible = floorOff || (coreMet && probability >= ctx.model.floor);
  // With the floor on, the band leads the order (a 高 suggestion is never listed under a 低 one, whatever the
  // sectors say): high in [2/3, 1], medium in [1/3, 2/3), low and near misses below; the composite orders within.
  const score = round(floorOff ? composite : ((suggestible ? BAND_ORDER[band] : 0) + composite) / 3);
  // The explanation is built only for pairs someone reads (a ranking scores 200 candidates and keeps 20).
  const explain = (): Explanation => {
    const contributions = out
      .contributions()
      .slice(0, 8)
      .map((c) => ({
        feature: c.feature,
        labelZh: PAIR_FEATURES[c.feature as PairFeature]?.zh ?? c.feature,
        labelEn: PAIR_FEATURES[c.feature as PairFeature]?.en ?? c.feature,
        value: round(c.value, 3),
        contribution: round(c.contribution, 3),
      }));
    const terms = evidence.matched
      .map((m) => {
        const q = ctx.query.find((x) => x.term === m.term)!;
        return { term: m.term, weight: round(q.weight * q.idf, 3), contribution: round(m.share) };
      })
      .sort((a, b) => b.contribution - a.contribution)
      .slice(0, 12);
    return {
      algorithmVersion: SCORING.version,
      score,
      summary: summarize(evidence, contributions, band, suggestible, coreMet),
      band,
      ranker: {
        version: ctx.model.version,
        probability,
        coreMet,
        ...(ctx.model.bandPrecision ? { bandPrecision: ctx.model.bandPrecision[band] } : {}),
        features: Object.fromEntries(Object.entries(evidence.features).map(([k, v]) => [k, round(v, 4)])),
        contributions,
      },
      keyword: { score: round(evidence.features.bm), weight: 1, terms, core: evidence.core },
      associations: evidence.bridges.map((b) => ({ ...b, strength: round(b.strength, 3) })),
      sector: {
        score: sector.score,
        weight: SCORING.weights.sector,
        factor: round(sectorFactor),
        matched: sector.matched,
        inferred: [...(ctx.inferredSectors ?? [])],
      },
      factors,
    };
  };
  return withLazyExplanation({ score, probability, band, suggestible }, explain);
}

/** A scored pair whose explanation is built on first read (and may be replaced, e.g. to add its duplicates). */
function withLazyExplanation(pair: Omit<ScoredPair, 'explanation'>, build: () => Explanation): ScoredPair {
  let built: Explanation | null = null;
  return Object.defineProperty(pair, 'explanation', {
    get: () => (built ??= build()),
    set: (value: Explanation) => {
      built = value;
    },
    enumerable: true,
    configurable: true,
  }) as ScoredPair;
}
