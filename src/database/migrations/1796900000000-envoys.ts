import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Science envoys and 科技副总 (issue 14, part C): secondment posts, nominations (mutual choice), agreements, monthly
 * work logs, evaluations, the audit trail, and the expertise capabilities the matching engine ranks for a post.
 *
 * A nominee is held once per post while the nomination is live (partial unique indexes on the nominee user and on the
 * capability). A nominated user or capability cannot be deleted under a nomination (ON DELETE RESTRICT): the
 * nomination, its agreement and logs are the record of the secondment.
 *
 * A post's candidates are the engine's suggestions (`near_miss` false, by rank) and, when none passes the floor, the
 * closest below it (`near_miss` true, ranked after them), as a need's near misses are.
 */
export class Envoys1796900000000 implements MigrationInterface {
  name = 'Envoys1796900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "secondment_posts" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organization_id" uuid NOT NULL,
        "created_by" uuid,
        "kind" text NOT NULL,
        "title" text NOT NULL,
        "field" text NOT NULL,
        "tasks" text NOT NULL,
        "keywords" text array NOT NULL DEFAULT '{}',
        "term_months" integer NOT NULL,
        "district" "district" NOT NULL,
        "address" text NOT NULL DEFAULT '',
        "support" text NOT NULL DEFAULT '',
        "positions" integer NOT NULL DEFAULT 1,
        "status" text NOT NULL DEFAULT 'draft',
        "closed_reason" text,
        "opened_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_secondment_posts" PRIMARY KEY ("id"),
        CONSTRAINT "ck_secondment_posts_kind" CHECK ("kind" IN ('envoy', 'vice_president')),
        CONSTRAINT "ck_secondment_posts_status" CHECK ("status" IN ('draft', 'open', 'filled', 'closed')),
        CONSTRAINT "ck_secondment_posts_term_months" CHECK ("term_months" BETWEEN 1 AND 36),
        CONSTRAINT "ck_secondment_posts_positions" CHECK ("positions" BETWEEN 1 AND 100),
        CONSTRAINT "fk_secondment_posts_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_secondment_posts_created_by" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await q.query(`CREATE INDEX "ix_secondment_posts_status" ON "secondment_posts" ("status", "created_at")`);
    await q.query(`CREATE INDEX "ix_secondment_posts_organization" ON "secondment_posts" ("organization_id")`);

    await q.query(`
      CREATE TABLE "secondment_nominations" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "post_id" uuid NOT NULL,
        "nominating_organization_id" uuid NOT NULL,
        "nominee_user_id" uuid,
        "capability_id" uuid,
        "nominee_name" text NOT NULL,
        "statement" text NOT NULL DEFAULT '',
        "nominated_by" uuid,
        "status" text NOT NULL DEFAULT 'nominated',
        "enterprise_accepted_at" TIMESTAMP WITH TIME ZONE,
        "nominee_accepted_at" TIMESTAMP WITH TIME ZONE,
        "decline_reason" text,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_secondment_nominations" PRIMARY KEY ("id"),
        CONSTRAINT "ck_secondment_nominations_status" CHECK ("status" IN ('nominated', 'enterprise_accepted', 'nominee_accepted', 'matched', 'declined', 'withdrawn')),
        CONSTRAINT "ck_secondment_nominations_nominee" CHECK ("nominee_user_id" IS NOT NULL OR "capability_id" IS NOT NULL),
        CONSTRAINT "fk_secondment_nominations_post" FOREIGN KEY ("post_id") REFERENCES "secondment_posts"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_secondment_nominations_organization" FOREIGN KEY ("nominating_organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_secondment_nominations_nominee" FOREIGN KEY ("nominee_user_id") REFERENCES "users"("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_secondment_nominations_capability" FOREIGN KEY ("capability_id") REFERENCES "capabilities"("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_secondment_nominations_nominated_by" FOREIGN KEY ("nominated_by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await q.query(`CREATE INDEX "ix_secondment_nominations_post" ON "secondment_nominations" ("post_id", "status")`);
    await q.query(
      `CREATE INDEX "ix_secondment_nominations_organization" ON "secondment_nominations" ("nominating_organization_id")`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "uq_secondment_nominations_user" ON "secondment_nominations" ("post_id", "nominee_user_id") WHERE status NOT IN ('declined', 'withdrawn') AND nominee_user_id IS NOT NULL`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "uq_secondment_nominations_capability" ON "secondment_nominations" ("post_id", "capability_id") WHERE status NOT IN ('declined', 'withdrawn') AND capability_id IS NOT NULL`,
    );

    await q.query(`
      CREATE TABLE "secondment_agreements" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "nomination_id" uuid NOT NULL,
        "post_id" uuid NOT NULL,
        "starts_on" date NOT NULL,
        "ends_on" date NOT NULL,
        "terms" text NOT NULL,
        "status" text NOT NULL DEFAULT 'draft',
        "created_by" uuid,
        "enterprise_signed_by" uuid,
        "enterprise_signed_at" TIMESTAMP WITH TIME ZONE,
        "provider_signed_by" uuid,
        "provider_signed_at" TIMESTAMP WITH TIME ZONE,
        "activated_at" TIMESTAMP WITH TIME ZONE,
        "ended_at" TIMESTAMP WITH TIME ZONE,
        "termination_reason" text,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_secondment_agreements" PRIMARY KEY ("id"),
        CONSTRAINT "uq_secondment_agreements_nomination" UNIQUE ("nomination_id"),
        CONSTRAINT "ck_secondment_agreements_status" CHECK ("status" IN ('draft', 'active', 'completed', 'terminated')),
        CONSTRAINT "ck_secondment_agreements_dates" CHECK ("ends_on" >= "starts_on"),
        CONSTRAINT "ck_secondment_agreements_active_signed" CHECK ("status" IN ('draft', 'terminated') OR ("enterprise_signed_at" IS NOT NULL AND "provider_signed_at" IS NOT NULL)),
        CONSTRAINT "fk_secondment_agreements_nomination" FOREIGN KEY ("nomination_id") REFERENCES "secondment_nominations"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_secondment_agreements_post" FOREIGN KEY ("post_id") REFERENCES "secondment_posts"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_secondment_agreements_created_by" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL,
        CONSTRAINT "fk_secondment_agreements_enterprise_signer" FOREIGN KEY ("enterprise_signed_by") REFERENCES "users"("id") ON DELETE SET NULL,
        CONSTRAINT "fk_secondment_agreements_provider_signer" FOREIGN KEY ("provider_signed_by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await q.query(`CREATE INDEX "ix_secondment_agreements_post" ON "secondment_agreements" ("post_id", "status")`);

    await q.query(`
      CREATE TABLE "envoy_work_logs" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "agreement_id" uuid NOT NULL,
        "month" date NOT NULL,
        "author_id" uuid,
        "summary" text NOT NULL,
        "hours" integer NOT NULL,
        "achievements" text NOT NULL DEFAULT '',
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_envoy_work_logs" PRIMARY KEY ("id"),
        CONSTRAINT "uq_envoy_work_logs_agreement_month" UNIQUE ("agreement_id", "month"),
        CONSTRAINT "ck_envoy_work_logs_month" CHECK (EXTRACT(DAY FROM "month") = 1),
        CONSTRAINT "ck_envoy_work_logs_hours" CHECK ("hours" BETWEEN 0 AND 744),
        CONSTRAINT "fk_envoy_work_logs_agreement" FOREIGN KEY ("agreement_id") REFERENCES "secondment_agreements"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_envoy_work_logs_author" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE SET NULL
      )`);

    await q.query(`
      CREATE TABLE "envoy_evaluations" (
        "agreement_id" uuid NOT NULL,
        "rating" smallint NOT NULL,
        "comment" text NOT NULL DEFAULT '',
        "would_renew" boolean NOT NULL,
        "evaluated_by" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_envoy_evaluations" PRIMARY KEY ("agreement_id"),
        CONSTRAINT "ck_envoy_evaluations_rating" CHECK ("rating" BETWEEN 1 AND 5),
        CONSTRAINT "fk_envoy_evaluations_agreement" FOREIGN KEY ("agreement_id") REFERENCES "secondment_agreements"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_envoy_evaluations_evaluated_by" FOREIGN KEY ("evaluated_by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);

    await q.query(`
      CREATE TABLE "secondment_events" (
        "id" BIGSERIAL NOT NULL,
        "post_id" uuid NOT NULL,
        "subject" text NOT NULL,
        "subject_id" uuid NOT NULL,
        "actor_id" uuid,
        "kind" text NOT NULL,
        "from_status" text,
        "to_status" text,
        "note" text,
        "data" jsonb NOT NULL DEFAULT '{}',
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_secondment_events" PRIMARY KEY ("id"),
        CONSTRAINT "ck_secondment_events_subject" CHECK ("subject" IN ('post', 'nomination', 'agreement', 'log', 'evaluation', 'candidates')),
        CONSTRAINT "fk_secondment_events_post" FOREIGN KEY ("post_id") REFERENCES "secondment_posts"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_secondment_events_actor" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await q.query(`CREATE INDEX "ix_secondment_events_post" ON "secondment_events" ("post_id", "id")`);

    await q.query(`
      CREATE TABLE "secondment_post_candidates" (
        "post_id" uuid NOT NULL,
        "capability_id" uuid NOT NULL,
        "rank" integer NOT NULL,
        "score" double precision NOT NULL,
        "explanation" jsonb NOT NULL,
        "near_miss" boolean NOT NULL DEFAULT false,
        "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "pk_secondment_post_candidates" PRIMARY KEY ("post_id", "capability_id"),
        CONSTRAINT "fk_secondment_post_candidates_post" FOREIGN KEY ("post_id") REFERENCES "secondment_posts"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_secondment_post_candidates_capability" FOREIGN KEY ("capability_id") REFERENCES "capabilities"("id") ON DELETE CASCADE
      )`);
    await q.query(
      `CREATE INDEX "ix_secondment_post_candidates_capability" ON "secondment_post_candidates" ("capability_id")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "secondment_post_candidates"`);
    await q.query(`DROP TABLE "secondment_events"`);
    await q.query(`DROP TABLE "envoy_evaluations"`);
    await q.query(`DROP TABLE "envoy_work_logs"`);
    await q.query(`DROP TABLE "secondment_agreements"`);
    await q.query(`DROP TABLE "secondment_nominations"`);
    await q.query(`DROP TABLE "secondment_posts"`);
  }
}
