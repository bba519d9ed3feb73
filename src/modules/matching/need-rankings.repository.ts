import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { preparedQuery } from '../../database/query.js';
import { isUuid } from '../../common/domain/uuid.js';
import { listingVersion } from '../../common/listing/listing-version.js';

/** A candidate the need's last ranking found below the relevance floor (need_rankings.near_misses). */
export interface NearMiss {
  capabilityId: string;
  score: number;
  summary: { zh: string; en: string };
}

/** Where a need's ranking stands, as the engine left it (need_rankings) and its suggestions now. */
export interface NeedRankingStatus {
  /** Whether the need's current version (its updated_at in microseconds) has been ranked in full. */
  current: boolean;
  rankedAt: Date | null;
  /** How many suggestions the last full ranking wrote. */
  suggestions: number;
  /** How many of the need's matches are suggestions now. */
  suggestedNow: number;
  nearMisses: NearMiss[];
}

/** The engine's near misses as stored, keeping only well-formed entries (the column is free-form jsonb). */
export function nearMissesOf(raw: unknown): NearMiss[] {
  if (!Array.isArray(raw)) return [];
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return raw.flatMap((x: unknown) => {
    if (!x || typeof x !== 'object') return [];
    const o = x as { capabilityId?: unknown; score?: unknown; summary?: unknown };
    if (!isUuid(o.capabilityId)) return [];
    const s = (o.summary ?? {}) as { zh?: unknown; en?: unknown };
    return [
      {
        capabilityId: o.capabilityId,
        score: typeof o.score === 'number' && Number.isFinite(o.score) ? o.score : 0,
        summary: { zh: text(s.zh), en: text(s.en) },
      },
    ];
  });
}

/** Reads of need_rankings for the API (the matching worker writes them, in MatchesRepository). */
@Injectable()
export class NeedRankingsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Null when the need does not exist. */
  async status(needId: string): Promise<NeedRankingStatus | null> {
    const [row] = await preparedQuery<{
      current: boolean;
      ranked_at: Date | null;
      suggestions: number | null;
      near_misses: unknown;
      suggested_now: number;
    }>(
      this.dataSource,
      // The version test is the one the worker's writes make (matches.repository.ts): equal microseconds.
      `SELECT coalesce(r.version = ${listingVersion('n')}, false) AS current,
              r.ranked_at, r.suggestions, r.near_misses,
              (SELECT count(*)::int FROM matches m WHERE m.need_id = n.id AND m.status = 'suggested') AS suggested_now
         FROM needs n LEFT JOIN need_rankings r ON r.need_id = n.id
        WHERE n.id = $1`,
      [needId],
    );
    if (!row) return null;
    return {
      current: row.current,
      rankedAt: row.ranked_at,
      suggestions: row.suggestions ?? 0,
      suggestedNow: row.suggested_now,
      nearMisses: nearMissesOf(row.near_misses),
    };
  }
}
