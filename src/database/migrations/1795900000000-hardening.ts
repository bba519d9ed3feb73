import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hardening (issue 10): the install's own signing keys and the sessions live in PostgreSQL (Redis may lose them);
 * rate counters for sign-in and costly routes; outbox rows remember how often the relay re-drove them; one
 * `all` rematch at a time; the change sequence remembers how far it was pruned.
 */
export class Hardening1795900000000 implements MigrationInterface {
  name = 'Hardening1795900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "jwt_keys" (
        "kid" text NOT NULL,
        "secret" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "retired_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "pk_jwt_keys" PRIMARY KEY ("kid")
      )`);
    await q.query(`
      CREATE TABLE "sessions" (
        "id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "revoked_at" TIMESTAMP WITH TIME ZONE,
        "address" text,
        "user_agent" text,
        CONSTRAINT "pk_sessions" PRIMARY KEY ("id"),
        CONSTRAINT "fk_sessions_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`);
    await q.query(`CREATE INDEX "ix_sessions_user" ON "sessions" ("user_id")`);
    await q.query(`CREATE INDEX "ix_sessions_expires" ON "sessions" ("expires_at")`);
    await q.query(`
      CREATE TABLE "rate_counters" (
        "key" text NOT NULL,
        "count" integer NOT NULL DEFAULT 0,
        "window_started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "next_allowed_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "pk_rate_counters" PRIMARY KEY ("key")
      )`);
    await q.query(`CREATE INDEX "ix_rate_counters_expires" ON "rate_counters" ("expires_at")`);
    await q.query(`
      CREATE TABLE "login_known_addresses" (
        "account" text NOT NULL,
        "address" text NOT NULL,
        "last_success_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_login_known_addresses" PRIMARY KEY ("account", "address")
      )`);
    await q.query(`ALTER TABLE "job_outbox" ADD "redrives" integer NOT NULL DEFAULT 0`);
    await q.query(`CREATE INDEX "ix_job_outbox_failed" ON "job_outbox" ("failed_at") WHERE failed_at IS NOT NULL`);
    await q.query(
      `CREATE INDEX "ix_job_outbox_completed" ON "job_outbox" ("completed_at") WHERE completed_at IS NOT NULL`,
    );
    // A second `all` rematch while one waits or runs is refused (409 naming the running one).
    await q.query(
      `CREATE UNIQUE INDEX "uq_rematch_runs_one_all" ON "rematch_runs" ((scope->>'scope'))
        WHERE scope->>'scope' = 'all' AND state IN ('waiting', 'active')`,
    );
    await q.query(`ALTER TABLE "rematch_runs" ADD "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`);
    await q.query(`
      CREATE TABLE "catalog_changes_pruned" (
        "id" boolean NOT NULL DEFAULT true,
        "tx_id" bigint NOT NULL,
        "seq" bigint NOT NULL,
        "pruned_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_catalog_changes_pruned" PRIMARY KEY ("id"),
        CONSTRAINT "ck_catalog_changes_pruned_single" CHECK ("id")
      )`);
    await q.query(`CREATE INDEX "ix_notification_events_created" ON "notification_events" ("created_at")`);
    await q.query(`CREATE INDEX "ix_catalog_changes_created" ON "catalog_changes" ("created_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_catalog_changes_created"`);
    await q.query(`DROP INDEX "ix_notification_events_created"`);
    await q.query(`DROP TABLE "catalog_changes_pruned"`);
    await q.query(`ALTER TABLE "rematch_runs" DROP COLUMN "updated_at"`);
    await q.query(`DROP INDEX "uq_rematch_runs_one_all"`);
    await q.query(`DROP INDEX "ix_job_outbox_completed"`);
    await q.query(`DROP INDEX "ix_job_outbox_failed"`);
    await q.query(`ALTER TABLE "job_outbox" DROP COLUMN "redrives"`);
    await q.query(`DROP TABLE "login_known_addresses"`);
    await q.query(`DROP TABLE "rate_counters"`);
    await q.query(`DROP TABLE "sessions"`);
    await q.query(`DROP TABLE "jwt_keys"`);
  }
}
