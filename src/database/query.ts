import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { DataSource, EntityManager } from 'typeorm';

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

/**
 * A read that runs as a named prepared statement on the pool TypeORM holds: each connection plans it once (then
 * PostgreSQL may keep a generic plan), instead of planning a many-table join on every request, which cost more than
 * running it. The name is derived from the text, so every distinct query gets its own statement.
 */
export async function preparedQuery<T>(dataSource: DataSource, text: string, values: unknown[]): Promise<T[]> {
  const pool = (dataSource.driver as unknown as { master: pg.Pool }).master;
  const name = `tm_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
  const result = await pool.query<T & pg.QueryResultRow>({ name, text, values });
  return result.rows;
}

/**
 * Deletes the rows of `table` that `where` selects, `batch` at a time, each slice its own statement: the first
 * clean-up of a table that grew for months neither holds locks for long nor runs into the statement timeout.
 * `table` and `where` are the caller's constants; values go in `params`. Returns how many rows went.
 */
export async function deleteInBatches(
  m: Pick<EntityManager, 'query'>,
  table: string,
  where: string,
  params: unknown[],
  batch = 5000,
): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await affected(
      m,
      `DELETE FROM ${table} WHERE ctid = ANY(ARRAY(SELECT ctid FROM ${table} WHERE ${where} LIMIT ${batch}))`,
      params,
    );
    total += n;
    if (n < batch) return total;
  }
}
