import type { EntityManager } from 'typeorm';
import { conflict } from '../errors/app-errors.js';

/**
 * A listing whose match a coordinator has approved (or carried further) is part of an introduction's record and
 * cannot be deleted: it should be closed or withdrawn instead. Suggestions and rejections go with it.
 */
export async function assertNoReviewedMatches(
  m: EntityManager,
  column: 'need_id' | 'capability_id',
  id: string,
): Promise<void> {
  // The rows are locked: an approval that commits while we check waits for us, then finds the match gone, rather
  // than being cascaded away unseen.
  const rows: Array<{ status: string }> = await m.query(`SELECT status FROM matches WHERE ${column} = $1 FOR UPDATE`, [
    id,
  ]);
  if (rows.some((r) => r.status !== 'suggested' && r.status !== 'rejected')) {
    throw conflict(
      column === 'need_id'
        ? '该需求已有通过审核的匹配，不能删除，请改为关闭 / this need has approved matches: close it instead of deleting it'
        : '该成果已有通过审核的匹配，不能删除，请改为撤回 / this capability has approved matches: withdraw it instead of deleting it',
    );
  }
}
