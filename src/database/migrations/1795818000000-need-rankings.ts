import type { MigrationInterface, QueryRunner } from 'typeorm';

/** need_rankings: the version of each need that was last ranked in full. */
export class NeedRankings1795818000000 implements MigrationInterface {
  name = 'NeedRankings1795818000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "need_rankings" (
        "need_id" uuid NOT NULL,
        "version" bigint NOT NULL,
        "ranked_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_need_rankings" PRIMARY KEY ("need_id"),
        CONSTRAINT "fk_need_rankings_need" FOREIGN KEY ("need_id") REFERENCES "needs"("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`);
    // Needs with suggestions already were ranked: record them at their current version.
    await q.query(`
      INSERT INTO need_rankings (need_id, version)
      SELECT n.id, (extract(epoch FROM n.updated_at) * 1000000)::bigint FROM needs n
       WHERE EXISTS (SELECT 1 FROM matches m WHERE m.need_id = n.id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "need_rankings"`);
  }
}
