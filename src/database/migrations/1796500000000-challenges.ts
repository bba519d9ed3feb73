import type { MigrationInterface, QueryRunner } from 'typeorm';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

// Written out, not imported: a migration is history, it must not change when the code's lists do.
const CHALLENGE_STATUSES = [
  'draft',
  'pending_approval',
  'published',
  'reviewing',
  'notice',
  'awarded',
  'completed',
  'failed',
];
const APPLICATION_STATUSES = [
  'submitted',
  'withdrawn',
  'shortlisted',
  'not_shortlisted',
  'intended_winner',
  'winner',
  'not_selected',
];

/**
 * 揭榜挂帅 (open challenges): the challenge (榜) with its indicators, funding, eligibility and milestones; the
 * applications (揭榜申请) of a lead organisation and its consortium members; their PDF attachments (in PostgreSQL or
 * ATTACHMENTS_DIR); and the challenge's audit trail (challenge_events), which the review, notice and award steps use
 * too.
 */
export class Challenges1796500000000 implements MigrationInterface {
  name = 'Challenges1796500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE "challenge_status" AS ENUM(${list(CHALLENGE_STATUSES)})`);
    await q.query(`CREATE TYPE "application_status" AS ENUM(${list(APPLICATION_STATUSES)})`);
    await q.query(`
      CREATE TABLE "challenges" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "status" "challenge_status" NOT NULL DEFAULT 'draft',
        "title" character varying(200) NOT NULL,
        "problem" text NOT NULL,
        "source_need_id" uuid,
        "common_problem_id" uuid,
        "issuer_organization_id" uuid NOT NULL,
        "created_by" uuid,
        "sector_keys" text array NOT NULL DEFAULT '{}',
        "keywords" text array NOT NULL DEFAULT '{}',
        "indicators" jsonb NOT NULL,
        "funding_total_yuan" bigint NOT NULL,
        "funding_sources" jsonb NOT NULL,
        "eligibility" jsonb NOT NULL,
        "application_deadline" TIMESTAMP WITH TIME ZONE NOT NULL,
        "ip_terms" text NOT NULL,
        "multiple_winners" boolean NOT NULL DEFAULT false,
        "max_winners" integer NOT NULL DEFAULT 1,
        "criteria_weights" jsonb NOT NULL,
        "published_at" TIMESTAMP WITH TIME ZONE,
        "review_started_at" TIMESTAMP WITH TIME ZONE,
        "notice_started_at" TIMESTAMP WITH TIME ZONE,
        "notice_ends_on" date,
        "awarded_at" TIMESTAMP WITH TIME ZONE,
        "closed_at" TIMESTAMP WITH TIME ZONE,
        "close_reason" text,
        "version" integer NOT NULL DEFAULT 1,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_challenges" PRIMARY KEY ("id"),
        CONSTRAINT "ck_challenges_funding" CHECK ("funding_total_yuan" > 0),
        CONSTRAINT "ck_challenges_winners" CHECK ("max_winners" >= 1 AND ("multiple_winners" OR "max_winners" = 1)),
        CONSTRAINT "fk_challenges_source_need" FOREIGN KEY ("source_need_id") REFERENCES "needs"("id") ON DELETE SET NULL ON UPDATE NO ACTION,
        CONSTRAINT "fk_challenges_common_problem" FOREIGN KEY ("common_problem_id") REFERENCES "common_problems"("id") ON DELETE SET NULL ON UPDATE NO ACTION,
        CONSTRAINT "fk_challenges_issuer" FOREIGN KEY ("issuer_organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT "fk_challenges_created_by" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION
      )`);
    await q.query(`CREATE INDEX "ix_challenges_status_created" ON "challenges" ("status", "created_at")`);
    await q.query(`CREATE INDEX "ix_challenges_issuer" ON "challenges" ("issuer_organization_id")`);
    await q.query(`CREATE INDEX "ix_challenges_source_need" ON "challenges" ("source_need_id")`);
    await q.query(`CREATE INDEX "ix_challenges_common_problem" ON "challenges" ("common_problem_id")`);

    await q.query(`
      CREATE TABLE "challenge_milestones" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "challenge_id" uuid NOT NULL,
        "seq" integer NOT NULL,
        "title" text NOT NULL,
        "due_on" date NOT NULL,
        "share_pct" integer NOT NULL,
        CONSTRAINT "pk_challenge_milestones" PRIMARY KEY ("id"),
        CONSTRAINT "uq_challenge_milestones_seq" UNIQUE ("challenge_id", "seq"),
        CONSTRAINT "ck_challenge_milestones_share" CHECK ("share_pct" BETWEEN 1 AND 100),
        CONSTRAINT "fk_challenge_milestones_challenge" FOREIGN KEY ("challenge_id") REFERENCES "challenges"("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`);

    await q.query(`
      CREATE TABLE "challenge_applications" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "challenge_id" uuid NOT NULL,
        "lead_organization_id" uuid NOT NULL,
        "submitted_by" uuid,
        "status" "application_status" NOT NULL DEFAULT 'submitted',
        "title" character varying(200) NOT NULL,
        "approach" text NOT NULL,
        "team" jsonb NOT NULL,
        "team_size" integer NOT NULL,
        "trl" integer NOT NULL,
        "budget" jsonb NOT NULL,
        "plan" jsonb NOT NULL,
        "prior_results" text,
        "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "withdrawn_at" TIMESTAMP WITH TIME ZONE,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "version" integer NOT NULL DEFAULT 1,
        CONSTRAINT "pk_challenge_applications" PRIMARY KEY ("id"),
        CONSTRAINT "ck_challenge_applications_team_size" CHECK ("team_size" >= 1),
        CONSTRAINT "ck_challenge_applications_trl" CHECK ("trl" BETWEEN 1 AND 9),
        CONSTRAINT "fk_challenge_applications_challenge" FOREIGN KEY ("challenge_id") REFERENCES "challenges"("id") ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT "fk_challenge_applications_lead" FOREIGN KEY ("lead_organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT "fk_challenge_applications_submitted_by" FOREIGN KEY ("submitted_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION
      )`);
    await q.query(
      `CREATE INDEX "ix_challenge_applications_challenge" ON "challenge_applications" ("challenge_id", "status")`,
    );
    // One live application per challenge and lead organisation (a withdrawn one may be followed by a new one).
    await q.query(
      `CREATE UNIQUE INDEX "uq_challenge_applications_live" ON "challenge_applications" ("challenge_id", "lead_organization_id") WHERE status <> 'withdrawn'`,
    );

    await q.query(`
      CREATE TABLE "challenge_application_members" (
        "application_id" uuid NOT NULL,
        "organization_id" uuid NOT NULL,
        "role" text NOT NULL,
        "is_lead" boolean NOT NULL DEFAULT false,
        "status" text NOT NULL DEFAULT 'invited',
        "responded_at" TIMESTAMP WITH TIME ZONE,
        "response_note" text,
        CONSTRAINT "pk_challenge_application_members" PRIMARY KEY ("application_id", "organization_id"),
        CONSTRAINT "ck_challenge_application_members_status" CHECK ("status" IN ('invited', 'accepted', 'declined')),
        CONSTRAINT "ck_challenge_application_members_lead" CHECK (NOT "is_lead" OR "status" = 'accepted'),
        CONSTRAINT "fk_challenge_application_members_application" FOREIGN KEY ("application_id") REFERENCES "challenge_applications"("id") ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT "fk_challenge_application_members_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await q.query(
      `CREATE INDEX "ix_challenge_application_members_org" ON "challenge_application_members" ("organization_id")`,
    );

    await q.query(`
      CREATE TABLE "challenge_attachments" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "application_id" uuid NOT NULL,
        "filename" text NOT NULL,
        "content_type" text NOT NULL DEFAULT 'application/pdf',
        "size_bytes" integer NOT NULL,
        "sha256" text NOT NULL,
        "storage" text NOT NULL,
        "content" bytea,
        "path" text,
        "uploaded_by" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_challenge_attachments" PRIMARY KEY ("id"),
        CONSTRAINT "ck_challenge_attachments_type" CHECK ("content_type" = 'application/pdf'),
        CONSTRAINT "ck_challenge_attachments_size" CHECK ("size_bytes" > 0 AND "size_bytes" <= 20971520),
        CONSTRAINT "ck_challenge_attachments_sha256" CHECK ("sha256" ~ '^[0-9a-f]{64}$'),
        CONSTRAINT "ck_challenge_attachments_storage" CHECK (("storage" = 'database' AND "content" IS NOT NULL AND "path" IS NULL) OR ("storage" = 'directory' AND "content" IS NULL AND "path" IS NOT NULL)),
        CONSTRAINT "fk_challenge_attachments_application" FOREIGN KEY ("application_id") REFERENCES "challenge_applications"("id") ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT "fk_challenge_attachments_uploaded_by" FOREIGN KEY ("uploaded_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION
      )`);
    await q.query(
      `CREATE INDEX "ix_challenge_attachments_application" ON "challenge_attachments" ("application_id", "created_at")`,
    );

    await q.query(`
      CREATE TABLE "challenge_events" (
        "id" BIGSERIAL NOT NULL,
        "challenge_id" uuid NOT NULL,
        "application_id" uuid,
        "actor_id" uuid,
        "kind" text NOT NULL,
        "from_status" text,
        "to_status" text,
        "note" text,
        "data" jsonb NOT NULL DEFAULT '{}',
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_challenge_events" PRIMARY KEY ("id"),
        CONSTRAINT "fk_challenge_events_challenge" FOREIGN KEY ("challenge_id") REFERENCES "challenges"("id") ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT "fk_challenge_events_application" FOREIGN KEY ("application_id") REFERENCES "challenge_applications"("id") ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT "fk_challenge_events_actor" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION
      )`);
    await q.query(`CREATE INDEX "ix_challenge_events_challenge" ON "challenge_events" ("challenge_id", "id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "challenge_events"`);
    await q.query(`DROP TABLE "challenge_attachments"`);
    await q.query(`DROP TABLE "challenge_application_members"`);
    await q.query(`DROP TABLE "challenge_applications"`);
    await q.query(`DROP TABLE "challenge_milestones"`);
    await q.query(`DROP TABLE "challenges"`);
    await q.query(`DROP TYPE "application_status"`);
    await q.query(`DROP TYPE "challenge_status"`);
  }
}
