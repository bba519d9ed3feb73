import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Shared instruments, bookings, testing orders and service records (issue 14, part A).
 *
 * - `instruments`: a bookable piece of equipment of an `equipment` capability, with weekly opening hours (jsonb),
 *   blackout dates, a minimum notice and a price per hour or per sample.
 * - `instrument_bookings`: a period (tstzrange) requested by an enterprise. Two confirmed (or completed) bookings of
 *   one instrument never overlap: the exclusion constraint `ex_instrument_bookings_no_overlap` (btree_gist) refuses
 *   the second one in the database, whatever path writes it (SQLSTATE 23P01, answered 409 by the API).
 * - `testing_orders`: an order for a `service` capability (检验检测), from request to the PDF report (stored in
 *   PostgreSQL or under ATTACHMENTS_DIR with its SHA-256) and closing.
 * - `service_records`: one per completed booking or issued report (exactly one of the two, each UNIQUE): what was
 *   served, for how much, when it was paid (invoice number) and the enterprise's rating. Vouchers (part B) claim them.
 * - `instrument_events`: the audit trail of bookings, orders and service records.
 *
 * `btree_gist` is created in up and left in place by down: other databases' objects (or another module) may use it,
 * and an extension is not this migration's to remove.
 */
export class Instruments1796700000000 implements MigrationInterface {
  name = 'Instruments1796700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await q.query(`
      CREATE TABLE "instruments" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "capability_id" uuid NOT NULL,
        "organization_id" uuid NOT NULL,
        "name" text NOT NULL,
        "model" text,
        "district" "district" NOT NULL,
        "address" text NOT NULL,
        "mode" text NOT NULL,
        "unit" text NOT NULL,
        "price_yuan" bigint NOT NULL,
        "opening_hours" jsonb NOT NULL DEFAULT '[]',
        "blackout_dates" date array NOT NULL DEFAULT '{}',
        "min_notice_hours" integer NOT NULL DEFAULT 24,
        "active" boolean NOT NULL DEFAULT true,
        "created_by" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_instruments" PRIMARY KEY ("id"),
        CONSTRAINT "ck_instruments_mode" CHECK ("mode" IN ('assisted', 'self_service')),
        CONSTRAINT "ck_instruments_unit" CHECK ("unit" IN ('hour', 'sample')),
        CONSTRAINT "ck_instruments_price" CHECK ("price_yuan" >= 0),
        CONSTRAINT "ck_instruments_notice" CHECK ("min_notice_hours" >= 0 AND "min_notice_hours" <= 720),
        CONSTRAINT "fk_instruments_capability" FOREIGN KEY ("capability_id") REFERENCES "capabilities"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_instruments_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_instruments_created_by" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await q.query(`CREATE INDEX "ix_instruments_capability" ON "instruments" ("capability_id")`);
    await q.query(`CREATE INDEX "ix_instruments_organization" ON "instruments" ("organization_id")`);
    await q.query(`CREATE INDEX "ix_instruments_district" ON "instruments" ("district")`);
    await q.query(`
      CREATE TABLE "instrument_bookings" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "instrument_id" uuid NOT NULL,
        "enterprise_organization_id" uuid NOT NULL,
        "requested_by" uuid,
        "period" tstzrange NOT NULL,
        "samples" integer,
        "purpose" text NOT NULL,
        "amount_yuan" bigint NOT NULL,
        "status" text NOT NULL DEFAULT 'requested',
        "reason" text,
        "actual_minutes" integer,
        "decided_by" uuid,
        "decided_at" TIMESTAMP WITH TIME ZONE,
        "cancelled_by" uuid,
        "cancelled_at" TIMESTAMP WITH TIME ZONE,
        "completed_by" uuid,
        "completed_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_instrument_bookings" PRIMARY KEY ("id"),
        CONSTRAINT "ck_instrument_bookings_status" CHECK ("status" IN ('requested', 'confirmed', 'declined', 'cancelled', 'completed')),
        CONSTRAINT "ck_instrument_bookings_amount" CHECK ("amount_yuan" >= 0),
        CONSTRAINT "ck_instrument_bookings_samples" CHECK ("samples" IS NULL OR "samples" > 0),
        CONSTRAINT "ck_instrument_bookings_period" CHECK (NOT isempty("period") AND lower_inc("period") AND NOT upper_inc("period") AND NOT lower_inf("period") AND NOT upper_inf("period")),
        CONSTRAINT "ck_instrument_bookings_actual_minutes" CHECK ("actual_minutes" IS NULL OR "actual_minutes" > 0),
        CONSTRAINT "ex_instrument_bookings_no_overlap" EXCLUDE USING gist ("instrument_id" WITH =, "period" WITH &&) WHERE ("status" IN ('confirmed', 'completed')),
        CONSTRAINT "fk_instrument_bookings_instrument" FOREIGN KEY ("instrument_id") REFERENCES "instruments"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_instrument_bookings_enterprise" FOREIGN KEY ("enterprise_organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_instrument_bookings_requested_by" FOREIGN KEY ("requested_by") REFERENCES "users"("id") ON DELETE SET NULL,
        CONSTRAINT "fk_instrument_bookings_decided_by" FOREIGN KEY ("decided_by") REFERENCES "users"("id") ON DELETE SET NULL,
        CONSTRAINT "fk_instrument_bookings_cancelled_by" FOREIGN KEY ("cancelled_by") REFERENCES "users"("id") ON DELETE SET NULL,
        CONSTRAINT "fk_instrument_bookings_completed_by" FOREIGN KEY ("completed_by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await q.query(
      `CREATE INDEX "ix_instrument_bookings_instrument" ON "instrument_bookings" ("instrument_id", "status")`,
    );
    await q.query(
      `CREATE INDEX "ix_instrument_bookings_enterprise" ON "instrument_bookings" ("enterprise_organization_id", "status")`,
    );
    await q.query(`
      CREATE TABLE "testing_orders" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "capability_id" uuid NOT NULL,
        "provider_organization_id" uuid NOT NULL,
        "enterprise_organization_id" uuid NOT NULL,
        "requested_by" uuid,
        "samples" text NOT NULL,
        "sample_count" integer NOT NULL,
        "standard" text NOT NULL,
        "quantity" integer NOT NULL,
        "unit_price_yuan" bigint,
        "amount_yuan" bigint,
        "due_date" date,
        "status" text NOT NULL DEFAULT 'requested',
        "reason" text,
        "report_filename" text,
        "report_sha256" text,
        "report_size_bytes" integer,
        "report_storage" text,
        "report_content" bytea,
        "report_path" text,
        "report_uploaded_by" uuid,
        "report_issued_at" TIMESTAMP WITH TIME ZONE,
        "accepted_at" TIMESTAMP WITH TIME ZONE,
        "closed_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_testing_orders" PRIMARY KEY ("id"),
        CONSTRAINT "ck_testing_orders_status" CHECK ("status" IN ('requested', 'accepted', 'samples_received', 'testing', 'report_issued', 'closed', 'declined', 'cancelled')),
        CONSTRAINT "ck_testing_orders_sample_count" CHECK ("sample_count" > 0),
        CONSTRAINT "ck_testing_orders_quantity" CHECK ("quantity" > 0),
        CONSTRAINT "ck_testing_orders_unit_price" CHECK ("unit_price_yuan" IS NULL OR "unit_price_yuan" >= 0),
        CONSTRAINT "ck_testing_orders_amount" CHECK ("amount_yuan" IS NULL OR "amount_yuan" >= 0),
        CONSTRAINT "ck_testing_orders_report_sha256" CHECK ("report_sha256" IS NULL OR "report_sha256" ~ '^[0-9a-f]{64}$'),
        CONSTRAINT "ck_testing_orders_report_storage" CHECK ("report_storage" IS NULL OR "report_storage" IN ('database', 'directory')),
        CONSTRAINT "fk_testing_orders_capability" FOREIGN KEY ("capability_id") REFERENCES "capabilities"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_testing_orders_provider" FOREIGN KEY ("provider_organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_testing_orders_enterprise" FOREIGN KEY ("enterprise_organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_testing_orders_requested_by" FOREIGN KEY ("requested_by") REFERENCES "users"("id") ON DELETE SET NULL,
        CONSTRAINT "fk_testing_orders_report_uploaded_by" FOREIGN KEY ("report_uploaded_by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await q.query(
      `CREATE INDEX "ix_testing_orders_provider" ON "testing_orders" ("provider_organization_id", "status")`,
    );
    await q.query(
      `CREATE INDEX "ix_testing_orders_enterprise" ON "testing_orders" ("enterprise_organization_id", "status")`,
    );
    await q.query(`CREATE INDEX "ix_testing_orders_capability" ON "testing_orders" ("capability_id")`);
    await q.query(`
      CREATE TABLE "service_records" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "source" text NOT NULL,
        "booking_id" uuid,
        "testing_order_id" uuid,
        "capability_id" uuid NOT NULL,
        "capability_kind" text NOT NULL,
        "provider_organization_id" uuid NOT NULL,
        "enterprise_organization_id" uuid NOT NULL,
        "description" text NOT NULL,
        "quantity" numeric(10,2) NOT NULL,
        "unit" text NOT NULL,
        "amount_yuan" bigint NOT NULL,
        "served_from" TIMESTAMP WITH TIME ZONE NOT NULL,
        "served_to" TIMESTAMP WITH TIME ZONE NOT NULL,
        "completed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "paid_at" TIMESTAMP WITH TIME ZONE,
        "payment_ref" text,
        "paid_by" uuid,
        "rating" smallint,
        "rating_comment" text,
        "rated_at" TIMESTAMP WITH TIME ZONE,
        "rated_by" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_service_records" PRIMARY KEY ("id"),
        CONSTRAINT "uq_service_records_booking" UNIQUE ("booking_id"),
        CONSTRAINT "uq_service_records_testing_order" UNIQUE ("testing_order_id"),
        CONSTRAINT "ck_service_records_source" CHECK (("source" = 'booking' AND "booking_id" IS NOT NULL AND "testing_order_id" IS NULL) OR ("source" = 'testing_order' AND "testing_order_id" IS NOT NULL AND "booking_id" IS NULL)),
        CONSTRAINT "ck_service_records_capability_kind" CHECK ("capability_kind" IN ('equipment', 'service')),
        CONSTRAINT "ck_service_records_unit" CHECK ("unit" IN ('hour', 'sample')),
        CONSTRAINT "ck_service_records_quantity" CHECK ("quantity" > 0),
        CONSTRAINT "ck_service_records_amount" CHECK ("amount_yuan" >= 0),
        CONSTRAINT "ck_service_records_served" CHECK ("served_from" <= "served_to"),
        CONSTRAINT "ck_service_records_paid" CHECK (("paid_at" IS NULL) = ("payment_ref" IS NULL)),
        CONSTRAINT "ck_service_records_rating" CHECK ("rating" IS NULL OR ("rating" >= 1 AND "rating" <= 5)),
        CONSTRAINT "fk_service_records_booking" FOREIGN KEY ("booking_id") REFERENCES "instrument_bookings"("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_service_records_testing_order" FOREIGN KEY ("testing_order_id") REFERENCES "testing_orders"("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_service_records_capability" FOREIGN KEY ("capability_id") REFERENCES "capabilities"("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_service_records_provider" FOREIGN KEY ("provider_organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_service_records_enterprise" FOREIGN KEY ("enterprise_organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_service_records_paid_by" FOREIGN KEY ("paid_by") REFERENCES "users"("id") ON DELETE SET NULL,
        CONSTRAINT "fk_service_records_rated_by" FOREIGN KEY ("rated_by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await q.query(
      `CREATE INDEX "ix_service_records_provider" ON "service_records" ("provider_organization_id", "completed_at")`,
    );
    await q.query(
      `CREATE INDEX "ix_service_records_enterprise" ON "service_records" ("enterprise_organization_id", "completed_at")`,
    );
    await q.query(`
      CREATE TABLE "instrument_events" (
        "id" BIGSERIAL NOT NULL,
        "subject" text NOT NULL,
        "subject_id" uuid NOT NULL,
        "actor_id" uuid,
        "kind" text NOT NULL,
        "from_status" text,
        "to_status" text,
        "note" text,
        "data" jsonb NOT NULL DEFAULT '{}',
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_instrument_events" PRIMARY KEY ("id"),
        CONSTRAINT "ck_instrument_events_subject" CHECK ("subject" IN ('instrument', 'booking', 'testing_order', 'service_record')),
        CONSTRAINT "fk_instrument_events_actor" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await q.query(`CREATE INDEX "ix_instrument_events_subject" ON "instrument_events" ("subject_id", "id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    // btree_gist stays: other objects may use it (see above).
    await q.query(`DROP TABLE "instrument_events"`);
    await q.query(`DROP TABLE "service_records"`);
    await q.query(`DROP TABLE "testing_orders"`);
    await q.query(`DROP TABLE "instrument_bookings"`);
    await q.query(`DROP TABLE "instruments"`);
  }
}
