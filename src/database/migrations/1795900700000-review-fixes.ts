import type { MigrationInterface, QueryRunner } from 'typeorm';

const GRAMS_BY_CLASS = `
  WITH chars AS (
    SELECT c, lead(c) OVER (ORDER BY n) AS next
      FROM regexp_split_to_table(lower(title || ' ' || description || ' ' || array_to_string(keywords, ' ')), '')
           WITH ORDINALITY AS t(c, n))
  SELECT coalesce(array_agg(DISTINCT g), '{}') FROM (
    SELECT c AS g FROM chars WHERE c ~ '[[:alnum:]]'
    UNION ALL
    SELECT c || next FROM chars WHERE c ~ '[[:alnum:]]' AND next ~ '[[:alnum:]]') grams`;

// Spaces and punctuation become one separator in a single pass; every other character counts, whatever the
// database's locale says is "alphanumeric" (in a C-locale database no Chinese character is).
const GRAMS_BY_SEPARATOR = `
  WITH chars AS (
    SELECT c, lead(c) OVER (ORDER BY n) AS next
      FROM unnest(string_to_array(regexp_replace(
             lower(title || ' ' || description || ' ' || array_to_string(keywords, ' ')),
             '[[:space:][:punct:]]+', ' ', 'g'), NULL)) WITH ORDINALITY AS t(c, n))
  SELECT coalesce(array_agg(DISTINCT g), '{}') FROM (
    SELECT c AS g FROM chars WHERE c <> ' '
    UNION ALL
    SELECT c || next FROM chars WHERE c <> ' ' AND next <> ' ') grams`;

const grams = (body: string) => `
  CREATE OR REPLACE FUNCTION listing_search_grams(title text, description text, keywords text[]) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$${body}$$`;

/**
 * Fixes from the review of the hardening work:
 * - job_outbox counts a job's failures that were not outages (five make it fail for good, however many outage
 *   retries came before), and keeps a job's queue priority (rematch chunks yield to imports in the bulk queue);
 * - the listing search's grams no longer depend on the locale, and take a third less time to compute;
 * - matches carry their listings' sectors as 64-bit keys: the review queue's covering indexes hold them within
 *   PostgreSQL's index row limit whatever the length of the codes (long codes could make a suggestion unwritable).
 */
export class ReviewFixes1795900700000 implements MigrationInterface {
  name = 'ReviewFixes1795900700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "job_outbox" ADD "failures" integer NOT NULL DEFAULT 0, ADD "priority" integer`);
    await q.query(grams(GRAMS_BY_SEPARATOR));
    await q.query(`REINDEX INDEX "ix_needs_search"`);
    await q.query(`REINDEX INDEX "ix_capabilities_search"`);
    await q.query(`ALTER TABLE "matches" ADD "listing_sector_keys" bigint[] NOT NULL DEFAULT '{}'`);
    await q.query(
      `UPDATE matches SET listing_sector_keys = ARRAY(SELECT hashtextextended(s, 0) FROM unnest(listing_sectors) s)`,
    );
    await q.query(`DROP INDEX "ix_matches_queue_score"`);
    await q.query(`DROP INDEX "ix_matches_queue_created"`);
    await q.query(`ALTER TABLE "matches" DROP COLUMN "listing_sectors"`);
    await q.query(
      `CREATE INDEX "ix_matches_queue_score" ON "matches" ("status", "score" DESC, "rank", "id")
         INCLUDE ("need_id", "capability_id", "created_at", "listing_sector_keys", "listing_districts")`,
    );
    await q.query(
      `CREATE INDEX "ix_matches_queue_created" ON "matches" ("status", "created_at", "id")
         INCLUDE ("need_id", "capability_id", "score", "listing_sector_keys", "listing_districts")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_matches_queue_created"`);
    await q.query(`DROP INDEX "ix_matches_queue_score"`);
    await q.query(`ALTER TABLE "matches" ADD "listing_sectors" text[] NOT NULL DEFAULT '{}'`);
    await q.query(`
      UPDATE matches m SET listing_sectors = n.sectors || c.sectors
        FROM needs n, capabilities c WHERE n.id = m.need_id AND c.id = m.capability_id`);
    await q.query(`ALTER TABLE "matches" DROP COLUMN "listing_sector_keys"`);
    await q.query(
      `CREATE INDEX "ix_matches_queue_score" ON "matches" ("status", "score" DESC, "rank", "id")
         INCLUDE ("need_id", "capability_id", "created_at", "listing_sectors", "listing_districts")`,
    );
    await q.query(
      `CREATE INDEX "ix_matches_queue_created" ON "matches" ("status", "created_at", "id")
         INCLUDE ("need_id", "capability_id", "score", "listing_sectors", "listing_districts")`,
    );
    await q.query(grams(GRAMS_BY_CLASS));
    await q.query(`REINDEX INDEX "ix_needs_search"`);
    await q.query(`REINDEX INDEX "ix_capabilities_search"`);
    await q.query(`ALTER TABLE "job_outbox" DROP COLUMN "priority", DROP COLUMN "failures"`);
  }
}
