import { buildQuery, type CapabilityMeta, type CapabilityProfile, type NeedProfile } from '../scoring/profiles.js';
import { pairScore, scorePair, scoringContext, type ScoredPair, type ScoringContext } from '../scoring/pair-score.js';
import { SCORING, kindsCompatible } from '../scoring/scoring-config.js';
import { inferSectors } from '../scoring/sector-inference.js';
import type { ParentOf } from '../scoring/sector-similarity.js';
import { InvertedIndex } from './inverted-index.js';

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

/**
 * What a worker holds in memory: the active capabilities (the catalogue the needs are ranked against) and the
 * open needs (to find which needs a new capability may suit). Pure: loading and syncing live in the service.
 */
export class CatalogIndex {
  readonly capabilities = new InvertedIndex<CapabilityMeta>();
  readonly needs = new InvertedIndex<NeedMeta>();
  private parentOf: ParentOf = () => null;
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
    const { terms, ...meta } = n;
    if (n.status === 'open') this.needs.upsert(n.id, terms, meta);
    else this.needs.remove(n.id);
  }

  removeNeed(id: string): void {
    this.seen.set(id, Number.POSITIVE_INFINITY);
    this.needs.remove(id);
  }

  /**
   * The best capabilities for a need, best first: the index's BM25 pass picks a pool of candidates among
   * compatible kinds, and each is then scored in full (sectors and factors). `exclude` holds capabilities whose
   * pairing with this need a coordinator has already reviewed.
   */
  rank(need: NeedProfile, k: number = SCORING.topK, exclude: ReadonlySet<string> = new Set()): RankedCapability[] {
    const base = this.contextFor(need);
    if (!base) return [];
    const pool = this.capabilities.search(
      base.query,
      SCORING.candidatePool + exclude.size,
      (c) => kindsCompatible(need.kind, c.kind) && !exclude.has(c.id),
    );
    // The nearest capabilities by keywords say which fine sectors the need is about (see sector-inference.ts).
    const inferred = inferSectors(
      need.sectors,
      pool.map((h) => ({ score: h.score, sectors: h.payload.sectors })),
      this.parentOf,
    );
    const ctx = inferred.length ? { ...base, inferredSectors: inferred, topKeywordScore: pool[0]?.score } : base;
    // Every candidate is scored; only those kept are explained (the score is the same either way).
    const scored: Array<{ hit: (typeof pool)[number]; score: number }> = [];
    for (const hit of pool) {
      const doc = this.capabilities.document(hit.id);
      const score = doc ? pairScore(need, { profile: doc.payload, tf: doc.tf, length: doc.length }, ctx) : null;
      if (score !== null && score >= SCORING.minScore) scored.push({ hit, score });
    }
    scored.sort((a, b) => b.score - a.score || (a.hit.id < b.hit.id ? -1 : 1));
    const out: RankedCapability[] = [];
    for (const { hit } of scored.slice(0, k)) {
      const pair = this.scoreWith(need, ctx, hit.id);
      if (pair) out.push({ capabilityId: hit.id, capabilityVersion: hit.payload.version, ...pair });
    }
    return out;
  }

  /** The score of one pairing, as `rank` would give it (null when the capability is not indexed or cannot match). */
  score(need: NeedProfile, capabilityId: string): ScoredPair | null {
    const ctx = this.contextFor(need);
    return ctx ? this.scoreWith(need, ctx, capabilityId) : null;
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
        ctx = this.contextFor({ ...hit.payload, terms: this.needs.termsOf(hit.id) });
        queries.set(hit.id, ctx);
      }
      const scored = ctx ? this.scoreWith(hit.payload, ctx, capabilityId) : null;
      if (scored) out.push({ needId: hit.id, needVersion: hit.payload.version, ...scored });
    }
    return out;
  }

  /** A need's query and scoring context against the catalogue as it is now, or null when nothing can match it. */
  contextFor(need: Pick<NeedProfile, 'terms' | 'keywordTerms'>): ScoringContext | null {
    const query = buildQuery(need, this.capabilityStats());
    return query.length ? scoringContext(query, this.capabilities.avgLength, this.parentOf) : null;
  }

  /** One pairing scored with a context from `contextFor`. */
  scoreWith(need: NeedMeta, ctx: ScoringContext, capabilityId: string): ScoredPair | null {
    const doc = this.capabilities.document(capabilityId);
    if (!doc) return null;
    const scored = scorePair(need, { profile: doc.payload, tf: doc.tf, length: doc.length }, ctx);
    return scored && scored.score >= SCORING.minScore ? scored : null;
  }

  private capabilityStats() {
    return {
      documentCount: this.capabilities.documentCount,
      documentFrequency: (t: string) => this.capabilities.documentFrequency(t),
    };
  }
}
