import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Matches with their audit trail, and rematch runs split into chunks. */
export class Matching1795814400000 implements MigrationInterface {
  name = 'Matching1795814400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TYPE "match_status" AS ENUM('suggested', 'approved', 'rejected', 'introduced', 'negotiating', 'contracted', 'closed_no_deal')`,
    );
    await q.query(`
      CREATE TABLE "matches" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "need_id" uuid NOT NULL,
        "capability_id" uuid NOT NULL,
        "score" double precision NOT NULL,
        "rank" integer NOT NULL,
        "status" "match_status" NOT NULL DEFAULT 'suggested',
        "explanation" jsonb NOT NULL,
        "algorithm_version" text NOT NULL,
        "version" integer NOT NULL DEFAULT 1,
        "reviewed_at" TIMESTAMP WITH TIME ZONE,
        "reviewed_by" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_matches" PRIMARY KEY ("id"),
        CONSTRAINT "uq_matches_pair" UNIQUE ("need_id", "capability_id"),
        CONSTRAINT "fk_matches_need" FOREIGN KEY ("need_id") REFERENCES "needs"("id") ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT "fk_matches_capability" FOREIGN KEY ("capability_id") REFERENCES "capabilities"("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`);
    await q.query(`CREATE INDEX "ix_matches_need_status_score" ON "matches" ("need_id", "status", "score" DESC)`);
    await q.query(`CREATE INDEX "ix_matches_capability_status" ON "matches" ("capability_id", "status")`);
    await q.query(`CREATE INDEX "ix_matches_status_score" ON "matches" ("status", "score" DESC)`);

    await q.query(`
      CREATE TABLE "match_events" (
        "id" BIGSERIAL NOT NULL,
        "match_id" uuid NOT NULL,
        "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "actor_id" uuid,
        "from_status" "match_status",
        "to_status" "match_status" NOT NULL,
        "note" text,
        CONSTRAINT "pk_match_events" PRIMARY KEY ("id"),
        CONSTRAINT "fk_match_events_match" FOREIGN KEY ("match_id") REFERENCES "matches"("id") ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT "fk_match_events_actor" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION
      )`);
    await q.query(`CREATE INDEX "ix_match_events_match" ON "match_events" ("match_id", "id")`);

    await q.query(`CREATE TYPE "rematch_state" AS ENUM('waiting', 'active', 'completed', 'failed')`);
    await q.query(`
      CREATE TABLE "rematch_runs" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "scope" jsonb NOT NULL,
        "state" "rematch_state" NOT NULL DEFAULT 'waiting',
        "total_chunks" integer,
        "done_chunks" integer NOT NULL DEFAULT 0,
        "items" integer NOT NULL DEFAULT 0,
        "suggestions" integer NOT NULL DEFAULT 0,
        "requested_by" uuid,
        "error" text,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "finished_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "pk_rematch_runs" PRIMARY KEY ("id")
      )`);
    await q.query(`
      CREATE TABLE "rematch_chunks" (
        "run_id" uuid NOT NULL,
        "chunk_no" integer NOT NULL,
        "kind" text NOT NULL,
        "item_ids" uuid array NOT NULL,
        "attempts" integer NOT NULL DEFAULT 0,
        "done_by" text,
        "done_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "pk_rematch_chunks" PRIMARY KEY ("run_id", "chunk_no"),
        CONSTRAINT "fk_rematch_chunks_run" FOREIGN KEY ("run_id") REFERENCES "rematch_runs"("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['rematch_chunks', 'rematch_runs', 'match_events', 'matches']) await q.query(`DROP TABLE "${t}"`);
    for (const t of ['rematch_state', 'match_status']) await q.query(`DROP TYPE "${t}"`);
  }
}
