import type { EntityManager } from 'typeorm';

/** Every active coordinator and admin: those told of what coordinators decide on (inbox, e-mail). */
export async function coordinatorIds(m: Pick<EntityManager, 'query'>): Promise<string[]> {
  const rows = await m.query<Array<{ id: string }>>(
    `SELECT id FROM users WHERE active AND role IN ('coordinator', 'admin')`,
  );
  return rows.map((r) => r.id);
}
