import type { MigrationInterface, QueryRunner } from 'typeorm';

const INCLUDE = `INCLUDE ("need_id", "capability_id", "created_at", "listing_sector_keys", "listing_districts", "band")`;

/**
 * The review queue pages by keyset (`cursor`): the page after a row is one range of one index, entered at that row.
 * The band order (band, then best first) mixed directions and sorted matches from before bands as NULL, so no single
 * range could start inside it; the same order is now all ascending (the score negated, no band as 3, after low), and
 * "after this row" is one row comparison: `(band order, -score, rank, id) > (…)`.
 */
export class ReviewQueueKeyset1796200000000 implements MigrationInterface {
  name = 'ReviewQueueKeyset1796200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_matches_queue_band"`);
    await q.query(
      `CREATE INDEX "ix_matches_queue_band" ON "matches"
         ("status", (CASE "band" WHEN 'high' THEN 0 WHEN 'medium' THEN 1 WHEN 'low' THEN 2 ELSE 3 END), (-"score"), "rank", "id")
         ${INCLUDE}`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_matches_queue_band"`);
    await q.query(
      `CREATE INDEX "ix_matches_queue_band" ON "matches"
         ("status", (CASE "band" WHEN 'high' THEN 0 WHEN 'medium' THEN 1 WHEN 'low' THEN 2 END), "score" DESC, "rank", "id")
         ${INCLUDE}`,
    );
  }
}
