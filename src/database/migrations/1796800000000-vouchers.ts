import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Innovation vouchers (创新券): programmes, quotas, claims, the ledger and settlements (issue 14, part B).
 *
 * `voucher_ledger` is double entry in whole yuan, append-only (a trigger refuses UPDATE, DELETE and TRUNCATE). Sign
 * convention: money moves FROM the credited account TO the debited one, one leg = one credit row + one debit row of
 * the same amount. A claim books per reimbursing body programme_budget → enterprise_quota → provider_payable; a
 * settlement provider_payable → paid. So a programme's used budget is Σcredit − Σdebit of its `programme_budget`
 * rows, a quota's used amount Σcredit of its `enterprise_quota` rows, what is owed to a provider Σdebit − Σcredit of
 * its `provider_payable` rows.
 *
 * What PostgreSQL itself guarantees:
 * - every leg belongs to a claim or a settlement; `programme_budget` legs are credits of their own programme booked
 *   by a claim (nothing ever flows back into a budget), `paid` legs are debits only (CHECKs);
 * - after every INSERT statement, each entry (`entry_id`: one business event, written in one statement) it touched
 *   balances (Σdebit = Σcredit), and — under the row lock of each programme it touched, taken in id order like
 *   funding_ledger_within_funding — the programme's budget, each approved quota and each provider's payable hold
 *   (statement-level triggers over the transition table: each entry, programme, quota and provider once per
 *   statement, so a settlement of n claims costs O(n), not O(n²));
 * - at commit (DEFERRABLE INITIALLY DEFERRED), a claim's `programme_budget` credits equal its `reimbursed_yuan`,
 *   which equals the sum of its split's amounts;
 * - a claim is never deleted, and only ever changed by its settlement: booked → settled with settlement_id and
 *   settled_at, nothing else.
 */
export class Vouchers1796800000000 implements MigrationInterface {
  name = 'Vouchers1796800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "voucher_programmes" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "name" text NOT NULL,
        "issuer_level" text NOT NULL,
        "issuer_district" "district",
        "issuer_name" text NOT NULL,
        "period_start" date NOT NULL,
        "period_end" date NOT NULL,
        "shares" jsonb NOT NULL,
        "cap_per_enterprise_yuan" bigint NOT NULL,
        "eligible_provider_kinds" text array NOT NULL DEFAULT '{university,research_institute,lab}',
        "eligible_service_kinds" text array NOT NULL DEFAULT '{equipment,service}',
        "eligible_enterprise_categories" text array NOT NULL DEFAULT '{tech_sme,high_tech,sme,startup}',
        "budget_yuan" bigint NOT NULL,
        "status" text NOT NULL DEFAULT 'draft',
        "example" boolean NOT NULL DEFAULT false,
        "created_by" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_voucher_programmes" PRIMARY KEY ("id"),
        CONSTRAINT "ck_voucher_programmes_issuer_level" CHECK ("issuer_level" IN ('province', 'city', 'district')),
        CONSTRAINT "ck_voucher_programmes_issuer_district" CHECK (("issuer_level" = 'district') = ("issuer_district" IS NOT NULL)),
        CONSTRAINT "ck_voucher_programmes_period" CHECK ("period_end" >= "period_start"),
        CONSTRAINT "ck_voucher_programmes_cap" CHECK ("cap_per_enterprise_yuan" > 0),
        CONSTRAINT "ck_voucher_programmes_budget" CHECK ("budget_yuan" > 0),
        CONSTRAINT "ck_voucher_programmes_status" CHECK ("status" IN ('draft', 'open', 'closed')),
        CONSTRAINT "ck_voucher_programmes_provider_kinds" CHECK ("eligible_provider_kinds" <@ ARRAY['enterprise', 'university', 'research_institute', 'lab', 'government', 'intermediary', 'investor']::text[]),
        CONSTRAINT "ck_voucher_programmes_service_kinds" CHECK ("eligible_service_kinds" <@ ARRAY['equipment', 'service']::text[]),
        CONSTRAINT "ck_voucher_programmes_categories" CHECK ("eligible_enterprise_categories" <@ ARRAY['tech_sme', 'high_tech', 'sme', 'startup']::text[]),
        CONSTRAINT "fk_voucher_programmes_created_by" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await q.query(`CREATE INDEX "ix_voucher_programmes_status" ON "voucher_programmes" ("status", "period_start")`);
    await q.query(`
      CREATE TABLE "voucher_quotas" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "programme_id" uuid NOT NULL,
        "enterprise_organization_id" uuid NOT NULL,
        "category" text NOT NULL,
        "category_evidence" text,
        "requested_yuan" bigint NOT NULL,
        "approved_yuan" bigint,
        "status" text NOT NULL DEFAULT 'requested',
        "applied_by" uuid,
        "decided_by" uuid,
        "decided_at" TIMESTAMP WITH TIME ZONE,
        "reason" text,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_voucher_quotas" PRIMARY KEY ("id"),
        CONSTRAINT "ck_voucher_quotas_category" CHECK ("category" IN ('tech_sme', 'high_tech', 'sme', 'startup')),
        CONSTRAINT "ck_voucher_quotas_requested" CHECK ("requested_yuan" > 0),
        CONSTRAINT "ck_voucher_quotas_approved" CHECK ("approved_yuan" IS NULL OR "approved_yuan" > 0),
        CONSTRAINT "ck_voucher_quotas_status" CHECK ("status" IN ('requested', 'approved', 'rejected', 'withdrawn')),
        CONSTRAINT "ck_voucher_quotas_approved_status" CHECK ("status" <> 'approved' OR "approved_yuan" IS NOT NULL),
        CONSTRAINT "fk_voucher_quotas_programme" FOREIGN KEY ("programme_id") REFERENCES "voucher_programmes"("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_voucher_quotas_enterprise" FOREIGN KEY ("enterprise_organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_voucher_quotas_applied_by" FOREIGN KEY ("applied_by") REFERENCES "users"("id") ON DELETE SET NULL,
        CONSTRAINT "fk_voucher_quotas_decided_by" FOREIGN KEY ("decided_by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await q.query(
      `CREATE UNIQUE INDEX "uq_voucher_quotas_live" ON "voucher_quotas" ("programme_id", "enterprise_organization_id") WHERE "status" IN ('requested', 'approved')`,
    );
    await q.query(`CREATE INDEX "ix_voucher_quotas_enterprise" ON "voucher_quotas" ("enterprise_organization_id")`);
    await q.query(`
      CREATE TABLE "voucher_settlements" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "programme_id" uuid NOT NULL,
        "month" date NOT NULL,
        "claims_count" integer NOT NULL,
        "service_amount_yuan" bigint NOT NULL,
        "reimbursed_yuan" bigint NOT NULL,
        "created_by" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_voucher_settlements" PRIMARY KEY ("id"),
        CONSTRAINT "uq_voucher_settlements_programme_month" UNIQUE ("programme_id", "month"),
        CONSTRAINT "ck_voucher_settlements_month" CHECK (extract(day FROM "month") = 1),
        CONSTRAINT "fk_voucher_settlements_programme" FOREIGN KEY ("programme_id") REFERENCES "voucher_programmes"("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_voucher_settlements_created_by" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await q.query(`
      CREATE TABLE "voucher_claims" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "service_record_id" uuid NOT NULL,
        "quota_id" uuid NOT NULL,
        "programme_id" uuid NOT NULL,
        "enterprise_organization_id" uuid NOT NULL,
        "provider_organization_id" uuid NOT NULL,
        "service_amount_yuan" bigint NOT NULL,
        "split" jsonb NOT NULL,
        "reimbursed_yuan" bigint NOT NULL,
        "status" text NOT NULL DEFAULT 'booked',
        "settlement_id" uuid,
        "served_on" date NOT NULL,
        "created_by" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "settled_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "pk_voucher_claims" PRIMARY KEY ("id"),
        CONSTRAINT "uq_voucher_claims_service_record" UNIQUE ("service_record_id"),
        CONSTRAINT "ck_voucher_claims_amounts" CHECK ("reimbursed_yuan" > 0 AND "reimbursed_yuan" <= "service_amount_yuan"),
        CONSTRAINT "ck_voucher_claims_status" CHECK ("status" IN ('booked', 'settled')),
        CONSTRAINT "ck_voucher_claims_settled" CHECK (("status" = 'settled') = ("settlement_id" IS NOT NULL)),
        CONSTRAINT "fk_voucher_claims_service_record" FOREIGN KEY ("service_record_id") REFERENCES "service_records"("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_voucher_claims_quota" FOREIGN KEY ("quota_id") REFERENCES "voucher_quotas"("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_voucher_claims_programme" FOREIGN KEY ("programme_id") REFERENCES "voucher_programmes"("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_voucher_claims_enterprise" FOREIGN KEY ("enterprise_organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_voucher_claims_provider" FOREIGN KEY ("provider_organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_voucher_claims_settlement" FOREIGN KEY ("settlement_id") REFERENCES "voucher_settlements"("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_voucher_claims_created_by" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await q.query(
      `CREATE INDEX "ix_voucher_claims_programme" ON "voucher_claims" ("programme_id", "status", "created_at")`,
    );
    await q.query(`CREATE INDEX "ix_voucher_claims_quota" ON "voucher_claims" ("quota_id")`);
    await q.query(
      `CREATE INDEX "ix_voucher_claims_enterprise" ON "voucher_claims" ("enterprise_organization_id", "served_on")`,
    );
    await q.query(`CREATE INDEX "ix_voucher_claims_provider" ON "voucher_claims" ("provider_organization_id")`);
    await q.query(`CREATE INDEX "ix_voucher_claims_settlement" ON "voucher_claims" ("settlement_id")`);
    await q.query(`
      CREATE TABLE "voucher_ledger" (
        "id" BIGSERIAL NOT NULL,
        "entry_id" uuid NOT NULL,
        "programme_id" uuid NOT NULL,
        "claim_id" uuid,
        "settlement_id" uuid,
        "account" text NOT NULL,
        "account_ref" uuid NOT NULL,
        "body" text NOT NULL,
        "debit_yuan" bigint NOT NULL DEFAULT 0,
        "credit_yuan" bigint NOT NULL DEFAULT 0,
        "actor_id" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_voucher_ledger" PRIMARY KEY ("id"),
        CONSTRAINT "ck_voucher_ledger_account" CHECK ("account" IN ('programme_budget', 'enterprise_quota', 'provider_payable', 'paid')),
        CONSTRAINT "ck_voucher_ledger_amounts" CHECK ("debit_yuan" >= 0 AND "credit_yuan" >= 0 AND ("debit_yuan" > 0) <> ("credit_yuan" > 0)),
        CONSTRAINT "ck_voucher_ledger_subject" CHECK ("claim_id" IS NOT NULL OR "settlement_id" IS NOT NULL),
        CONSTRAINT "ck_voucher_ledger_budget_leg" CHECK ("account" <> 'programme_budget' OR ("debit_yuan" = 0 AND "account_ref" = "programme_id" AND "claim_id" IS NOT NULL)),
        CONSTRAINT "ck_voucher_ledger_paid_leg" CHECK ("account" <> 'paid' OR "credit_yuan" = 0),
        CONSTRAINT "fk_voucher_ledger_programme" FOREIGN KEY ("programme_id") REFERENCES "voucher_programmes"("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_voucher_ledger_claim" FOREIGN KEY ("claim_id") REFERENCES "voucher_claims"("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_voucher_ledger_settlement" FOREIGN KEY ("settlement_id") REFERENCES "voucher_settlements"("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_voucher_ledger_actor" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX "ix_voucher_ledger_programme" ON "voucher_ledger" ("programme_id", "id")`);
    await q.query(`CREATE INDEX "ix_voucher_ledger_entry" ON "voucher_ledger" ("entry_id")`);
    await q.query(`CREATE INDEX "ix_voucher_ledger_claim" ON "voucher_ledger" ("claim_id")`);
    await q.query(`CREATE INDEX "ix_voucher_ledger_account" ON "voucher_ledger" ("account_ref", "account")`);
    await q.query(`
      CREATE FUNCTION voucher_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'voucher_ledger is append-only: % refused / 创新券台账只能追加', TG_OP
          USING ERRCODE = 'integrity_constraint_violation';
      END $$`);
    await q.query(`
      CREATE TRIGGER "tg_voucher_ledger_append_only" BEFORE UPDATE OR DELETE ON "voucher_ledger"
        FOR EACH ROW EXECUTE FUNCTION voucher_ledger_append_only()`);
    await q.query(`
      CREATE TRIGGER "tg_voucher_ledger_no_truncate" BEFORE TRUNCATE ON "voucher_ledger"
        FOR EACH STATEMENT EXECUTE FUNCTION voucher_ledger_append_only()`);
    // After each INSERT statement: every entry it touched balances (an entry is written in one statement).
    await q.query(`
      CREATE FUNCTION voucher_ledger_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        bad record;
      BEGIN
        SELECT l.entry_id, sum(l.debit_yuan) AS debits, sum(l.credit_yuan) AS credits INTO bad
          FROM voucher_ledger l
         WHERE l.entry_id IN (SELECT DISTINCT n.entry_id FROM new_rows n)
         GROUP BY l.entry_id HAVING sum(l.debit_yuan) <> sum(l.credit_yuan)
         LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'voucher_ledger: entry % does not balance (debits %, credits %) / 借贷不平衡', bad.entry_id, bad.debits, bad.credits
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER "tg_voucher_ledger_entry_balanced" AFTER INSERT ON "voucher_ledger"
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION voucher_ledger_entry_balanced()`);
    // After each INSERT statement, under the row lock of each programme it touched (in id order; a claim holds it
    // already): a concurrent writer waits for this transaction, and its own check (a new statement, a new snapshot)
    // then sees this one's rows. Each programme, quota and provider is summed once per statement (a budget leg's
    // account_ref is its programme: ix_voucher_ledger_account serves all three sums).
    await q.query(`
      CREATE FUNCTION voucher_ledger_within_limits() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        bad record;
      BEGIN
        PERFORM 1 FROM voucher_programmes p
          WHERE p.id IN (SELECT DISTINCT n.programme_id FROM new_rows n) ORDER BY p.id FOR UPDATE;
        SELECT p.id, p.budget_yuan AS budget, u.used INTO bad
          FROM voucher_programmes p
          JOIN LATERAL (SELECT coalesce(sum(l.credit_yuan - l.debit_yuan), 0) AS used FROM voucher_ledger l
                         WHERE l.account_ref = p.id AND l.account = 'programme_budget') u ON true
         WHERE p.id IN (SELECT DISTINCT n.programme_id FROM new_rows n) AND (u.used > p.budget_yuan OR u.used < 0)
         LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'voucher_ledger: % yuan booked against the budget of % yuan / 补助超过计划预算', bad.used, bad.budget
            USING ERRCODE = 'check_violation';
        END IF;
        SELECT r.ref, qt.approved_yuan AS approved, u.used INTO bad
          FROM (SELECT DISTINCT n.programme_id, n.account_ref AS ref FROM new_rows n WHERE n.account = 'enterprise_quota') r
          LEFT JOIN voucher_quotas qt ON qt.id = r.ref AND qt.programme_id = r.programme_id AND qt.status = 'approved'
          JOIN LATERAL (SELECT coalesce(sum(l.credit_yuan), 0) AS used FROM voucher_ledger l
                         WHERE l.account = 'enterprise_quota' AND l.account_ref = r.ref) u ON true
         WHERE qt.id IS NULL OR u.used > qt.approved_yuan
         LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'voucher_ledger: % yuan used of quota % (approved %) / 超过企业核定额度', bad.used, bad.ref, bad.approved
            USING ERRCODE = 'check_violation';
        END IF;
        SELECT r.ref INTO bad
          FROM (SELECT DISTINCT n.programme_id, n.account_ref AS ref FROM new_rows n WHERE n.account = 'provider_payable') r
          JOIN LATERAL (SELECT coalesce(sum(l.debit_yuan - l.credit_yuan), 0) AS payable FROM voucher_ledger l
                         WHERE l.programme_id = r.programme_id AND l.account = 'provider_payable' AND l.account_ref = r.ref) u ON true
         WHERE u.payable < 0
         LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'voucher_ledger: provider % paid more than owed / 支付超过应付', bad.ref
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER "tg_voucher_ledger_within_limits" AFTER INSERT ON "voucher_ledger"
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION voucher_ledger_within_limits()`);
    // At commit: a claim's budget credits are its reimbursement, which is the sum of its split. Fired by the claim's
    // INSERT and by every budget leg (a leg added to a claim later is checked too); one claim's legs each time.
    await q.query(`
      CREATE FUNCTION voucher_claim_booked_in_full() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        claim uuid := (to_jsonb(NEW) ->> CASE TG_TABLE_NAME WHEN 'voucher_claims' THEN 'id' ELSE 'claim_id' END)::uuid;
        c record;
        booked bigint;
        foreign_legs int;
        split_sum bigint;
      BEGIN
        SELECT id, programme_id, reimbursed_yuan, split INTO c FROM voucher_claims WHERE id = claim;
        IF NOT FOUND THEN
          RETURN NULL; -- the foreign key reports a leg of no claim
        END IF;
        SELECT coalesce(sum(credit_yuan) FILTER (WHERE programme_id = c.programme_id), 0),
               count(*) FILTER (WHERE programme_id <> c.programme_id)
          INTO booked, foreign_legs
          FROM voucher_ledger WHERE claim_id = c.id AND account = 'programme_budget';
        SELECT coalesce(sum((x->>'amountYuan')::bigint), 0) INTO split_sum
          FROM jsonb_array_elements(CASE jsonb_typeof(c.split) WHEN 'array' THEN c.split ELSE '[]'::jsonb END) x;
        IF booked <> c.reimbursed_yuan OR foreign_legs > 0 OR split_sum <> c.reimbursed_yuan THEN
          RAISE EXCEPTION 'voucher_claims: claim % reimburses % yuan, its split sums to % and its budget legs to % / 申领金额与分摊、台账不一致',
            c.id, c.reimbursed_yuan, split_sum, booked
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER "tg_voucher_claims_booked_in_full" AFTER INSERT ON "voucher_claims"
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION voucher_claim_booked_in_full()`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER "tg_voucher_ledger_claim_booked_in_full" AFTER INSERT ON "voucher_ledger"
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.account = 'programme_budget')
        EXECUTE FUNCTION voucher_claim_booked_in_full()`);
    // A claim is a record of what was booked: never deleted, and changed only by its settlement (booked → settled,
    // settlement_id and settled_at), every other column as it was.
    await q.query(`
      CREATE FUNCTION voucher_claims_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.status = 'booked' AND NEW.status = 'settled'
           AND (to_jsonb(NEW) - 'status' - 'settlement_id' - 'settled_at')
               = (to_jsonb(OLD) - 'status' - 'settlement_id' - 'settled_at') THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'voucher_claims: % refused: a claim only moves from booked to settled / 创新券申领只能由结算改为已结算', TG_OP
          USING ERRCODE = 'integrity_constraint_violation';
      END $$`);
    await q.query(`
      CREATE TRIGGER "tg_voucher_claims_immutable" BEFORE UPDATE OR DELETE ON "voucher_claims"
        FOR EACH ROW EXECUTE FUNCTION voucher_claims_immutable()`);
    await q.query(`
      CREATE TRIGGER "tg_voucher_claims_no_truncate" BEFORE TRUNCATE ON "voucher_claims"
        FOR EACH STATEMENT EXECUTE FUNCTION voucher_claims_immutable()`);
    await q.query(`
      CREATE TABLE "voucher_provider_flags" (
        "programme_id" uuid NOT NULL,
        "organization_id" uuid NOT NULL,
        "flagged" boolean NOT NULL,
        "note" text,
        "updated_by" uuid,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_voucher_provider_flags" PRIMARY KEY ("programme_id", "organization_id"),
        CONSTRAINT "fk_voucher_provider_flags_programme" FOREIGN KEY ("programme_id") REFERENCES "voucher_programmes"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_voucher_provider_flags_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_voucher_provider_flags_updated_by" FOREIGN KEY ("updated_by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await q.query(`
      CREATE TABLE "voucher_events" (
        "id" BIGSERIAL NOT NULL,
        "programme_id" uuid NOT NULL,
        "subject" text NOT NULL,
        "subject_id" uuid NOT NULL,
        "actor_id" uuid,
        "kind" text NOT NULL,
        "from_status" text,
        "to_status" text,
        "note" text,
        "data" jsonb NOT NULL DEFAULT '{}',
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_voucher_events" PRIMARY KEY ("id"),
        CONSTRAINT "ck_voucher_events_subject" CHECK ("subject" IN ('programme', 'quota', 'claim', 'settlement', 'flag')),
        CONSTRAINT "fk_voucher_events_programme" FOREIGN KEY ("programme_id") REFERENCES "voucher_programmes"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_voucher_events_actor" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await q.query(`CREATE INDEX "ix_voucher_events_programme" ON "voucher_events" ("programme_id", "id")`);
    await q.query(`CREATE INDEX "ix_voucher_events_subject" ON "voucher_events" ("subject", "subject_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "voucher_events"`);
    await q.query(`DROP TABLE "voucher_provider_flags"`);
    await q.query(`DROP TABLE "voucher_ledger"`);
    await q.query(`DROP FUNCTION voucher_ledger_within_limits()`);
    await q.query(`DROP FUNCTION voucher_ledger_entry_balanced()`);
    await q.query(`DROP FUNCTION voucher_ledger_append_only()`);
    await q.query(`DROP TABLE "voucher_claims"`);
    await q.query(`DROP FUNCTION voucher_claims_immutable()`);
    await q.query(`DROP FUNCTION voucher_claim_booked_in_full()`);
    await q.query(`DROP TABLE "voucher_settlements"`);
    await q.query(`DROP TABLE "voucher_quotas"`);
    await q.query(`DROP TABLE "voucher_programmes"`);
  }
}
