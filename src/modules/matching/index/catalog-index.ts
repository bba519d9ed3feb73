import { coreTerms, type Association } from '../scoring/pair-features.js';
import {
  buildQuery,
  isMatchingTerm,
  sameListing,
  titleTermsOf,
  type CapabilityMeta,
  type CapabilityProfile,
  type NeedProfile,
} from '../scoring/profiles.js';
import { shippedModel, type RankerModel } from '../ranker/ranker.js';
import type { QueryTerm } from '../scoring/bm25.js';
import { scorePair, type ScoredPair, type ScoringContext } from '../scoring/pair-score.js';
import { SCORING, kindsCompatible } from '../scoring/scoring-config.js';
import { inferSectors } from '../scoring/sector-inference.js';
import type { ParentOf } from '../scoring/sector-similarity.js';
import { InvertedIndex, type Hit } from './inverted-index.js';

/** What the index keeps of a listing besides its terms (the terms live in the index's own arrays). */
export type NeedMeta = Omit<NeedProfile, 'terms'>;

export interface RankedCapability extends ScoredPair {
  capabilityId: string;
  capabilityVersion: number;
}

export interface ScoredNeed extends ScoredPair {
  needId: string;
  needVersion: number;
}

/** A candidate below the floor, kept for a need with no suggestion (shown on request). */
export interface NearMiss {
  capabilityId: string;
  score: number;
  probability: number;
  summary: { zh: string; en: string };
}

export interface NeedRanking {
  ranked: RankedCapability[];
  nearMisses: NearMiss[];
}

/**
 * What a worker holds in memory: the active capabilities (the catalogue the needs are ranked against) and the
 * open needs (to find which needs a new capability may suit). Pure: loading and syncing live in the service.
 */
export class CatalogIndex {
  readonly capabilities = new InvertedIndex<CapabilityMeta>();
  readonly needs = new InvertedIndex<NeedMeta>();
  private parentOf: ParentOf = () => null;
  /**
   * Each open need's best BM25 among the catalogue when it was last ranked (the `rel` feature's yardstick), so that
   * placing a capability among a thousand needs does not search the catalogue for each of them. A capability that
   * beats it gets rel 1; the next ranking of the need brings it up to date.
   */
  private readonly bestOf = new Map<string, number>();
  private readonly contextCache = new Map<
    string,
    { version: number; size: number; model: RankerModel; parentOf: ParentOf; ctx: ScoringContext | null }
  >();
  private readonly associationCache = new Map<
    string,
    { size: number; list: Array<{ term: string; strength: number }> }
  >();
  /** The re-ranker in use (the active model of ranker_models, or the shipped one). */
  model: RankerModel = shippedModel();
  /** The newest version seen of every listing (removed ones too), so an older read never undoes a newer one. */
  private readonly seen = new Map<string, number>();

  /** Records a version; false when an equal or newer one was already applied. */
  private fresh(id: string, version: number): boolean {
    const known = this.seen.get(id);
    if (known !== undefined && known >= version) return false;
    this.seen.set(id, version);
    return true;
  }

  /** Whether this version of a listing (or a newer one) was already applied. */
  holds(id: string, version: number): boolean {
    const known = this.seen.get(id);
    return known !== undefined && known >= version;
  }

  setSectorTree(parentOf: ParentOf): void {
    this.parentOf = parentOf;
  }

  /** Active capabilities are indexed; withdrawn ones leave the index. */
  putCapability(c: CapabilityProfile): void {
    if (!this.fresh(c.id, c.version)) return;
    const { terms, ...meta } = c;
    if (c.status === 'active') this.capabilities.upsert(c.id, terms, meta);
    else this.capabilities.remove(c.id);
  }

  /** The listing is gone from PostgreSQL: nothing older may bring it back. */
  removeCapability(id: string): void {
    this.seen.set(id, Number.POSITIVE_INFINITY);
    this.capabilities.remove(id);
  }

  /** Open needs are indexed; paused and closed ones leave the index. */
  putNeed(n: NeedProfile): void {
    if (!this.fresh(n.id, n.version)) return;
    // A changed need's best candidate and context were worked out for its old text.
    this.bestOf.delete(n.id);
    this.contextCache.delete(n.id);
    const { terms, ...meta } = n;
    if (n.status === 'open') this.needs.upsert(n.id, terms, meta);
    else this.needs.remove(n.id);
  }

  removeNeed(id: string): void {
    this.bestOf.delete(id);
    this.contextCache.delete(id);
    this.seen.set(id, Number.POSITIVE_INFINITY);
    this.needs.remove(id);
  }

  /** The suggestions for a need (above the floor), best first; see `rankWithNearMisses`. */
  rank(need: NeedProfile, k: number = SCORING.topK, exclude: ReadonlySet<string> = new Set()): RankedCapability[] {
    return this.rankWithNearMisses(need, k, exclude).ranked;
  }

  /**
   * Ranks a need: the index's BM25 pass picks a pool of candidates among compatible kinds, each is scored by the
   * re-ranker (and scaled by sectors and factors), identical listings are collapsed into their best, and those above
   * the floor are kept. When none is, the closest candidates below it are returned as near misses. `exclude` holds
   * capabilities whose pairing with this need a coordinator has already reviewed.
   */
  rankWithNearMisses(
    need: NeedProfile,
    k: number = SCORING.topK,
    exclude: ReadonlySet<string> = new Set(),
  ): NeedRanking {
    const accept = (c: CapabilityMeta) => kindsCompatible(need.kind, c.kind) && !exclude.has(c.id);
    let pool: Array<Hit<CapabilityMeta>> = [];
    // The pool is searched once; its best is the need's best candidate unless a reviewed one was left out of it.
    const base = this.contextFor(need, (query) => {
      pool = this.capabilities.search(query, SCORING.candidatePool + exclude.size, accept);
      const best = exclude.size
        ? (this.capabilities.search(query, 1, (c) => kindsCompatible(need.kind, c.kind))[0]?.score ?? 0)
        : (pool[0]?.score ?? 0);
      this.bestOf.set(need.id, best);
      return best;
    });
    if (!base) return { ranked: [], nearMisses: [] };
    // The nearest capabilities by keywords say which fine sectors the need is about (see sector-inference.ts).
    const inferred = inferSectors(
      need.sectors,
      pool.map((h) => ({ score: h.score, sectors: h.payload.sectors })),
      this.parentOf,
    );
    const ctx: ScoringContext = inferred.length
      ? { ...base, inferredSectors: inferred, topKeywordScore: pool[0]?.score }
      : base;
    // Scored without explanations (they are built only for the pairs kept, when read).
    const scored: Array<{ pair: RankedCapability; listing: CapabilityMeta }> = [];
    for (const hit of pool) {
      const pair = this.scoreWith(need, ctx, hit.id, true);
      if (!pair) continue;
      const ranked = Object.assign(pair, { capabilityId: hit.id, capabilityVersion: hit.payload.version });
      scored.push({ pair: ranked, listing: hit.payload });
    }
    // Suggestible pairs first: a low-band suggestion and a pair below the floor share one score range, and the leader
    // of a group of identical listings must be the one that can be suggested.
    scored.sort(
      (a, b) =>
        Number(b.pair.suggestible) - Number(a.pair.suggestible) ||
        b.pair.score - a.pair.score ||
        (a.pair.capabilityId < b.pair.capabilityId ? -1 : 1),
    );
    // The same listing posted twice (same title, nearly the same text) is shown once, with the others named.
    const leaders: Array<{ listing: CapabilityMeta; others: string[]; pair: RankedCapability }> = [];
    for (const { pair, listing } of scored) {
      const leader = leaders.find((l) => sameListing(l.listing, listing));
      if (leader) leader.others.push(pair.capabilityId);
      else leaders.push({ listing, others: [], pair });
    }
    const ranked: RankedCapability[] = [];
    const below: RankedCapability[] = [];
    for (const { pair, others } of leaders) {
      if (others.length && (pair.suggestible ? ranked.length < k : !ranked.length)) {
        pair.explanation = { ...pair.explanation, duplicates: { count: others.length, capabilityIds: others } };
      }
      if (pair.suggestible) {
        if (ranked.length < k) ranked.push(pair);
      } else below.push(pair);
    }
    // Near misses only for a need with no suggestion: the closest by probability, with their sentence.
    const nearMisses: NearMiss[] = ranked.length
      ? []
      : below
          .sort((a, b) => b.probability - a.probability || (a.capabilityId < b.capabilityId ? -1 : 1))
          .slice(0, SCORING.nearMisses)
          .map((p) => ({
            capabilityId: p.capabilityId,
            score: p.score,
            probability: p.probability,
            summary: p.explanation.summary,
          }));
    return { ranked, nearMisses };
  }

  /**
   * Open needs a capability may suit, each scored as `rank` would score the pair: the needs index finds those
   * sharing the capability's terms, then each pairing is scored from the need's side. `queries` caches each need's
   * query across the capabilities of one job (the catalogue's statistics do not change within it).
   */
  needsFor(capabilityId: string, queries: Map<string, ScoringContext | null> = new Map(), limit = 1000): ScoredNeed[] {
    const doc = this.capabilities.document(capabilityId);
    if (!doc) return [];
    const cap = doc.payload;
    const hits = this.needs.search(this.needs.queryFor(this.capabilities.termsOf(capabilityId)), limit, (n) =>
      kindsCompatible(n.kind, cap.kind),
    );
    const out: ScoredNeed[] = [];
    for (const hit of hits) {
      let ctx = queries.get(hit.id);
      if (ctx === undefined) {
        ctx = this.placementContext(hit.payload);
        queries.set(hit.id, ctx);
      }
      const scored = ctx ? this.scoreWith(hit.payload, ctx, capabilityId) : null;
      // Assigned, not spread: spreading would build every pair's (lazy) explanation.
      if (scored) out.push(Object.assign(scored, { needId: hit.id, needVersion: hit.payload.version }));
    }
    return out;
  }

  /**
   * A need's query and scoring context against the catalogue as it is now, or null when nothing can match it. The
   * need's best candidate (the `rel` feature's yardstick) is looked up once per context.
   */
  contextFor(
    need: Pick<NeedProfile, 'terms' | 'keywordTerms' | 'termFields' | 'title' | 'kind'> & { id?: string },
    topBm25?: (query: QueryTerm[]) => number,
  ): ScoringContext | null {
    const stats = this.capabilityStats();
    const query = buildQuery(need, stats);
    if (!query.length) return null;
    const core = coreTerms(titleTermsOf(need, stats));
    // Associated terms are not added to the query (measured: they brought more noise into the pool than answers);
    // they let a pair meet an unmet core term, and the re-ranker weighs that.
    let associations: Association[] | null = null;
    const top =
      topBm25?.(query) ??
      (need.id !== undefined ? this.bestOf.get(need.id) : undefined) ??
      this.capabilities.search(query, 1, (c) => kindsCompatible(need.kind, c.kind))[0]?.score ??
      0;
    return {
      query,
      avgDocLength: this.capabilities.avgLength,
      parentOf: this.parentOf,
      model: this.model,
      needTitle: need.title,
      core,
      associations: () => (associations ??= this.associationsOf(core, need.terms)),
      topBm25: top,
    };
  }

  /**
   * An open need's context for placing capabilities, kept between jobs: a need's query, core terms and best candidate
   * move little when a few listings arrive, so a context is reused until the need changes, the model changes or the
   * catalogue has grown or shrunk by 1 % (at least 50). Its own ranking always starts afresh.
   */
  placementContext(need: NeedMeta): ScoringContext | null {
    const size = this.capabilities.documentCount;
    const known = this.contextCache.get(need.id);
    if (
      known &&
      known.version === need.version &&
      known.model === this.model &&
      known.parentOf === this.parentOf &&
      Math.abs(known.size - size) <= Math.max(50, size / 100)
    ) {
      return known.ctx;
    }
    const ctx = this.contextFor({ ...need, terms: this.needs.termsOf(need.id) });
    if (this.contextCache.size > 200_000) this.contextCache.clear();
    this.contextCache.set(need.id, { version: need.version, size, model: this.model, parentOf: this.parentOf, ctx });
    return ctx;
  }

  /** One pairing scored with a context from `contextFor`; null unless suggestible (or `all`). */
  scoreWith(need: NeedMeta, ctx: ScoringContext, capabilityId: string, all = false): ScoredPair | null {
    const doc = this.capabilities.document(capabilityId);
    if (!doc) return null;
    const scored = scorePair(need, { profile: doc.payload, tf: doc.tf, length: doc.length }, ctx);
    return scored && (all || scored.suggestible) ? scored : null;
  }

  /**
   * For each core term, the terms the catalogue's listings use with it (not the need's own terms, nor parts of or
   * compounds with the core term: 电池 always keeps company with 锂电池).
   */
  private associationsOf(core: readonly string[], needTerms: ReadonlyMap<string, number>): Association[] {
    const A = SCORING.associations;
    const out: Association[] = [];
    for (const needTerm of core) {
      const found = this.associatedTerms(needTerm).filter((f) => !needTerms.has(f.term));
      for (const f of found.slice(0, A.perTerm)) {
        if (f.strength >= A.minStrength) out.push({ needTerm, term: f.term, strength: f.strength });
      }
    }
    return out;
  }

  /**
   * The terms the catalogue uses with `term`, kept per term: co-occurrence is a statistic of the whole catalogue that
   * a few new listings barely move, so a list is reused until the catalogue has grown or shrunk by 1 % (at least 50).
   */
  private associatedTerms(term: string): Array<{ term: string; strength: number }> {
    const A = SCORING.associations;
    const size = this.capabilities.documentCount;
    const known = this.associationCache.get(term);
    if (known && Math.abs(known.size - size) <= Math.max(50, size / 100)) return known.list;
    const list = this.capabilities.associated(term, A.perTerm + 4, {
      minShared: A.minShared,
      maxDf: A.maxDf,
      accept: (t) => isMatchingTerm(t) && !t.includes(term) && !term.includes(t),
    });
    if (this.associationCache.size > 50_000) this.associationCache.clear();
    this.associationCache.set(term, { size, list });
    return list;
  }

  private capabilityStats() {
    return {
      documentCount: this.capabilities.documentCount,
      documentFrequency: (t: string) => this.capabilities.documentFrequency(t),
    };
  }
}
