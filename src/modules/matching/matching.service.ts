import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { loadCapabilities, loadNeeds } from './catalog-loader.js';
import { CatalogIndexService } from './catalog-index.service.js';
import { MatchesRepository, type PairWrite } from './matches.repository.js';
import type { CatalogChangePayload } from './matching-jobs.js';
import { RematchRunsService } from './rematch-runs.service.js';
import { SuggestionsService } from './suggestions.service.js';
import type { ScoringContext } from './scoring/pair-score.js';
import { sameListing } from './scoring/profiles.js';
import { SCORING } from './scoring/scoring-config.js';

/** Needs ranked and written per transaction. */
const RANK_SLICE = 100;

export interface MatchingOutcome {
  /** Needs or capabilities handled. */
  items: number;
  /** Suggestions written. */
  suggestions: number;
}

/** The matching worker's use cases: rank needs, place capabilities, and keep suggestions in step with listings. */
@Injectable()
export class MatchingService {
  constructor(
    private readonly catalog: CatalogIndexService,
    private readonly matches: MatchesRepository,
    private readonly suggestions: SuggestionsService,
    private readonly rematches: RematchRunsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * One chunk of a rematch: its needs ranked (or capabilities placed) and the chunk marked done, once. A chunk
   * already done (a redelivered job, a worker that died after finishing) does nothing.
   */
  async rematchChunk(runId: string, chunkNo: number, worker: string): Promise<MatchingOutcome | { skipped: string }> {
    const chunk = await this.rematches.startChunk(runId, chunkNo);
    if (!chunk) return { skipped: 'already done' };
    // A rematch follows a model change: its chunks must not score with the model it replaced.
    await this.catalog.useActiveModel(true);
    const outcome =
      chunk.kind === 'needs' ? await this.rankNeeds(chunk.itemIds) : await this.placeCapabilities(chunk.itemIds);
    await this.rematches.finishChunk(runId, chunkNo, outcome.suggestions, worker);
    return outcome;
  }

  /** Needs were created, changed or deleted. Open ones are ranked; the others lose their suggestions. */
  async needsChanged(change: CatalogChangePayload): Promise<MatchingOutcome> {
    await this.catalog.ready();
    if (change.op === 'delete') {
      for (const id of change.ids) this.catalog.index.removeNeed(id);
      return { items: change.ids.length, suggestions: 0 };
    }
    return this.rankNeeds(change.ids);
  }

  /**
   * Ranks needs afresh from PostgreSQL's current rows and writes their top suggestions, a slice of needs per
   * transaction (a batch of 1,000 needs is not held in memory at once; a retried job ranks them all again, which is
   * harmless). Needs no longer open lose their open suggestions.
   */
  async rankNeeds(ids: string[]): Promise<MatchingOutcome> {
    const outcome: MatchingOutcome = { items: 0, suggestions: 0 };
    for (let i = 0; i < ids.length; i += RANK_SLICE) {
      const slice = await this.rankSlice(ids.slice(i, i + RANK_SLICE));
      outcome.items += slice.items;
      outcome.suggestions += slice.suggestions;
    }
    return outcome;
  }

  private async rankSlice(ids: string[]): Promise<MatchingOutcome> {
    const index = await this.catalog.readyToRank();
    const needs = await loadNeeds(this.dataSource.manager, ids);
    this.catalog.apply(needs, []);
    const found = new Set(needs.map((n) => n.id));
    for (const id of ids) if (!found.has(id)) index.removeNeed(id);
    const open = needs.filter((n) => n.status === 'open');
    await this.matches.clearNeeds(needs.filter((n) => n.status !== 'open').map((n) => n.id));
    const reviewed = await this.matches.reviewedCapabilities(open.map((n) => n.id));
    const rankings = open.map((n) => ({
      needId: n.id,
      version: n.version,
      ...index.rankWithNearMisses(n, SCORING.topK, reviewed.get(n.id)),
    }));
    const suggestions = await this.suggestions.writeRankings(rankings);
    await this.matches.refreshFacets(
      'need_id',
      needs.map((n) => n.id),
    );
    return { items: needs.length, suggestions };
  }

  /** Capabilities were created, changed or deleted. */
  async capabilitiesChanged(change: CatalogChangePayload): Promise<MatchingOutcome> {
    await this.catalog.ready();
    if (change.op === 'delete') {
      for (const id of change.ids) this.catalog.index.removeCapability(id);
      return { items: change.ids.length, suggestions: 0 };
    }
    return this.placeCapabilities(change.ids);
  }

  /**
   * Offers capabilities to the open needs they suit: each pairing is scored as the need's own ranking would score
   * it, and enters the need's suggestions only if it beats the weakest of its top 20. Pairings the capability
   * held before are re-scored, or removed when they no longer qualify.
   */
  async placeCapabilities(ids: string[]): Promise<MatchingOutcome> {
    const index = await this.catalog.readyToRank();
    const caps = await loadCapabilities(this.dataSource.manager, ids, (id, v) => index.holds(id, v));
    this.catalog.apply([], caps);
    const found = new Set(caps.map((c) => c.id));
    for (const id of ids) if (!found.has(id)) index.removeCapability(id);
    const active = caps.filter((c) => c.status === 'active');
    // Needs that lost a withdrawn capability's suggestion have room again: rank them afresh.
    const emptied = await this.matches.clearCapabilities(caps.filter((c) => c.status !== 'active').map((c) => c.id));
    const refilled = emptied.length ? (await this.rankNeeds(emptied)).suggestions : 0;

    const candidates = new Map<string, PairWrite>();
    const key = (needId: string, capabilityId: string) => `${needId}|${capabilityId}`;
    const queries = new Map<string, ScoringContext | null>();
    for (const c of active) {
      for (const s of index.needsFor(c.id, queries)) {
        const pair = {
          needId: s.needId,
          capabilityId: c.id,
          needVersion: s.needVersion,
          capabilityVersion: c.version,
          scored: s,
        };
        candidates.set(key(s.needId, c.id), pair);
      }
    }
    // A capability's existing suggestions are re-scored too, even where it no longer qualifies.
    const versionOf = new Map(active.map((c) => [c.id, c.version]));
    for (const p of await this.matches.suggestedNeedsOf(active.map((c) => c.id))) {
      if (candidates.has(key(p.needId, p.capabilityId))) continue;
      const need = index.needs.payload(p.needId);
      // A need missing from this worker's index is not open (or not yet seen): leave its suggestion to its own job.
      if (!need) continue;
      let ctx = queries.get(p.needId);
      if (ctx === undefined) {
        ctx = index.placementContext(need);
        queries.set(p.needId, ctx);
      }
      const scored = ctx ? index.scoreWith(need, ctx, p.capabilityId) : null;
      candidates.set(key(p.needId, p.capabilityId), {
        ...p,
        needVersion: need.version,
        capabilityVersion: versionOf.get(p.capabilityId) ?? 0,
        scored,
      });
    }
    const pairs = await this.worthWriting([...candidates.values()]);
    const suggestions = await this.suggestions.mergePairs(pairs);
    await this.matches.refreshFacets(
      'capability_id',
      caps.map((c) => c.id),
    );
    return { items: caps.length, suggestions: suggestions + refilled };
  }

  /** Drops new pairings that could not enter their need's top 20, so that only real changes are written. */
  private async worthWriting(pairs: PairWrite[]): Promise<PairWrite[]> {
    // The needs' current suggestions give everything below: how full each list is, its weakest score, and which
    // capabilities it already shows.
    const current = await this.matches.suggestionsOf([...new Set(pairs.map((p) => p.needId))]);
    const shown = new Map<string, string[]>();
    const floors = new Map<string, { count: number; min: number }>();
    for (const s of current) {
      listOf(shown, s.needId).push(s.capabilityId);
      const f = floors.get(s.needId) ?? { count: 0, min: Number.POSITIVE_INFINITY };
      floors.set(s.needId, { count: f.count + 1, min: Math.min(f.min, s.score) });
    }
    const existing = new Set(current.map((s) => `${s.needId}|${s.capabilityId}`));
    const listing = (id: string) => this.catalog.index.capabilities.payload(id);
    // A listing the need is already suggested (the same one posted again) is not suggested a second time.
    const repeats = (needId: string, capabilityId: string) => {
      const p = listing(capabilityId);
      return (
        !!p &&
        (shown.get(needId) ?? []).some((other) => {
          const o = other !== capabilityId ? listing(other) : undefined;
          return !!o && sameListing(o, p);
        })
      );
    };
    const byNeed = new Map<string, PairWrite[]>();
    for (const p of pairs) listOf(byNeed, p.needId).push(p);
    const out: PairWrite[] = [];
    for (const [needId, list] of byNeed) {
      const floor = floors.get(needId) ?? { count: 0, min: 0 };
      list.sort((a, b) => (b.scored?.score ?? 0) - (a.scored?.score ?? 0));
      // Only the best `topK` new pairings can end up among the need's top `topK`; each must fill a free place or
      // beat the weakest suggestion it has now.
      let room = SCORING.topK - floor.count;
      let taken = 0;
      for (const p of list) {
        const held = existing.has(`${p.needId}|${p.capabilityId}`);
        if (held) out.push(p);
        else if (
          p.scored &&
          taken < SCORING.topK &&
          (room > 0 || p.scored.score > floor.min) &&
          !repeats(p.needId, p.capabilityId)
        ) {
          out.push(p);
          listOf(shown, p.needId).push(p.capabilityId);
          room--;
          taken++;
        }
      }
    }
    return out;
  }
}

/** The list kept under `key`, created empty on first use. */
function listOf<T>(map: Map<string, T[]>, key: string): T[] {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  return list;
}
