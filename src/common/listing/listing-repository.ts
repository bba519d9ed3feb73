import { Brackets, type EntityManager, type EntityTarget, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { likePattern } from './listing-query.js';

export interface ListingFilter {
  organizationId?: string;
  status?: string;
  kind?: string;
  district?: string;
  /** Any of these sector references. */
  sectors?: string[];
  q?: string;
}

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
    // The index finds the rows holding the query's characters and character pairs; ILIKE keeps the exact matches.
    qb.andWhere('listing_search_grams(a.title, a.description, a.keywords) @> listing_query_grams(:rawQ)', {
      rawQ: f.q,
    }).andWhere(
      new Brackets((w) =>
        w
          .where('a.title ILIKE :q', { q: likePattern(f.q!) })
          .orWhere('a.description ILIKE :q')
          .orWhere(`array_to_string(a.keywords, ' ') ILIKE :q`),
      ),
    );
  }
  return qb;
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
