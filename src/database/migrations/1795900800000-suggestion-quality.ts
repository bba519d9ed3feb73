import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Suggestions a coordinator would act on (issue 11):
 * - matches carry a measured confidence band, and a rejection its structured reason;
 * - need_rankings keeps, for a need ranked with nothing above the floor, its closest near misses (shown on request)
 *   and how many suggestions the ranking wrote;
 * - ranker_models: the re-ranker's versions, the shipped one and those learned from this install's decisions; one
 *   is active.
 */
export class SuggestionQuality1795900800000 implements MigrationInterface {
  name = 'SuggestionQuality1795900800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "matches"
        ADD "band" text,
        ADD "reject_reason" text,
        ADD CONSTRAINT "ck_matches_band" CHECK ("band" IS NULL OR "band" IN ('high', 'medium', 'low')),
        ADD CONSTRAINT "ck_matches_reject_reason" CHECK ("reject_reason" IS NULL OR "reject_reason" IN
          ('not_relevant', 'stage_mismatch', 'unclear_need', 'already_cooperating', 'other'))`);
    await q.query(`ALTER TABLE "need_rankings"
        ADD "suggestions" integer NOT NULL DEFAULT 0,
        ADD "near_misses" jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`CREATE TABLE "ranker_models" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "version" text NOT NULL,
        "status" text NOT NULL,
        "model" jsonb NOT NULL,
        "metrics" jsonb NOT NULL DEFAULT '{}',
        "decisions" integer NOT NULL DEFAULT 0,
        "note" text,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "activated_at" timestamptz,
        "activated_by" uuid,
        CONSTRAINT "pk_ranker_models" PRIMARY KEY ("id"),
        CONSTRAINT "uq_ranker_models_version" UNIQUE ("version"),
        CONSTRAINT "ck_ranker_models_status" CHECK ("status" IN ('active', 'candidate', 'retired', 'rejected')),
        CONSTRAINT "fk_ranker_models_activated_by" FOREIGN KEY ("activated_by") REFERENCES "users"("id")
          ON DELETE SET NULL)`);
    // At most one active model, enforced by PostgreSQL.
    await q.query(
      `CREATE UNIQUE INDEX "uq_ranker_models_active" ON "ranker_models" ("status") WHERE "status" = 'active'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "ranker_models"`);
    await q.query(`ALTER TABLE "need_rankings" DROP COLUMN "near_misses", DROP COLUMN "suggestions"`);
    await q.query(`ALTER TABLE "matches"
        DROP CONSTRAINT "ck_matches_reject_reason",
        DROP CONSTRAINT "ck_matches_band",
        DROP COLUMN "reject_reason",
        DROP COLUMN "band"`);
  }
}
