import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type {
  CapabilityKind,
  CooperationMode,
  District,
  IpStatus,
  NeedKind,
  OrganizationKind,
} from '../../common/domain/vocabulary.js';
import type { ListingSort } from '../../common/listing/listing-repository.js';
import { preparedQuery } from '../../database/query.js';

export type HallTable = 'needs' | 'capabilities';

export interface HallFilter {
  /** The search words as a tsquery literal (common/text/search.ts), or null for no search. */
  tsquery: string | null;
  sectors?: string[];
  district?: District;
  kind?: string;
  trl?: number;
  sort: ListingSort;
  skip: number;
  take: number;
}

export interface HallRow {
  id: string;
  kind: NeedKind | CapabilityKind;
  title: string;
  description: string;
  keywords: string[];
  sectors: string[];
  district: District;
  cooperation_modes: CooperationMode[];
  created_at: Date;
  organization_name: string;
  organization_kind: OrganizationKind;
  budget_min: number | null;
  budget_max: number | null;
  deadline: string | null;
  trl: number | null;
  ip_status: IpStatus | null;
}

export type FacetName = 'kind' | 'district' | 'sector' | 'trl';
export type Facets = Record<FacetName, Array<{ value: string; count: number }>>;

/** What the public may see: open public needs, active capabilities. Never a restricted or closed listing. */
const PUBLIC: Record<HallTable, string> = {
  // A need past its deadline leaves the hall at once, not when the deadline job next closes it.
  needs: `a.status = 'open' AND a.visibility = 'public'
          AND (a.deadline IS NULL OR a.deadline >= (now() AT TIME ZONE 'Asia/Shanghai')::date)`,
  capabilities: `a.status = 'active'`,
};

const COLUMNS: Record<HallTable, string> = {
  needs: `a.budget_min, a.budget_max, a.deadline::text AS deadline, NULL::int AS trl, NULL::text AS ip_status`,
  capabilities: `NULL::bigint AS budget_min, NULL::bigint AS budget_max, NULL::text AS deadline, a.trl, a.ip_status`,
};

/** What a hall shows of a listing, with its organisation's name and kind (never its contacts). */
const SELECT: Record<HallTable, string> = Object.fromEntries(
  (['needs', 'capabilities'] as const).map((table) => [
    table,
    `SELECT a.id, a.kind::text AS kind, a.title, a.description, a.keywords, a.sectors, a.district::text AS district,
            a.cooperation_modes::text[] AS cooperation_modes, a.created_at, o.name AS organization_name,
            o.kind::text AS organization_kind, ${COLUMNS[table]}
       FROM ${table} a JOIN organizations o ON o.id = a.organization_id`,
  ]),
) as Record<HallTable, string>;

const SECTOR_FACET_SIZE = 30;

/** The halls' reads: public listings found by their search terms, a page of them, and facet counts. */
@Injectable()
export class HallRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private where(table: HallTable, f: HallFilter): { sql: string; params: unknown[]; tsq: string | null } {
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where = [PUBLIC[table]];
    const tsq = f.tsquery ? p(f.tsquery) : null;
    if (tsq) where.push(`a.search_terms @@ CAST(${tsq} AS tsquery)`);
    if (f.sectors) where.push(`a.sectors && ${p(f.sectors)}::text[]`);
    if (f.district) where.push(`a.district = ${p(f.district)}`);
    if (f.kind) where.push(`a.kind::text = ${p(f.kind)}`);
    if (f.trl !== undefined && table === 'capabilities') where.push(`a.trl = ${p(f.trl)}`);
    return { sql: where.join(' AND '), params, tsq };
  }

  /** A page of matching listings, best match first (or newest first), ties newest then by id. */
  async page(table: HallTable, f: HallFilter): Promise<HallRow[]> {
    const { sql, params, tsq } = this.where(table, f);
    const order =
      tsq && f.sort === 'relevance'
        ? `ts_rank_cd(a.search_terms, CAST(${tsq} AS tsquery)) DESC, a.created_at DESC, a.id`
        : `a.created_at DESC, a.id`;
    // The page's size and offset are parameters: in the text, every page a crawler asks for would be one more named
    // statement each connection keeps (preparedQuery names statements by their text).
    const limit = `$${params.push(f.take)}`;
    const offset = `$${params.push(f.skip)}`;
    return preparedQuery<HallRow>(
      this.dataSource,
      `${SELECT[table]} WHERE ${sql} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`,
      params,
    );
  }

  /** How many listings match, and how they spread over kind, district, sector and TRL: one pass over the matches. */
  async facets(table: HallTable, f: HallFilter): Promise<{ total: number; facets: Facets }> {
    const { sql, params } = this.where(table, f);
    const trl = table === 'capabilities' ? 'a.trl' : 'NULL::smallint';
    const rows = await preparedQuery<{ facet: FacetName | 'total'; value: string | null; n: number }>(
      this.dataSource,
      `WITH hit AS MATERIALIZED (SELECT a.kind::text AS kind, a.district::text AS district, a.sectors, ${trl} AS trl
                                  FROM ${table} a WHERE ${sql})
       SELECT 'total' AS facet, NULL AS value, count(*)::int AS n FROM hit
       UNION ALL (SELECT 'kind', kind, count(*)::int FROM hit GROUP BY kind)
       UNION ALL (SELECT 'district', district, count(*)::int FROM hit GROUP BY district)
       UNION ALL (SELECT 'trl', trl::text, count(*)::int FROM hit WHERE trl IS NOT NULL GROUP BY trl)
       UNION ALL (SELECT 'sector', s, count(*)::int FROM hit, unnest(sectors) AS s GROUP BY s
                   ORDER BY count(*) DESC, s LIMIT ${SECTOR_FACET_SIZE})`,
      params,
    );
    const facets: Facets = { kind: [], district: [], sector: [], trl: [] };
    let total = 0;
    for (const r of rows) {
      if (r.facet === 'total') total = r.n;
      else facets[r.facet].push({ value: r.value!, count: r.n });
    }
    for (const list of Object.values(facets)) list.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
    return { total, facets };
  }

  /** One listing, if the public may see it. */
  async one(table: HallTable, id: string): Promise<HallRow | null> {
    const rows = await preparedQuery<HallRow>(
      this.dataSource,
      `${SELECT[table]} WHERE a.id = $1 AND ${PUBLIC[table]}`,
      [id],
    );
    return rows[0] ?? null;
  }
}
