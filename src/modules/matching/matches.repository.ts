import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { updateReturning } from '../../database/query.js';
import type { NearMiss } from './index/catalog-index.js';
import { MATCH_STATUSES, type MatchStatus } from './match.entity.js';
import type { ScoredPair } from './scoring/pair-score.js';
import { SCORING } from './scoring/scoring-config.js';
import { listingVersion } from '../../common/listing/listing-version.js';

/** A pairing from the capability's side, with the versions of both listings it was scored from. */
export interface PairWrite {
  needId: string;
  capabilityId: string;
  needVersion: number;
  capabilityVersion: number;
  /** Null: the pairing no longer qualifies, so its suggestion (if any) goes. */
  scored: ScoredPair | null;
}

/** A need's new ranking, from the version of the need it was ranked for. */
export interface Ranking {
  needId: string;
  version: number;
  ranked: Array<ScoredPair & { capabilityId: string; capabilityVersion: number }>;
  /** When nothing cleared the floor: the closest candidates below it. */
  nearMisses?: NearMiss[];
}

/**
 * Sector references as the 64-bit keys matches carry for the review queue's filter (a collision would need two
 * references with one 64-bit hash). The review queue turns its filter into keys the same way.
 */
export const sectorKeys = (refs: string): string => `ARRAY(SELECT hashtextextended(s, 0) FROM unnest(${refs}) s)`;

const LOCK_NEEDS = `SELECT pg_advisory_xact_lock(hashtextextended('match-need:' || id::text, 0))
                     FROM (SELECT DISTINCT unnest($1::uuid[]) AS id ORDER BY 1) x`;

// Under the lock, only open needs and active capabilities still at the version that was scored get suggestions:
// a pause, a withdrawal, a deletion or a newer edit that committed while the worker was scoring wins (the newer
// edit's own job ranks it again).
const UPSERT_SUGGESTIONS = `
  INSERT INTO matches (need_id, capability_id, score, rank, explanation, algorithm_version, listing_sector_keys,
                       listing_districts, band)
  SELECT k.need_id, k.capability_id, k.score, k.rank, k.explanation, k.algorithm_version,
         ${sectorKeys('n.sectors || c.sectors')}, ARRAY[n.district::text, c.district::text], k.band
    FROM unnest($1::uuid[], $2::uuid[], $3::float8[], $4::int[], $5::jsonb[], $6::text[], $7::bigint[], $8::bigint[],
                $9::text[])
         AS k(need_id, capability_id, score, rank, explanation, algorithm_version, need_version, capability_version,
              band)
    JOIN needs n ON n.id = k.need_id AND n.status = 'open' AND ${listingVersion('n')} = k.need_version
    JOIN capabilities c ON c.id = k.capability_id AND c.status = 'active'
                       AND ${listingVersion('c')} = k.capability_version
  ON CONFLICT (need_id, capability_id) DO UPDATE
     SET score = EXCLUDED.score, rank = EXCLUDED.rank, explanation = EXCLUDED.explanation,
         algorithm_version = EXCLUDED.algorithm_version, listing_sector_keys = EXCLUDED.listing_sector_keys,
         listing_districts = EXCLUDED.listing_districts, band = EXCLUDED.band, updated_at = now()
   WHERE matches.status = 'suggested'
  RETURNING id, (xmax = 0) AS inserted, score`;

const RANKED_SUGGESTIONS = `SELECT id, row_number() OVER (PARTITION BY need_id ORDER BY score DESC, capability_id) AS rn
                              FROM matches WHERE need_id = ANY($1::uuid[]) AND status = 'suggested'`;

/** A suggestion a write inserted (not one it re-scored), as coordinators are alerted of it. */
export type Inserted = { id: string; score: number };

/** What a write of suggestions did: how many it wrote, and which of them are new. */
export interface SuggestionsWritten {
  written: number;
  fresh: Inserted[];
}

/** The matches table as the matching worker writes it. Reviewed matches are never written here. */
@Injectable()
export class MatchesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Brings the listing facets (both listings' sectors and districts, read by the review queue's filters) of every
   * match of these listings to their current values, reviewed matches included: suggestions get them when written,
   * the others here, when a listing changes.
   */
  async refreshFacets(side: 'need_id' | 'capability_id', ids: string[]): Promise<void> {
    if (!ids.length) return;
    await this.dataSource.query(
      `UPDATE matches m SET listing_sector_keys = ${sectorKeys('n.sectors || c.sectors')},
                            listing_districts = ARRAY[n.district::text, c.district::text]
         FROM needs n, capabilities c
        WHERE m.${side} = ANY($1::uuid[]) AND n.id = m.need_id AND c.id = m.capability_id
          AND (m.listing_sector_keys IS DISTINCT FROM ${sectorKeys('n.sectors || c.sectors')}
               OR m.listing_districts IS DISTINCT FROM ARRAY[n.district::text, c.district::text])`,
      [ids],
    );
  }

  /**
   * The statuses of every match of these listings, locked: an approval that commits while the caller decides waits
   * for it, then finds the match gone (when the caller deletes the listing), rather than being cascaded away unseen.
   */
  async lockStatusesOf(m: EntityManager, side: 'need_id' | 'capability_id', ids: string[]): Promise<MatchStatus[]> {
    const rows = await m.query<Array<{ status: MatchStatus }>>(
      `SELECT status FROM matches WHERE ${side} = ANY($1::uuid[]) FOR UPDATE`,
      [ids],
    );
    return rows.map((r) => r.status);
  }

  /** The open needs where these capabilities are suggested now. */
  async openNeedsSuggesting(m: EntityManager, capabilityIds: string[]): Promise<string[]> {
    const rows = await m.query<Array<{ need_id: string }>>(
      `SELECT DISTINCT x.need_id FROM matches x JOIN needs n ON n.id = x.need_id
        WHERE x.capability_id = ANY($1::uuid[]) AND x.status = 'suggested' AND n.status = 'open'`,
      [capabilityIds],
    );
    return rows.map((r) => r.need_id);
  }

  /** Per need, the capabilities whose pairing a coordinator has reviewed (they are not suggested again). */
  async reviewedCapabilities(needIds: string[]): Promise<Map<string, Set<string>>> {
    const out = new Map<string, Set<string>>();
    if (!needIds.length) return out;
    const rows: Array<{ need_id: string; capability_id: string }> = await this.dataSource.query(
      `SELECT need_id, capability_id FROM matches WHERE need_id = ANY($1::uuid[]) AND status <> 'suggested'`,
      [needIds],
    );
    for (const r of rows) out.set(r.need_id, (out.get(r.need_id) ?? new Set()).add(r.capability_id));
    return out;
  }

  /**
   * Replaces the suggestions of these needs with their new rankings, all in one transaction: re-scored pairs keep
   * their id, pairs that fell out go while still suggested, reviewed pairs are untouched. A need edited since it
   * was ranked is skipped (its newer job writes it). In the caller's transaction (SuggestionsService's).
   */
  async writeRankings(m: EntityManager, rankings: Ranking[]): Promise<SuggestionsWritten> {
    await m.query(LOCK_NEEDS, [rankings.map((r) => r.needId)]);
    const current: Array<{ id: string }> = await m.query(
      `SELECT n.id FROM needs n JOIN unnest($1::uuid[], $2::bigint[]) AS k(id, version)
          ON k.id = n.id AND ${listingVersion('n')} = k.version`,
      [rankings.map((r) => r.needId), rankings.map((r) => r.version)],
    );
    const fresh = new Set(current.map((r) => r.id));
    const kept = rankings.filter((r) => fresh.has(r.needId));
    if (!kept.length) return { written: 0, fresh: [] };
    const needIds = kept.map((r) => r.needId);
    const rows = kept.flatMap((r) =>
      r.ranked.map((x, i) => ({ needId: r.needId, needVersion: r.version, ...x, rank: i + 1 })),
    );
    await m.query(
      `DELETE FROM matches m
        WHERE m.need_id = ANY($1::uuid[]) AND m.status = 'suggested'
          AND NOT EXISTS (SELECT 1 FROM unnest($2::uuid[], $3::uuid[]) AS k(need_id, capability_id)
                           WHERE k.need_id = m.need_id AND k.capability_id = m.capability_id)`,
      [needIds, rows.map((r) => r.needId), rows.map((r) => r.capabilityId)],
    );
    const added: Inserted[] = [];
    const written = await this.upsert(m, rows, added);
    await this.renumber(m, needIds);
    await m.query(
      `INSERT INTO need_rankings (need_id, version, suggestions, near_misses)
       SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::int[], $4::jsonb[])
       ON CONFLICT (need_id) DO UPDATE SET version = EXCLUDED.version, suggestions = EXCLUDED.suggestions,
                                           near_misses = EXCLUDED.near_misses, ranked_at = now()`,
      [
        needIds,
        kept.map((r) => r.version),
        kept.map((r) => r.ranked.length),
        kept.map((r) => JSON.stringify(r.nearMisses ?? [])),
      ],
    );
    return { written, fresh: added };
  }

  /**
   * The capability path: sets (or removes) single pairings, then keeps each touched need at its best `topK`
   * suggestions, ranked. In the caller's transaction (SuggestionsService's); needs are locked in a fixed order so
   * concurrent writers cannot deadlock.
   */
  async mergePairs(m: EntityManager, pairs: PairWrite[]): Promise<SuggestionsWritten> {
    const needIds = [...new Set(pairs.map((p) => p.needId))];
    const gone = pairs.filter((p) => !p.scored);
    const kept = pairs.filter((p): p is PairWrite & { scored: ScoredPair } => !!p.scored);
    const fresh: Inserted[] = [];
    await m.query(LOCK_NEEDS, [needIds]);
    if (gone.length) {
      await m.query(
        `DELETE FROM matches m USING unnest($1::uuid[], $2::uuid[]) AS k(need_id, capability_id)
          WHERE m.need_id = k.need_id AND m.capability_id = k.capability_id AND m.status = 'suggested'`,
        [gone.map((p) => p.needId), gone.map((p) => p.capabilityId)],
      );
    }
    // Only needs whose current version has been ranked in full take pairings from here (see need_rankings).
    const ranked: Array<{ need_id: string }> = await m.query(
      `SELECT need_id FROM need_rankings r JOIN needs n ON n.id = r.need_id
        WHERE r.need_id = ANY($1::uuid[]) AND r.version = ${listingVersion('n')}`,
      [needIds],
    );
    const ready = new Set(ranked.map((r) => r.need_id));
    const written = await this.upsert(
      m,
      kept.filter((p) => ready.has(p.needId)).map((p) => ({ ...p, ...p.scored, rank: 0 })),
      fresh,
    );
    await m.query(`DELETE FROM matches m USING (${RANKED_SUGGESTIONS}) r WHERE m.id = r.id AND r.rn > $2`, [
      needIds,
      SCORING.topK,
    ]);
    await this.renumber(m, needIds);
    return { written, fresh };
  }

  /** The current suggestions of these needs: which capability, at what score. */
  /** How many matches are in each status now (every status listed, 0 included): what the operator's dashboard plots. */
  async countsByStatus(): Promise<Record<MatchStatus, number>> {
    const rows = await this.dataSource.query<Array<{ status: MatchStatus; n: number }>>(
      `SELECT status, count(*)::int AS n FROM matches GROUP BY status`,
    );
    const out = Object.fromEntries(MATCH_STATUSES.map((s) => [s, 0])) as Record<MatchStatus, number>;
    for (const r of rows) out[r.status] = r.n;
    return out;
  }

  async suggestionsOf(needIds: string[]): Promise<Array<{ needId: string; capabilityId: string; score: number }>> {
    if (!needIds.length) return [];
    const rows: Array<{ need_id: string; capability_id: string; score: number }> = await this.dataSource.query(
      `SELECT need_id, capability_id, score FROM matches WHERE need_id = ANY($1::uuid[]) AND status = 'suggested'`,
      [needIds],
    );
    return rows.map((r) => ({ needId: r.need_id, capabilityId: r.capability_id, score: r.score }));
  }

  /** The needs where these capabilities are currently suggested. */
  async suggestedNeedsOf(capabilityIds: string[]): Promise<Array<{ needId: string; capabilityId: string }>> {
    if (!capabilityIds.length) return [];
    const rows: Array<{ need_id: string; capability_id: string }> = await this.dataSource.query(
      `SELECT need_id, capability_id FROM matches WHERE capability_id = ANY($1::uuid[]) AND status = 'suggested'`,
      [capabilityIds],
    );
    return rows.map((r) => ({ needId: r.need_id, capabilityId: r.capability_id }));
  }

  /** Paused, closed or deleted needs lose their open suggestions. */
  async clearNeeds(needIds: string[]): Promise<void> {
    if (!needIds.length) return;
    await this.dataSource.transaction(async (m) => {
      await m.query(LOCK_NEEDS, [needIds]);
      await m.query(`DELETE FROM matches WHERE need_id = ANY($1::uuid[]) AND status = 'suggested'`, [needIds]);
    });
  }

  /**
   * Withdrawn capabilities lose their open suggestions. Returns the needs that lost one (their lists now have
   * room, so they are ranked again).
   */
  async clearCapabilities(capabilityIds: string[]): Promise<string[]> {
    if (!capabilityIds.length) return [];
    const needIds = [...new Set((await this.suggestedNeedsOf(capabilityIds)).map((p) => p.needId))];
    if (!needIds.length) return [];
    return this.dataSource.transaction(async (m) => {
      await m.query(LOCK_NEEDS, [needIds]);
      const rows = await updateReturning<{ need_id: string }>(
        m,
        `DELETE FROM matches WHERE capability_id = ANY($1::uuid[]) AND status = 'suggested' RETURNING need_id`,
        [capabilityIds],
      );
      await this.renumber(m, needIds);
      return [...new Set(rows.map((r) => r.need_id))];
    });
  }

  /** Which of these suggestions are still suggested (a write's later steps may have dropped some), with scores. */
  async stillSuggested(m: EntityManager, ids: string[]): Promise<Inserted[]> {
    return m.query<Inserted[]>(`SELECT id, score FROM matches WHERE id = ANY($1::uuid[]) AND status = 'suggested'`, [
      ids,
    ]);
  }

  /** Ranks 1..n over each need's suggestions, by score. */
  private async renumber(m: EntityManager, needIds: string[]): Promise<void> {
    await m.query(
      `UPDATE matches m SET rank = r.rn FROM (${RANKED_SUGGESTIONS}) r WHERE m.id = r.id AND m.rank <> r.rn`,
      [needIds],
    );
  }

  private async upsert(
    m: EntityManager,
    rows: Array<
      ScoredPair & {
        needId: string;
        capabilityId: string;
        rank: number;
        needVersion: number;
        capabilityVersion: number;
      }
    >,
    fresh: Inserted[],
  ): Promise<number> {
    if (!rows.length) return 0;
    const written: Array<{ id: string; inserted: boolean; score: number }> = await m.query(UPSERT_SUGGESTIONS, [
      rows.map((r) => r.needId),
      rows.map((r) => r.capabilityId),
      rows.map((r) => r.score),
      rows.map((r) => r.rank),
      rows.map((r) => JSON.stringify(r.explanation)),
      rows.map((r) => r.explanation.algorithmVersion),
      rows.map((r) => r.needVersion),
      rows.map((r) => r.capabilityVersion),
      rows.map((r) => r.band),
    ]);
    const inserted = written.filter((w) => w.inserted);
    if (inserted.length) {
      await m.query(
        `INSERT INTO match_events (match_id, actor_id, from_status, to_status, note)
         SELECT id, NULL, NULL, 'suggested', '匹配引擎推荐，得分 ' || round(score::numeric, 4) || ' / suggested by the matcher'
           FROM unnest($1::uuid[], $2::float8[]) AS k(id, score)`,
        [inserted.map((w) => w.id), inserted.map((w) => w.score)],
      );
      fresh.push(...inserted);
    }
    return written.length;
  }
}
