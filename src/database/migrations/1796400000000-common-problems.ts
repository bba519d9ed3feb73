import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 共性技术难题 (common problems): clusters of open needs of different organisations that state the same problem,
 * proposed by the worker and confirmed, edited or dismissed by coordinators (issue 13, part A).
 * - `common_problems`: the cluster, its status, its text, the shared terms and the proposed lead need; `fingerprint`
 *   (sha-256 of the sorted member need ids) lets a re-run recognise a cluster it proposed before.
 * - `common_problem_needs`: the member needs.
 * - `common_problem_capabilities`: the capabilities that fit the members, ranked by the job with matching's scoring.
 * - `common_problem_events`: the audit trail (detection, refresh, edits, decisions, introductions).
 * - `common_problem_introductions`: member enterprises introduced to a consortium of capability owners.
 */
export class CommonProblems1796400000000 implements MigrationInterface {
  name = 'CommonProblems1796400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE "common_problem_status" AS ENUM('candidate', 'confirmed', 'dismissed')`);
    await q.query(`
      CREATE TABLE "common_problems" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "status" "common_problem_status" NOT NULL DEFAULT 'candidate',
        "title" character varying(200) NOT NULL,
        "summary" text NOT NULL,
        "shared_terms" text array NOT NULL DEFAULT '{}',
        "sector_keys" text array NOT NULL DEFAULT '{}',
        "lead_need_id" uuid,
        "lead_reason" text,
        "fingerprint" text NOT NULL,
        "cohesion" double precision NOT NULL DEFAULT 0,
        "edited" boolean NOT NULL DEFAULT false,
        "version" integer NOT NULL DEFAULT 1,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "refreshed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "decided_by" uuid,
        "decided_at" TIMESTAMP WITH TIME ZONE,
        "dismiss_reason" text,
        CONSTRAINT "pk_common_problems" PRIMARY KEY ("id"),
        CONSTRAINT "fk_common_problems_lead_need" FOREIGN KEY ("lead_need_id") REFERENCES "needs"("id") ON DELETE SET NULL ON UPDATE NO ACTION,
        CONSTRAINT "fk_common_problems_decided_by" FOREIGN KEY ("decided_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION
      )`);
    await q.query(`CREATE INDEX "ix_common_problems_status_created" ON "common_problems" ("status", "created_at")`);
    await q.query(`CREATE INDEX "ix_common_problems_fingerprint" ON "common_problems" ("fingerprint")`);
    await q.query(`
      CREATE TABLE "common_problem_needs" (
        "problem_id" uuid NOT NULL,
        "need_id" uuid NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_common_problem_needs" PRIMARY KEY ("problem_id", "need_id"),
        CONSTRAINT "fk_common_problem_needs_problem" FOREIGN KEY ("problem_id") REFERENCES "common_problems"("id") ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT "fk_common_problem_needs_need" FOREIGN KEY ("need_id") REFERENCES "needs"("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`);
    await q.query(`CREATE INDEX "ix_common_problem_needs_need" ON "common_problem_needs" ("need_id")`);
    await q.query(`
      CREATE TABLE "common_problem_capabilities" (
        "problem_id" uuid NOT NULL,
        "capability_id" uuid NOT NULL,
        "rank" integer NOT NULL,
        "score" double precision NOT NULL,
        "covered" integer NOT NULL,
        "fits_all" boolean NOT NULL,
        "explanations" jsonb NOT NULL DEFAULT '[]',
        CONSTRAINT "pk_common_problem_capabilities" PRIMARY KEY ("problem_id", "capability_id"),
        CONSTRAINT "fk_common_problem_capabilities_problem" FOREIGN KEY ("problem_id") REFERENCES "common_problems"("id") ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT "fk_common_problem_capabilities_capability" FOREIGN KEY ("capability_id") REFERENCES "capabilities"("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`);
    await q.query(`
      CREATE TABLE "common_problem_events" (
        "id" BIGSERIAL NOT NULL,
        "problem_id" uuid NOT NULL,
        "actor_id" uuid,
        "kind" text NOT NULL,
        "from_status" "common_problem_status",
        "to_status" "common_problem_status",
        "note" text,
        "data" jsonb NOT NULL DEFAULT '{}',
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_common_problem_events" PRIMARY KEY ("id"),
        CONSTRAINT "ck_common_problem_events_kind" CHECK ("kind" IN ('detected', 'refreshed', 'edited', 'confirmed', 'dismissed', 'introduced')),
        CONSTRAINT "fk_common_problem_events_problem" FOREIGN KEY ("problem_id") REFERENCES "common_problems"("id") ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT "fk_common_problem_events_actor" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION
      )`);
    await q.query(`CREATE INDEX "ix_common_problem_events_problem" ON "common_problem_events" ("problem_id", "id")`);
    await q.query(`
      CREATE TABLE "common_problem_introductions" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "problem_id" uuid NOT NULL,
        "capability_ids" uuid array NOT NULL,
        "organization_ids" uuid array NOT NULL,
        "note" text,
        "created_by" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_common_problem_introductions" PRIMARY KEY ("id"),
        CONSTRAINT "fk_common_problem_introductions_problem" FOREIGN KEY ("problem_id") REFERENCES "common_problems"("id") ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT "fk_common_problem_introductions_created_by" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION
      )`);
    await q.query(
      `CREATE INDEX "ix_common_problem_introductions_problem" ON "common_problem_introductions" ("problem_id", "created_at")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'common_problem_introductions',
      'common_problem_events',
      'common_problem_capabilities',
      'common_problem_needs',
      'common_problems',
    ]) {
      await q.query(`DROP TABLE "${t}"`);
    }
    await q.query(`DROP TYPE "common_problem_status"`);
  }
}
