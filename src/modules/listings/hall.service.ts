import { Injectable } from '@nestjs/common';
import type { NeedKind, CapabilityKind } from '../../common/domain/vocabulary.js';
import { notFound } from '../../common/errors/app-errors.js';
import { skipTake } from '../../common/pagination/pagination.js';
import { highlight, searchQuery, snippet, type SearchQuery } from '../../common/text/search.js';
import { SectorsService } from '../taxonomies/sectors.service.js';
import type {
  HallCapabilitiesQuery,
  HallCapabilityDetail,
  HallCapabilityPage,
  HallCapabilityView,
  HallFacets,
  HallNeedDetail,
  HallNeedPage,
  HallNeedsQuery,
  HallNeedView,
} from './dto/hall.dto.js';
import { FacetCache } from './facet-cache.js';
import { HallRepository, type Facets, type HallFilter, type HallRow, type HallTable } from './hall.repository.js';

/** Counts of this many listings or more take long enough to keep a while (facet-cache.ts); smaller ones are exact. */
const COSTLY_COUNT = 2000;

const WHAT: Record<HallTable, string> = { needs: '需求 need', capabilities: '成果 capability' };

/**
 * The halls (需求大厅 / 成果大厅): public needs and active capabilities, searched with the engine's analysis, ranked,
 * with the search words marked and facet counts. Restricted needs and contacts never appear.
 */
@Injectable()
export class HallService {
  private readonly counts = new FacetCache<{ total: number; facets: Facets }>();

  constructor(
    private readonly repo: HallRepository,
    private readonly sectors: SectorsService,
  ) {}

  async needs(q: HallNeedsQuery): Promise<HallNeedPage> {
    const { items, total, facets, search } = await this.search('needs', q);
    return { items: items.map((r) => needView(r, search)), total, page: q.page, pageSize: q.pageSize, facets };
  }

  async capabilities(q: HallCapabilitiesQuery): Promise<HallCapabilityPage> {
    const { items, total, facets, search } = await this.search('capabilities', q, q.trl);
    return { items: items.map((r) => capabilityView(r, search)), total, page: q.page, pageSize: q.pageSize, facets };
  }

  async need(id: string): Promise<HallNeedDetail> {
    const row = await this.one('needs', id);
    return { ...needView(row, null), description: row.description };
  }

  async capability(id: string): Promise<HallCapabilityDetail> {
    const row = await this.one('capabilities', id);
    return { ...capabilityView(row, null), description: row.description };
  }

  private async one(table: HallTable, id: string): Promise<HallRow> {
    const row = await this.repo.one(table, id);
    if (!row) throw notFound(WHAT[table]);
    return row;
  }

  private async search(
    table: HallTable,
    q: HallNeedsQuery | HallCapabilitiesQuery,
    trl?: number,
  ): Promise<{ items: HallRow[]; total: number; facets: HallFacets; search: SearchQuery | null }> {
    // Blank words are no search; words with nothing searchable were refused by the DTO.
    const search = q.q?.trim() ? searchQuery(q.q) : null;
    const filter: HallFilter = {
      tsquery: search?.tsquery ?? null,
      sectors: q.sector ? await this.sectors.withDescendants(q.sector) : undefined,
      district: q.district,
      kind: q.kind,
      trl,
      sort: q.sort ?? (search ? 'relevance' : 'newest'),
      ...skipTake(q),
    };
    // The counts depend on the filter, not on the page or the order.
    const key = JSON.stringify([table, filter.tsquery, filter.sectors, filter.district, filter.kind, filter.trl]);
    const [items, counted] = await Promise.all([
      this.repo.page(table, filter),
      this.counts.get(
        key,
        () => this.repo.facets(table, filter),
        (c) => c.total >= COSTLY_COUNT,
      ),
    ]);
    const facets: HallFacets = { ...counted.facets };
    if (table === 'needs') delete facets.trl;
    return { items, total: counted.total, facets, search };
  }
}

function listingView(r: HallRow, search: SearchQuery | null) {
  const terms = search?.terms ?? [];
  return {
    id: r.id,
    title: highlight(r.title, terms),
    snippet: snippet(r.description, terms),
    sectors: r.sectors,
    keywords: r.keywords,
    district: r.district,
    cooperationModes: r.cooperation_modes,
    organization: { name: r.organization_name, kind: r.organization_kind },
    createdAt: r.created_at,
  };
}

function needView(r: HallRow, search: SearchQuery | null): HallNeedView {
  return {
    ...listingView(r, search),
    kind: r.kind as NeedKind,
    budgetMin: r.budget_min === null ? null : Number(r.budget_min),
    budgetMax: r.budget_max === null ? null : Number(r.budget_max),
    deadline: r.deadline,
  };
}

function capabilityView(r: HallRow, search: SearchQuery | null): HallCapabilityView {
  return { ...listingView(r, search), kind: r.kind as CapabilityKind, trl: r.trl, ipStatus: r.ip_status };
}
