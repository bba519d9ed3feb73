import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 揭榜挂帅, from review to money (issue 13, part B2): the `expert` flag on users, expert panels, conflicts of
 * interest, review sheets, objections during the public notice (公示), awards with their three-party agreement, each
 * winner's milestones (验收), and the funding ledger.
 *
 * The ledger is append-only: a trigger refuses UPDATE, DELETE and TRUNCATE. Its kinds: `commit` (a winner's amount at
 * the award), `release` (an accepted milestone's amount) and `cancel` (when the challenge fails after the award: the
 * winner's unreleased remainder withdrawn, a positive amount; outstanding = committed − released − cancelled). Its
 * writer locks the challenge row and checks the totals; a constraint trigger checks them again in the database, under the same row lock, so that no
 * path (a bug, a second process, a hand-written INSERT) can commit more than the challenge's funding, release more
 * than was committed to a winner, or release a milestone twice.
 */
export class ChallengeReviews1796600000000 implements MigrationInterface {
  name = 'ChallengeReviews1796600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "users" ADD "expert" boolean NOT NULL DEFAULT false`);
    await q.query(
      `CREATE TYPE "award_milestone_status" AS ENUM('open', 'delivered', 'accepted', 'returned', 'closed')`,
    );
    await q.query(`
      CREATE TABLE "challenge_panel_members" (
        "challenge_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "added_by" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_challenge_panel_members" PRIMARY KEY ("challenge_id", "user_id"),
        CONSTRAINT "fk_challenge_panel_members_challenge" FOREIGN KEY ("challenge_id") REFERENCES "challenges"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_challenge_panel_members_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_challenge_panel_members_added_by" FOREIGN KEY ("added_by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await q.query(`CREATE INDEX "ix_challenge_panel_members_user" ON "challenge_panel_members" ("user_id")`);
    await q.query(`
      CREATE TABLE "challenge_conflicts" (
        "application_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "challenge_id" uuid NOT NULL,
        "source" text NOT NULL,
        "reason" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_challenge_conflicts" PRIMARY KEY ("application_id", "user_id"),
        CONSTRAINT "ck_challenge_conflicts_source" CHECK ("source" IN ('declared', 'same_organization')),
        CONSTRAINT "fk_challenge_conflicts_application" FOREIGN KEY ("application_id") REFERENCES "challenge_applications"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_challenge_conflicts_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_challenge_conflicts_challenge" FOREIGN KEY ("challenge_id") REFERENCES "challenges"("id") ON DELETE CASCADE
      )`);
    await q.query(
      `CREATE INDEX "ix_challenge_conflicts_challenge" ON "challenge_conflicts" ("challenge_id", "user_id")`,
    );
    await q.query(`
      CREATE TABLE "challenge_review_sheets" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "challenge_id" uuid NOT NULL,
        "application_id" uuid NOT NULL,
        "reviewer_id" uuid NOT NULL,
        "scores" jsonb NOT NULL DEFAULT '{}',
        "weighted" double precision,
        "submitted_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_challenge_review_sheets" PRIMARY KEY ("id"),
        CONSTRAINT "uq_challenge_review_sheets_application_reviewer" UNIQUE ("application_id", "reviewer_id"),
        CONSTRAINT "ck_challenge_review_sheets_submitted" CHECK ("submitted_at" IS NULL OR "weighted" IS NOT NULL),
        CONSTRAINT "fk_challenge_review_sheets_challenge" FOREIGN KEY ("challenge_id") REFERENCES "challenges"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_challenge_review_sheets_application" FOREIGN KEY ("application_id") REFERENCES "challenge_applications"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_challenge_review_sheets_reviewer" FOREIGN KEY ("reviewer_id") REFERENCES "users"("id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "ix_challenge_review_sheets_reviewer" ON "challenge_review_sheets" ("reviewer_id")`);
    await q.query(`CREATE INDEX "ix_challenge_review_sheets_challenge" ON "challenge_review_sheets" ("challenge_id")`);
    await q.query(`
      CREATE TABLE "challenge_objections" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "challenge_id" uuid NOT NULL,
        "application_id" uuid,
        "filed_by" uuid,
        "reason" text NOT NULL,
        "status" text NOT NULL DEFAULT 'open',
        "resolution" text,
        "resolved_by" uuid,
        "resolved_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_challenge_objections" PRIMARY KEY ("id"),
        CONSTRAINT "ck_challenge_objections_status" CHECK ("status" IN ('open', 'upheld', 'dismissed')),
        CONSTRAINT "ck_challenge_objections_resolved" CHECK (("status" = 'open') = ("resolved_at" IS NULL)),
        CONSTRAINT "fk_challenge_objections_challenge" FOREIGN KEY ("challenge_id") REFERENCES "challenges"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_challenge_objections_application" FOREIGN KEY ("application_id") REFERENCES "challenge_applications"("id") ON DELETE SET NULL,
        CONSTRAINT "fk_challenge_objections_filed_by" FOREIGN KEY ("filed_by") REFERENCES "users"("id") ON DELETE SET NULL,
        CONSTRAINT "fk_challenge_objections_resolved_by" FOREIGN KEY ("resolved_by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await q.query(
      `CREATE INDEX "ix_challenge_objections_challenge" ON "challenge_objections" ("challenge_id", "status")`,
    );
    await q.query(`
      CREATE TABLE "challenge_awards" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "challenge_id" uuid NOT NULL,
        "application_id" uuid NOT NULL,
        "amount_yuan" bigint NOT NULL,
        "agreement" jsonb NOT NULL,
        "awarded_by" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_challenge_awards" PRIMARY KEY ("id"),
        CONSTRAINT "uq_challenge_awards_application" UNIQUE ("application_id"),
        CONSTRAINT "ck_challenge_awards_amount" CHECK ("amount_yuan" > 0),
        CONSTRAINT "fk_challenge_awards_challenge" FOREIGN KEY ("challenge_id") REFERENCES "challenges"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_challenge_awards_application" FOREIGN KEY ("application_id") REFERENCES "challenge_applications"("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_challenge_awards_awarded_by" FOREIGN KEY ("awarded_by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await q.query(`CREATE INDEX "ix_challenge_awards_challenge" ON "challenge_awards" ("challenge_id")`);
    await q.query(`
      CREATE TABLE "challenge_award_milestones" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "award_id" uuid NOT NULL,
        "milestone_id" uuid NOT NULL,
        "amount_yuan" bigint NOT NULL,
        "status" "award_milestone_status" NOT NULL DEFAULT 'open',
        "delivered_at" TIMESTAMP WITH TIME ZONE,
        "delivered_by" uuid,
        "report" text,
        "issuer_accepted_by" uuid,
        "issuer_accepted_at" TIMESTAMP WITH TIME ZONE,
        "coordinator_accepted_by" uuid,
        "coordinator_accepted_at" TIMESTAMP WITH TIME ZONE,
        "accepted_at" TIMESTAMP WITH TIME ZONE,
        "return_reason" text,
        "returned_by" uuid,
        "returned_at" TIMESTAMP WITH TIME ZONE,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_challenge_award_milestones" PRIMARY KEY ("id"),
        CONSTRAINT "uq_challenge_award_milestones_award_milestone" UNIQUE ("award_id", "milestone_id"),
        CONSTRAINT "ck_challenge_award_milestones_amount" CHECK ("amount_yuan" >= 0),
        CONSTRAINT "fk_challenge_award_milestones_award" FOREIGN KEY ("award_id") REFERENCES "challenge_awards"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_challenge_award_milestones_milestone" FOREIGN KEY ("milestone_id") REFERENCES "challenge_milestones"("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_challenge_award_milestones_delivered_by" FOREIGN KEY ("delivered_by") REFERENCES "users"("id") ON DELETE SET NULL,
        CONSTRAINT "fk_challenge_award_milestones_issuer_accepted_by" FOREIGN KEY ("issuer_accepted_by") REFERENCES "users"("id") ON DELETE SET NULL,
        CONSTRAINT "fk_challenge_award_milestones_coordinator_accepted_by" FOREIGN KEY ("coordinator_accepted_by") REFERENCES "users"("id") ON DELETE SET NULL,
        CONSTRAINT "fk_challenge_award_milestones_returned_by" FOREIGN KEY ("returned_by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await q.query(`
      CREATE TABLE "funding_ledger" (
        "id" BIGSERIAL NOT NULL,
        "challenge_id" uuid NOT NULL,
        "award_id" uuid NOT NULL,
        "award_milestone_id" uuid,
        "kind" text NOT NULL,
        "amount_yuan" bigint NOT NULL,
        "actor_id" uuid,
        "note" text,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_funding_ledger" PRIMARY KEY ("id"),
        CONSTRAINT "uq_funding_ledger_award_milestone" UNIQUE ("award_milestone_id"),
        CONSTRAINT "ck_funding_ledger_kind" CHECK ("kind" IN ('commit', 'release', 'cancel')),
        CONSTRAINT "ck_funding_ledger_amount" CHECK ("amount_yuan" > 0),
        CONSTRAINT "ck_funding_ledger_release_milestone" CHECK (("kind" = 'release') = ("award_milestone_id" IS NOT NULL)),
        CONSTRAINT "fk_funding_ledger_challenge" FOREIGN KEY ("challenge_id") REFERENCES "challenges"("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_funding_ledger_award" FOREIGN KEY ("award_id") REFERENCES "challenge_awards"("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_funding_ledger_award_milestone" FOREIGN KEY ("award_milestone_id") REFERENCES "challenge_award_milestones"("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_funding_ledger_actor" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX "ix_funding_ledger_challenge" ON "funding_ledger" ("challenge_id", "id")`);
    // One commitment per winner, and at most one cancellation of its unreleased remainder (when the challenge fails).
    await q.query(
      `CREATE UNIQUE INDEX "uq_funding_ledger_commit" ON "funding_ledger" ("award_id") WHERE "kind" = 'commit'`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "uq_funding_ledger_cancel" ON "funding_ledger" ("award_id") WHERE "kind" = 'cancel'`,
    );
    await q.query(`
      CREATE FUNCTION funding_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'funding_ledger is append-only: % refused / 资金台账只能追加', TG_OP
          USING ERRCODE = 'integrity_constraint_violation';
      END $$`);
    await q.query(`
      CREATE TRIGGER "tg_funding_ledger_append_only" BEFORE UPDATE OR DELETE ON "funding_ledger"
        FOR EACH ROW EXECUTE FUNCTION funding_ledger_append_only()`);
    await q.query(`
      CREATE TRIGGER "tg_funding_ledger_no_truncate" BEFORE TRUNCATE ON "funding_ledger"
        FOR EACH STATEMENT EXECUTE FUNCTION funding_ledger_append_only()`);
    // Runs after each insert, under the challenge's row lock: a concurrent writer waits for this transaction, and
    // its own check (a new statement, so a new snapshot) then sees this one's rows.
    await q.query(`
      CREATE FUNCTION funding_ledger_within_funding() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        funding bigint;
        committed bigint;
        released bigint;
        cancelled bigint;
        award_committed bigint;
        award_released bigint;
        award_cancelled bigint;
      BEGIN
        SELECT c.funding_total_yuan INTO funding FROM challenges c WHERE c.id = NEW.challenge_id FOR UPDATE;
        IF NOT EXISTS (SELECT 1 FROM challenge_awards a WHERE a.id = NEW.award_id AND a.challenge_id = NEW.challenge_id) THEN
          RAISE EXCEPTION 'funding_ledger: award % is not of challenge %', NEW.award_id, NEW.challenge_id
            USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.award_milestone_id IS NOT NULL AND NOT EXISTS (
          SELECT 1 FROM challenge_award_milestones m WHERE m.id = NEW.award_milestone_id AND m.award_id = NEW.award_id
        ) THEN
          RAISE EXCEPTION 'funding_ledger: milestone % is not of award %', NEW.award_milestone_id, NEW.award_id
            USING ERRCODE = 'check_violation';
        END IF;
        SELECT coalesce(sum(amount_yuan) FILTER (WHERE kind = 'commit'), 0),
               coalesce(sum(amount_yuan) FILTER (WHERE kind = 'release'), 0),
               coalesce(sum(amount_yuan) FILTER (WHERE kind = 'cancel'), 0),
               coalesce(sum(amount_yuan) FILTER (WHERE kind = 'commit' AND award_id = NEW.award_id), 0),
               coalesce(sum(amount_yuan) FILTER (WHERE kind = 'release' AND award_id = NEW.award_id), 0),
               coalesce(sum(amount_yuan) FILTER (WHERE kind = 'cancel' AND award_id = NEW.award_id), 0)
          INTO committed, released, cancelled, award_committed, award_released, award_cancelled
          FROM funding_ledger WHERE challenge_id = NEW.challenge_id;
        IF committed > funding THEN
          RAISE EXCEPTION 'funding_ledger: % yuan committed exceeds the funding of % yuan / 承诺资金超过榜单总额', committed, funding
            USING ERRCODE = 'check_violation';
        END IF;
        IF award_released > award_committed OR released > committed THEN
          RAISE EXCEPTION 'funding_ledger: % yuan released exceeds the % yuan committed / 拨付超过承诺资金', award_released, award_committed
            USING ERRCODE = 'check_violation';
        END IF;
        -- A cancellation withdraws what was committed and not released: nothing may be released or cancelled beyond
        -- the commitment, so no release can follow the cancellation of the whole remainder.
        IF award_released + award_cancelled > award_committed OR released + cancelled > committed THEN
          RAISE EXCEPTION 'funding_ledger: % yuan released and % yuan cancelled exceed the % yuan committed / 拨付与撤销合计超过承诺资金',
            award_released, award_cancelled, award_committed
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER "tg_funding_ledger_within_funding" AFTER INSERT ON "funding_ledger"
        DEFERRABLE INITIALLY IMMEDIATE FOR EACH ROW EXECUTE FUNCTION funding_ledger_within_funding()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "funding_ledger"`);
    await q.query(`DROP FUNCTION funding_ledger_within_funding()`);
    await q.query(`DROP FUNCTION funding_ledger_append_only()`);
    await q.query(`DROP TABLE "challenge_award_milestones"`);
    await q.query(`DROP TABLE "challenge_awards"`);
    await q.query(`DROP TABLE "challenge_objections"`);
    await q.query(`DROP TABLE "challenge_review_sheets"`);
    await q.query(`DROP TABLE "challenge_conflicts"`);
    await q.query(`DROP TABLE "challenge_panel_members"`);
    await q.query(`DROP TYPE "award_milestone_status"`);
    await q.query(`ALTER TABLE "users" DROP COLUMN "expert"`);
  }
}
