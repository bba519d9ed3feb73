import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * From approved match to contract: the outcome of each introduction, progress notes in the audit trail, the
 * notification outbox (events, inbox rows, webhook deliveries), organisations' webhooks, coordinators' score
 * threshold for new suggestions, and the deadline notice of needs.
 */
export class Introductions1795820000000 implements MigrationInterface {
  name = 'Introductions1795820000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE "matches"
        ADD "contract_mode" text,
        ADD "contract_amount_cny" bigint,
        ADD "contract_signed_on" date,
        ADD "contract_registration_no" text,
        ADD "close_reason" text,
        ADD "close_note" text,
        ADD "introduced_at" TIMESTAMP WITH TIME ZONE,
        ADD "closed_at" TIMESTAMP WITH TIME ZONE,
        ADD CONSTRAINT "ck_matches_contract_amount" CHECK ("contract_amount_cny" IS NULL OR "contract_amount_cny" >= 0)`);
    await q.query(`ALTER TABLE "match_events" ADD "kind" text NOT NULL DEFAULT 'status'`);
    await q.query(
      `ALTER TABLE "match_events" ADD CONSTRAINT "ck_match_events_kind" CHECK ("kind" IN ('status', 'note'))`,
    );
    await q.query(`ALTER TABLE "users" ADD "notify_min_score" double precision`);
    await q.query(
      `ALTER TABLE "needs" ADD "deadline_notified_at" TIMESTAMP WITH TIME ZONE, ADD "deadline_notified_for" date`,
    );
    await q.query(`
      CREATE TABLE "notification_events" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "type" text NOT NULL,
        "match_id" uuid,
        "need_id" uuid,
        "title" text NOT NULL,
        "body" text NOT NULL,
        "payload" jsonb NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_notification_events" PRIMARY KEY ("id"),
        CONSTRAINT "fk_notification_events_match" FOREIGN KEY ("match_id") REFERENCES "matches"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_notification_events_need" FOREIGN KEY ("need_id") REFERENCES "needs"("id") ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE "notifications" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "event_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "read_at" TIMESTAMP WITH TIME ZONE,
        "emailed_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_notifications" PRIMARY KEY ("id"),
        CONSTRAINT "uq_notifications_event_user" UNIQUE ("event_id", "user_id"),
        CONSTRAINT "fk_notifications_event" FOREIGN KEY ("event_id") REFERENCES "notification_events"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_notifications_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "ix_notifications_user" ON "notifications" ("user_id", "created_at" DESC)`);
    await q.query(`
      CREATE TABLE "webhooks" (
        "organization_id" uuid NOT NULL,
        "url" text NOT NULL,
        "secret" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_webhooks" PRIMARY KEY ("organization_id"),
        CONSTRAINT "fk_webhooks_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE "webhook_deliveries" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "event_id" uuid NOT NULL,
        "organization_id" uuid NOT NULL,
        "url" text NOT NULL,
        "status" text NOT NULL DEFAULT 'pending',
        "attempts" integer NOT NULL DEFAULT 0,
        "last_status_code" integer,
        "last_error" text,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "delivered_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "pk_webhook_deliveries" PRIMARY KEY ("id"),
        CONSTRAINT "uq_webhook_deliveries_event_org" UNIQUE ("event_id", "organization_id"),
        CONSTRAINT "ck_webhook_deliveries_status" CHECK ("status" IN ('pending', 'delivered', 'failed')),
        CONSTRAINT "fk_webhook_deliveries_event" FOREIGN KEY ("event_id") REFERENCES "notification_events"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_webhook_deliveries_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE
      )`);
    await q.query(
      `CREATE INDEX "ix_webhook_deliveries_org" ON "webhook_deliveries" ("organization_id", "created_at" DESC)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "webhook_deliveries"`);
    await q.query(`DROP TABLE "webhooks"`);
    await q.query(`DROP TABLE "notifications"`);
    await q.query(`DROP TABLE "notification_events"`);
    await q.query(`ALTER TABLE "needs" DROP COLUMN "deadline_notified_at", DROP COLUMN "deadline_notified_for"`);
    await q.query(`ALTER TABLE "users" DROP COLUMN "notify_min_score"`);
    await q.query(`ALTER TABLE "match_events" DROP CONSTRAINT "ck_match_events_kind"`);
    await q.query(`ALTER TABLE "match_events" DROP COLUMN "kind"`);
    await q.query(`
      ALTER TABLE "matches"
        DROP CONSTRAINT "ck_matches_contract_amount",
        DROP COLUMN "contract_mode",
        DROP COLUMN "contract_amount_cny",
        DROP COLUMN "contract_signed_on",
        DROP COLUMN "contract_registration_no",
        DROP COLUMN "close_reason",
        DROP COLUMN "close_note",
        DROP COLUMN "introduced_at",
        DROP COLUMN "closed_at"`);
  }
}
