import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The review queue's orders as whole indexes (status first, then every sort key), so a page of the queue, however
 * deep, walks an index instead of sorting the suggestions; and districts indexed for the queue's district filter.
 */
export class ReviewQueueIndexes1795900400000 implements MigrationInterface {
  name = 'ReviewQueueIndexes1795900400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_matches_status_score"`);
    await q.query(`CREATE INDEX "ix_matches_queue_score" ON "matches" ("status", "score" DESC, "rank", "id")`);
    await q.query(`CREATE INDEX "ix_matches_queue_created" ON "matches" ("status", "created_at", "id")`);
    await q.query(`CREATE INDEX "ix_needs_district" ON "needs" ("district")`);
    await q.query(`CREATE INDEX "ix_capabilities_district" ON "capabilities" ("district")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_capabilities_district"`);
    await q.query(`DROP INDEX "ix_needs_district"`);
    await q.query(`DROP INDEX "ix_matches_queue_created"`);
    await q.query(`DROP INDEX "ix_matches_queue_score"`);
    await q.query(`CREATE INDEX "ix_matches_status_score" ON "matches" ("status", "score" DESC)`);
  }
}
