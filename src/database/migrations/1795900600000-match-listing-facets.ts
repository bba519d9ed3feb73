import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The review queue filters suggestions by the sectors and districts of either listing. Each match now carries
 * them (both listings' sectors, both districts), written with the suggestion and refreshed when a listing changes,
 * and the queue's covering indexes include them: a filter on a whole category (thousands of suggestions) reads the
 * index alone instead of every capability of that category.
 */
export class MatchListingFacets1795900600000 implements MigrationInterface {
  name = 'MatchListingFacets1795900600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "matches" ADD "listing_sectors" text[] NOT NULL DEFAULT '{}', ADD "listing_districts" text[] NOT NULL DEFAULT '{}'`,
    );
    await q.query(`
      UPDATE matches m SET listing_sectors = n.sectors || c.sectors,
                           listing_districts = ARRAY[n.district::text, c.district::text]
        FROM needs n, capabilities c WHERE n.id = m.need_id AND c.id = m.capability_id`);
    await q.query(`DROP INDEX "ix_matches_queue_score"`);
    await q.query(`DROP INDEX "ix_matches_queue_created"`);
    await q.query(
      `CREATE INDEX "ix_matches_queue_score" ON "matches" ("status", "score" DESC, "rank", "id")
         INCLUDE ("need_id", "capability_id", "created_at", "listing_sectors", "listing_districts")`,
    );
    await q.query(
      `CREATE INDEX "ix_matches_queue_created" ON "matches" ("status", "created_at", "id")
         INCLUDE ("need_id", "capability_id", "score", "listing_sectors", "listing_districts")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_matches_queue_created"`);
    await q.query(`DROP INDEX "ix_matches_queue_score"`);
    await q.query(
      `CREATE INDEX "ix_matches_queue_score" ON "matches" ("status", "score" DESC, "rank", "id") INCLUDE ("need_id", "capability_id", "created_at")`,
    );
    await q.query(
      `CREATE INDEX "ix_matches_queue_created" ON "matches" ("status", "created_at", "id") INCLUDE ("need_id", "capability_id", "score")`,
    );
    await q.query(`ALTER TABLE "matches" DROP COLUMN "listing_districts", DROP COLUMN "listing_sectors"`);
  }
}
