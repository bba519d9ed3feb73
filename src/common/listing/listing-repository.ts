import { Brackets, type EntityManager, type EntityTarget, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { SEARCH_TERMS_VERSION, searchQuery, searchVector, type SearchableListing } from '../text/search.js';

export interface ListingFilter {
  organizationId?: string;
  status?: string;
  kind?: string;
  district?: string;
  /** Any of these sector references. */
  sectors?: string[];
  q?: string;
  /** With `q`: best match first (the default), or newest first. Without `q`: always newest first. */
  sort?: ListingSort;
}

export const LISTING_SORTS = ['relevance', 'newest'] as const;
export type ListingSort = (typeof LISTING_SORTS)[number];

/** The filters needs and capabilities share, on a query over alias `a`. */
export function applyListingFilters<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  f: ListingFilter,
): SelectQueryBuilder<T> {
  if (f.organizationId) qb.andWhere('a.organization_id = :org', { org: f.organizationId });
  if (f.status) qb.andWhere('a.status = :status', { status: f.status });
  if (f.kind) qb.andWhere('a.kind = :kind', { kind: f.kind });
  if (f.district) qb.andWhere('a.district = :district', { district: f.district });
  if (f.sectors) qb.andWhere('a.sectors && :sectors::text[]', { sectors: f.sectors });
  if (f.q) {
    // Every word the user typed, among the listing's terms (the GIN index of search_terms finds them).
    const query = searchQuery(f.q);
    if (!query) qb.andWhere('false');
    else qb.andWhere('a.search_terms @@ CAST(:tsq AS tsquery)', { tsq: query.tsquery });
  }
  return qb;
}

/**
 * The lists' order: with search words, best match first (title above keywords above description, words close
 * together above words apart), then newest; otherwise newest first. Ties by id, so pages never overlap.
 */
export function orderListings<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  f: ListingFilter,
): SelectQueryBuilder<T> {
  if (f.q && f.sort !== 'newest' && qb.expressionMap.parameters.tsq !== undefined) {
    qb.addSelect('ts_rank_cd(a.search_terms, CAST(:tsq AS tsquery))', 'relevance').orderBy('relevance', 'DESC');
    qb.addOrderBy('a.created_at', 'DESC');
  } else {
    qb.orderBy('a.created_at', 'DESC');
  }
  return qb.addOrderBy('a.id', 'ASC');
}

/** Where a keyset page ends: the last row's created_at (as PostgreSQL writes it, to the microsecond) and id. */
export interface ListingCursor {
  at: string;
  id: string;
}

/**
 * The page after `after` in the lists' order (newest first, then by id), with each row's cursor: keyset paging, so
 * page 1,000 costs what page 1 does and rows added meanwhile neither shift nor repeat what follows.
 */
export async function keysetPage<T extends { id: string }>(
  qb: SelectQueryBuilder<T>,
  after: ListingCursor | null,
  take: number,
): Promise<Array<{ row: T; cursor: ListingCursor }>> {
  if (after) {
    // `<=` first, so the (created_at DESC, id) index starts the scan at the cursor instead of filtering up to it.
    qb.andWhere('a.created_at <= :afterAt::timestamptz', { afterAt: after.at }).andWhere(
      new Brackets((w) =>
        w
          .where('a.created_at < :afterAt::timestamptz', { afterAt: after.at })
          .orWhere('a.id > :afterId', { afterId: after.id }),
      ),
    );
  }
  // A JavaScript Date keeps milliseconds only: the cursor is the column's own text.
  const { entities, raw } = await qb
    .addSelect('a.created_at::text', 'cursor_at')
    .orderBy('a.created_at', 'DESC')
    .addOrderBy('a.id', 'ASC')
    .limit(take)
    .getRawAndEntities<{ a_id: string; cursor_at: string }>();
  const at = new Map(raw.map((r) => [r.a_id, r.cursor_at]));
  return entities.map((row) => ({ row, cursor: { at: at.get(row.id)!, id: row.id } }));
}

/** Inserts rows in slices and returns them as stored, in the order given. */
export async function insertAll<T extends { id: string }>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  rows: Array<Partial<T>>,
): Promise<T[]> {
  const ids: string[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(entity)
      .values(rows.slice(i, i + 500) as never)
      .returning(['id'])
      .execute();
    ids.push(...(result.raw as Array<{ id: string }>).map((r) => r.id));
  }
  const saved = await manager
    .getRepository(entity)
    .createQueryBuilder('a')
    .where('a.id = ANY(:ids)', { ids })
    .getMany();
  const byId = new Map(saved.map((x) => [x.id, x]));
  return ids.map((id) => byId.get(id)!);
}

/** A listing row with its search terms, as every write of a listing's text stores them. */
export function withSearchTerms<T extends SearchableListing>(
  row: T,
): T & { searchTerms: string; searchVersion: number } {
  return { ...row, searchTerms: searchVector(row), searchVersion: SEARCH_TERMS_VERSION };
}

/** Inserts listings (needs or capabilities) with their search terms; returns them as stored, in the order given. */
export function insertListings<T extends SearchableListing & { id: string }>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  rows: Array<Partial<T> & SearchableListing>,
): Promise<T[]> {
  return insertAll(manager, entity, rows.map(withSearchTerms) as unknown as Array<Partial<T>>);
}

/** Updates a listing; when its title, description or keywords change, its search terms are rewritten with them. */
export async function updateListing<T extends SearchableListing & { id: string }>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  id: string,
  patch: Partial<T>,
): Promise<T> {
  const repo = manager.getRepository(entity);
  const where = { id } as never;
  let write: Partial<T> = patch;
  if (patch.title !== undefined || patch.description !== undefined || patch.keywords !== undefined) {
    // Locked: two edits of different fields at once would otherwise each build terms from the other's old text, and
    // the last to commit would leave terms of a text that never existed (of the current version, never rebuilt).
    const current = await repo.findOneOrFail({ where, lock: { mode: 'pessimistic_write' } });
    write = withSearchTerms({
      ...patch,
      title: patch.title ?? current.title,
      description: patch.description ?? current.description,
      keywords: patch.keywords ?? current.keywords,
    });
  }
  if (Object.keys(write).length) await repo.update(where, write as never);
  return repo.findOneByOrFail(where);
}
