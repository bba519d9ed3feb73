import type { MigrationInterface, QueryRunner } from 'typeorm';

const DISTRICTS = [
  '道里',
  '南岗',
  '道外',
  '香坊',
  '平房',
  '松北',
  '呼兰',
  '阿城',
  '双城',
  '依兰',
  '方正',
  '宾县',
  '巴彦',
  '木兰',
  '通河',
  '延寿',
  '尚志',
  '五常',
  'outside',
];
const list = (values: string[]): string => values.map((v) => `'${v}'`).join(', ');

/** Organisations, users, taxonomies, needs, capabilities, the job outbox and the catalogue's change sequence. */
export class Foundation1795812800000 implements MigrationInterface {
  name = 'Foundation1795812800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE "district" AS ENUM(${list(DISTRICTS)})`);
    await q.query(
      `CREATE TYPE "organization_kind" AS ENUM('enterprise', 'university', 'research_institute', 'lab', 'government', 'intermediary', 'investor')`,
    );
    await q.query(`CREATE TYPE "user_role" AS ENUM('member', 'coordinator', 'admin')`);
    await q.query(
      `CREATE TYPE "need_kind" AS ENUM('technical_problem', 'talent', 'equipment_access', 'testing', 'joint_rnd')`,
    );
    await q.query(`CREATE TYPE "visibility" AS ENUM('public', 'restricted')`);
    await q.query(`CREATE TYPE "need_status" AS ENUM('open', 'paused', 'closed')`);
    await q.query(
      `CREATE TYPE "capability_kind" AS ENUM('achievement', 'patent', 'expertise', 'equipment', 'service', 'platform')`,
    );
    await q.query(
      `CREATE TYPE "ip_status" AS ENUM('patent_granted', 'patent_pending', 'software_copyright', 'trade_secret', 'none', 'other')`,
    );
    await q.query(`CREATE TYPE "capability_status" AS ENUM('active', 'withdrawn')`);
    await q.query(`CREATE TYPE "catalog_entity" AS ENUM('need', 'capability')`);
    await q.query(`CREATE TYPE "catalog_op" AS ENUM('upsert', 'delete')`);

    await q.query(`
      CREATE TABLE "organizations" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "kind" "organization_kind" NOT NULL,
        "name" text NOT NULL,
        "credit_code" character varying(18),
        "district" "district" NOT NULL,
        "contact" jsonb NOT NULL DEFAULT '{"email": null, "phone": null, "person": null}',
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_organizations" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE UNIQUE INDEX "uq_organizations_name" ON "organizations" ("name")`);
    await q.query(
      `CREATE UNIQUE INDEX "uq_organizations_credit_code" ON "organizations" ("credit_code") WHERE credit_code IS NOT NULL`,
    );

    await q.query(`
      CREATE TABLE "users" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "email" text NOT NULL,
        "password_hash" text NOT NULL,
        "name" text NOT NULL,
        "role" "user_role" NOT NULL,
        "organization_id" uuid NOT NULL,
        "active" boolean NOT NULL DEFAULT true,
        "token_version" integer NOT NULL DEFAULT 0,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_users" PRIMARY KEY ("id"),
        CONSTRAINT "fk_users_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await q.query(`CREATE UNIQUE INDEX "uq_users_email" ON "users" ("email")`);
    await q.query(`CREATE INDEX "ix_users_organization" ON "users" ("organization_id")`);

    await q.query(`
      CREATE TABLE "taxonomy_schemes" (
        "scheme" text NOT NULL,
        "name" text NOT NULL,
        "source" text,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_taxonomy_schemes" PRIMARY KEY ("scheme")
      )`);
    await q.query(`
      CREATE TABLE "taxonomy_codes" (
        "scheme" text NOT NULL,
        "code" text NOT NULL,
        "parent" text,
        "name_zh" text NOT NULL,
        "name_en" text,
        "position" integer NOT NULL,
        CONSTRAINT "pk_taxonomy_codes" PRIMARY KEY ("scheme", "code")
      )`);
    await q.query(`CREATE INDEX "ix_taxonomy_codes_parent" ON "taxonomy_codes" ("scheme", "parent")`);

    await q.query(`
      CREATE TABLE "needs" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organization_id" uuid NOT NULL,
        "kind" "need_kind" NOT NULL,
        "title" character varying(200) NOT NULL,
        "description" text NOT NULL,
        "sectors" text array NOT NULL DEFAULT '{}',
        "keywords" text array NOT NULL DEFAULT '{}',
        "cooperation_modes" text array NOT NULL DEFAULT '{}',
        "budget_min" bigint,
        "budget_max" bigint,
        "deadline" date,
        "district" "district" NOT NULL,
        "visibility" "visibility" NOT NULL DEFAULT 'public',
        "status" "need_status" NOT NULL DEFAULT 'open',
        "created_by" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_needs" PRIMARY KEY ("id"),
        CONSTRAINT "fk_needs_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await q.query(`CREATE INDEX "ix_needs_org_created" ON "needs" ("organization_id", "created_at")`);
    await q.query(`CREATE INDEX "ix_needs_status_created" ON "needs" ("status", "created_at")`);
    await q.query(`CREATE INDEX "ix_needs_sectors" ON "needs" USING gin ("sectors")`);

    await q.query(`
      CREATE TABLE "capabilities" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organization_id" uuid NOT NULL,
        "kind" "capability_kind" NOT NULL,
        "title" character varying(200) NOT NULL,
        "description" text NOT NULL,
        "sectors" text array NOT NULL DEFAULT '{}',
        "keywords" text array NOT NULL DEFAULT '{}',
        "trl" smallint,
        "ip_status" "ip_status",
        "cooperation_modes" text array NOT NULL DEFAULT '{}',
        "district" "district" NOT NULL,
        "max_active_introductions" integer,
        "status" "capability_status" NOT NULL DEFAULT 'active',
        "created_by" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_capabilities" PRIMARY KEY ("id"),
        CONSTRAINT "fk_capabilities_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await q.query(`CREATE INDEX "ix_capabilities_org_created" ON "capabilities" ("organization_id", "created_at")`);
    await q.query(`CREATE INDEX "ix_capabilities_status_created" ON "capabilities" ("status", "created_at")`);
    await q.query(`CREATE INDEX "ix_capabilities_sectors" ON "capabilities" USING gin ("sectors")`);

    await q.query(`
      CREATE TABLE "job_outbox" (
        "id" BIGSERIAL NOT NULL,
        "queue" text NOT NULL,
        "name" text NOT NULL,
        "job_id" text NOT NULL,
        "data" jsonb NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "dispatched_at" TIMESTAMP WITH TIME ZONE,
        "completed_at" TIMESTAMP WITH TIME ZONE,
        "failed_at" TIMESTAMP WITH TIME ZONE,
        "error" text,
        CONSTRAINT "pk_job_outbox" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE UNIQUE INDEX "uq_job_outbox_job_id" ON "job_outbox" ("job_id")`);
    await q.query(
      `CREATE INDEX "ix_job_outbox_pending" ON "job_outbox" ("id") WHERE completed_at IS NULL AND failed_at IS NULL`,
    );

    await q.query(`
      CREATE TABLE "catalog_changes" (
        "seq" BIGSERIAL NOT NULL,
        "tx_id" bigint NOT NULL,
        "entity" "catalog_entity" NOT NULL,
        "entity_id" uuid NOT NULL,
        "op" "catalog_op" NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_catalog_changes" PRIMARY KEY ("seq")
      )`);
    await q.query(`CREATE INDEX "ix_catalog_changes_cursor" ON "catalog_changes" ("tx_id", "seq")`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'catalog_changes',
      'job_outbox',
      'capabilities',
      'needs',
      'taxonomy_codes',
      'taxonomy_schemes',
      'users',
      'organizations',
    ]) {
      await q.query(`DROP TABLE "${t}"`);
    }
    for (const t of [
      'catalog_op',
      'catalog_entity',
      'capability_status',
      'ip_status',
      'capability_kind',
      'need_status',
      'visibility',
      'need_kind',
      'user_role',
      'organization_kind',
      'district',
    ]) {
      await q.query(`DROP TYPE "${t}"`);
    }
  }
}
