import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { preparedQuery } from '../../database/query.js';
import type { OrganizationContact } from '../organizations/organization.entity.js';
import type { RejectReason } from '../matching/reject-reasons.js';
import type { MatchStatus } from '../matching/match.entity.js';
import { sectorKeys } from '../matching/matches.repository.js';
import type { Band } from '../matching/ranker/ranker.js';
import type { QueueKey, QueueSort } from './queue-cursor.js';

export interface MatchRow {
  id: string;
  need_id: string;
  capability_id: string;
  score: number;
  rank: number;
  status: MatchStatus;
  explanation: unknown;
  band: Band | null;
  reject_reason: RejectReason | null;
  algorithm_version: string;
  version: number;
  reviewed_at: Date | null;
  created_at: Date;
  updated_at: Date;
  n_kind: string;
  n_title: string;
  n_description: string;
  n_sectors: string[];
  n_keywords: string[];
  n_district: string;
  n_org: string;
  n_org_name: string;
  n_contact: OrganizationContact;
  n_status: string;
  n_visibility: string;
  c_kind: string;
  c_title: string;
  c_description: string;
  c_sectors: string[];
  c_keywords: string[];
  c_district: string;
  c_org: string;
  c_org_name: string;
  c_contact: OrganizationContact;
  c_status: string;
  c_capacity: number | null;
  c_active: number;
  introduced_at: Date | null;
  closed_at: Date | null;
  contract_mode: string | null;
  contract_amount_cny: number | null;
  contract_signed_on: string | null;
  contract_registration_no: string | null;
  close_reason: string | null;
  close_note: string | null;
  /** Whether the coordinator who closed the match shared `close_note` with the parties. */
  close_note_shared: boolean | null;
}

const DESCRIPTION_IN_LISTS = 600;
/** The review queue's rows are a table of pairs; the console reads the selected one whole (`GET /matches/:id`). */
const DESCRIPTION_IN_QUEUE = 80;

/**
 * The review queue's explanation: what a row needs to be weighed at a glance (the summary sentence, band, probability,
 * the need's core terms and whether they were met). Its factors, terms and the ranker's features are in
 * `GET /matches/:id`: the queue is read at hundreds of requests a second, and the whole explanation was most of each
 * row's bytes.
 */
const QUEUE_EXPLANATION = `CASE WHEN jsonb_typeof(m.explanation->'ranker') = 'object' THEN jsonb_strip_nulls(jsonb_build_object(
    'algorithmVersion', m.explanation->'algorithmVersion', 'score', m.explanation->'score',
    'summary', m.explanation->'summary', 'band', m.explanation->'band',
    'ranker', (m.explanation->'ranker') - 'features' - 'contributions',
    'keyword', jsonb_build_object('score', m.explanation->'keyword'->'score', 'core', m.explanation->'keyword'->'core'),
    'duplicates', m.explanation->'duplicates'))
  ELSE m.explanation END`;

/** `full`: one match; `list`: a listing's matches; `queue`: the review queue (shorter texts, see QUEUE_EXPLANATION). */
function select(shape: 'full' | 'list' | 'queue'): string {
  const limit = shape === 'queue' ? DESCRIPTION_IN_QUEUE : DESCRIPTION_IN_LISTS;
  const d = (col: string) =>
    shape === 'full' ? col : `CASE WHEN length(${col}) > ${limit} THEN left(${col}, ${limit}) || '…' ELSE ${col} END`;
  const explanation = shape === 'queue' ? `${QUEUE_EXPLANATION} AS explanation` : 'm.explanation';
  return `SELECT m.id, m.need_id, m.capability_id, m.score, m.rank, m.status, ${explanation}, m.band, m.reject_reason,
                 m.algorithm_version, m.version,
                 m.reviewed_at, m.created_at, m.updated_at,
                 n.kind AS n_kind, n.title AS n_title, ${d('n.description')} AS n_description, n.sectors AS n_sectors,
                 n.keywords AS n_keywords, n.district AS n_district, n.organization_id AS n_org, no.name AS n_org_name,
                 no.contact AS n_contact, n.status AS n_status, n.visibility AS n_visibility,
                 c.kind AS c_kind, c.title AS c_title, ${d('c.description')} AS c_description, c.sectors AS c_sectors,
                 c.keywords AS c_keywords, c.district AS c_district, c.organization_id AS c_org, co.name AS c_org_name,
                 co.contact AS c_contact, c.status AS c_status, c.max_active_introductions AS c_capacity,
                 (SELECT count(*)::int FROM matches x WHERE x.capability_id = m.capability_id
                     AND x.status IN ('approved', 'introduced', 'negotiating')) AS c_active,
                 m.introduced_at, m.closed_at, m.contract_mode, m.contract_amount_cny,
                 m.contract_signed_on::text AS contract_signed_on, m.contract_registration_no, m.close_reason, m.close_note,
                 CASE WHEN m.close_note IS NOT NULL THEN
                   (SELECT e.shared FROM match_events e
                     WHERE e.match_id = m.id AND e.kind = 'status' AND e.to_status = 'closed_no_deal'
                     ORDER BY e.id DESC LIMIT 1)
                 END AS close_note_shared
            FROM matches m
            JOIN needs n ON n.id = m.need_id
            JOIN capabilities c ON c.id = m.capability_id
            JOIN organizations no ON no.id = n.organization_id
            JOIN organizations co ON co.id = c.organization_id`;
}

export interface QueueFilter {
  status: MatchStatus;
  sectors?: string[];
  district?: string;
  minScore?: number;
  bands?: Band[];
  needId?: string;
  capabilityId?: string;
  sort: QueueSort;
  /** Offset paging (`page=`): rows to pass over. Ignored after a cursor. */
  skip: number;
  take: number;
  /** Keyset paging (`cursor=`): the rows after this one. */
  after?: QueueKey;
}

/**
 * High, medium, low, then matches from before bands (3): the expression of ix_matches_queue_band, whose next key is
 * the score negated, so that the band order is ascending throughout and "after this row" is one row comparison.
 */
const BAND_ORDER = `(CASE m.band WHEN 'high' THEN 0 WHEN 'medium' THEN 1 WHEN 'low' THEN 2 ELSE 3 END)`;
const BAND_RANK: Record<Band, number> = { high: 0, medium: 1, low: 2 };

// Each order is one of the queue's three indexes read forwards or backwards, so a page, however deep, walks an index.
const ORDER: Record<QueueSort, string> = {
  '-score': 'm.score DESC, m.rank, m.id',
  score: 'm.score ASC, m.rank DESC, m.id DESC',
  '-createdAt': 'm.created_at DESC, m.id DESC',
  createdAt: 'm.created_at ASC, m.id',
  band: `${BAND_ORDER}, (-m.score), m.rank, m.id`,
};

/** The sort values a page's last row gives its cursor: only columns the order's own index holds. */
const KEY_COLUMNS: Record<QueueSort, string> = {
  '-score': 'm.score, m.rank',
  score: 'm.score, m.rank',
  // Microseconds, in UTC: a JavaScript Date would round them away, and the next page would repeat a row.
  '-createdAt': `to_char(m.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created`,
  createdAt: `to_char(m.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created`,
  band: `${BAND_ORDER} AS band_order, m.score, m.rank`,
};

interface KeyRow {
  id: string;
  score?: number;
  rank?: number;
  created?: string;
  band_order?: number;
}

function keyOf(sort: QueueSort, r: KeyRow): QueueKey {
  if (sort === 'band') return { sort, band: r.band_order!, score: r.score!, rank: r.rank!, id: r.id };
  if (sort === '-createdAt' || sort === 'createdAt') return { sort, createdAt: r.created!, id: r.id };
  return { sort, score: r.score!, rank: r.rank!, id: r.id };
}

/**
 * The rows after `k` in its order, written so that the index of that order is entered at `k` (its first columns as
 * index bounds), never read from the start: a page deep in the queue costs what the first one does.
 */
function after(k: QueueKey, p: (v: unknown) => string): string {
  switch (k.sort) {
    case '-score': {
      const s = p(k.score);
      return `m.score <= ${s}::float8 AND (m.score < ${s}::float8 OR (m.rank, m.id) > (${p(k.rank)}::int, ${p(k.id)}::uuid))`;
    }
    case 'score': {
      const s = p(k.score);
      return `m.score >= ${s}::float8 AND (m.score > ${s}::float8 OR (m.rank, m.id) < (${p(k.rank)}::int, ${p(k.id)}::uuid))`;
    }
    case '-createdAt':
      return `(m.created_at, m.id) < (${p(k.createdAt)}::timestamptz, ${p(k.id)}::uuid)`;
    case 'createdAt':
      return `(m.created_at, m.id) > (${p(k.createdAt)}::timestamptz, ${p(k.id)}::uuid)`;
    case 'band':
      return `(${BAND_ORDER}, (-m.score), m.rank, m.id) > (${p(k.band)}::int, ${p(-k.score)}::float8, ${p(k.rank)}::int, ${p(k.id)}::uuid)`;
  }
}

/** Reads of matches with both listings, and the status changes people make (with their audit trail). */
@Injectable()
export class ReviewRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async find(id: string): Promise<MatchRow | null> {
    const rows = await preparedQuery<MatchRow>(this.dataSource, `${select('full')} WHERE m.id = $1`, [id]);
    return rows[0] ?? null;
  }

  /**
   * A page of the queue, its total, and where the next page starts (null on the last page): the page's keys and the
   * total in one statement, then the page's rows in full.
   */
  async queue(f: QueueFilter): Promise<{ rows: MatchRow[]; total: number; next: QueueKey | null }> {
    const where: string[] = ['m.status = $1'];
    const params: unknown[] = [f.status];
    const p = (v: unknown) => `$${params.push(v)}`;
    // Each match carries both listings' sectors and districts (kept current by the worker), in the queue's
    // covering indexes: a filter reads the index alone, never the catalogue.
    if (f.sectors) where.push(`m.listing_sector_keys && ${sectorKeys(`${p(f.sectors)}::text[]`)}`);
    if (f.district) where.push(`m.listing_districts && ARRAY[${p(f.district)}::text]`);
    if (f.minScore !== undefined) where.push(`m.score >= ${p(f.minScore)}`);
    // By the band index's own expression: counting one band reads only that band's part of the index.
    if (f.bands?.length) where.push(`${BAND_ORDER} = ANY(${p(f.bands.map((b) => BAND_RANK[b]))}::int[])`);
    if (f.needId) where.push(`m.need_id = ${p(f.needId)}`);
    if (f.capabilityId) where.push(`m.capability_id = ${p(f.capabilityId)}`);
    const filter = where.join(' AND ');
    const filterParams = [...params];
    const keyset = f.after ? ` AND ${after(f.after, p)}` : '';
    // One row more than the page, to know whether another follows. The total is an uncorrelated subquery (its own
    // `m` shadows the outer one): PostgreSQL counts it once, in the same round trip, and the page stops after its
    // rows instead of counting within the page's own scan (a window count read and kept the whole queue).
    const page = await preparedQuery<KeyRow & { total: number }>(
      this.dataSource,
      `SELECT m.id, ${KEY_COLUMNS[f.sort]}, (SELECT count(*)::int FROM matches m WHERE ${filter}) AS total
         FROM matches m WHERE ${filter}${keyset}
        ORDER BY ${ORDER[f.sort]} LIMIT ${p(f.take + 1)} OFFSET ${p(f.after ? 0 : f.skip)}`,
      params,
    );
    const total = page.length
      ? page[0].total
      : (
          await preparedQuery<{ total: number }>(
            this.dataSource,
            `SELECT count(*)::int AS total FROM matches m WHERE ${filter}`,
            filterParams,
          )
        )[0].total;
    const shown = page.slice(0, f.take);
    const rows = shown.length
      ? await preparedQuery<MatchRow>(
          this.dataSource,
          `${select('queue')} WHERE m.id = ANY($1::uuid[]) ORDER BY ${ORDER[f.sort]}`,
          [shown.map((r) => r.id)],
        )
      : [];
    return { rows, total, next: page.length > f.take ? keyOf(f.sort, shown[shown.length - 1]) : null };
  }

  /** The matches of one listing, best first. */
  async ofListing(
    column: 'need_id' | 'capability_id',
    id: string,
    statuses: readonly MatchStatus[],
    limit: number,
  ): Promise<MatchRow[]> {
    return preparedQuery<MatchRow>(
      this.dataSource,
      `${select('list')} WHERE m.${column} = $1 AND m.status = ANY($2::match_status[]) ORDER BY m.score DESC, m.rank, m.id LIMIT $3`,
      [id, statuses, limit],
    );
  }

  /** Per listing, its matches by status (only the given statuses), with the listing's owner. */
  async counts(
    column: 'need_id' | 'capability_id',
    ids: string[],
    statuses: readonly MatchStatus[],
  ): Promise<Array<{ id: string; status: MatchStatus; n: number }>> {
    return this.dataSource.query(
      `SELECT m.${column} AS id, m.status, count(*)::int AS n FROM matches m
        WHERE m.${column} = ANY($1::uuid[]) AND m.status = ANY($2::match_status[])
        GROUP BY m.${column}, m.status`,
      [ids, statuses],
    );
  }

  async history(id: string): Promise<
    Array<{
      at: Date;
      actor_id: string | null;
      actor_name: string | null;
      actor_role: string | null;
      from_status: MatchStatus | null;
      to_status: MatchStatus;
      note: string | null;
      kind: 'status' | 'note';
      shared: boolean;
      reject_reason: RejectReason | null;
    }>
  > {
    // A match is rejected once (it is final), so the match's reason is that of its rejection event.
    return this.dataSource.query(
      `SELECT e.at, e.actor_id, u.name AS actor_name, u.role AS actor_role, e.from_status, e.to_status, e.note, e.kind,
              e.shared,
              CASE WHEN e.kind = 'status' AND e.to_status = 'rejected' THEN m.reject_reason END AS reject_reason
         FROM match_events e LEFT JOIN users u ON u.id = e.actor_id JOIN matches m ON m.id = e.match_id
        WHERE e.match_id = $1 ORDER BY e.id`,
      [id],
    );
  }
}
