import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The review queue's indexes also carry the columns its filters read (need, capability, the other sort key), so
 * a page and its total come from the index alone, never from the wide rows with their explanations.
 */
export class ReviewQueueCovering1795900500000 implements MigrationInterface {
  name = 'ReviewQueueCovering1795900500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_matches_queue_score"`);
    await q.query(`DROP INDEX "ix_matches_queue_created"`);
    await q.query(
      `CREATE INDEX "ix_matches_queue_score" ON "matches" ("status", "score" DESC, "rank", "id") INCLUDE ("need_id", "capability_id", "created_at")`,
    );
    await q.query(
      `CREATE INDEX "ix_matches_queue_created" ON "matches" ("status", "created_at", "id") INCLUDE ("need_id", "capability_id", "score")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_matches_queue_created"`);
    await q.query(`DROP INDEX "ix_matches_queue_score"`);
    await q.query(`CREATE INDEX "ix_matches_queue_score" ON "matches" ("status", "score" DESC, "rank", "id")`);
    await q.query(`CREATE INDEX "ix_matches_queue_created" ON "matches" ("status", "created_at", "id")`);
  }
}
