import type { EntityManager } from 'typeorm';

/**
 * Runs an UPDATE or DELETE … RETURNING and gives back the returned rows. (TypeORM's `query` answers these with
 * `[rows, affectedCount]`, unlike SELECT and INSERT, which give the rows themselves.)
 */
export async function updateReturning<T>(
  m: Pick<EntityManager, 'query'>,
  sql: string,
  params: unknown[],
): Promise<T[]> {
  const result: unknown = await m.query(sql, params);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  return result as T[];
}

/** Runs an UPDATE or DELETE and gives back how many rows it changed. */
export async function affected(m: Pick<EntityManager, 'query'>, sql: string, params: unknown[]): Promise<number> {
  const result: unknown = await m.query(sql, params);
  return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
}
