import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Substring search over listings (`?q=`) without a scan of every row. Chinese has no spaces to split on, so the
 * index holds each listing's characters and pairs of adjacent characters (as pg_bigm does, with plain GIN): a query
 * of two characters or more needs its pairs, a single character itself, and the ILIKE that follows rechecks only
 * the few rows found. Both functions are immutable (lower-casing and splitting text), so PostgreSQL can index them.
 */
export class ListingSearch1795900300000 implements MigrationInterface {
  name = 'ListingSearch1795900300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION listing_search_grams(title text, description text, keywords text[]) RETURNS text[]
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        WITH chars AS (
          SELECT c, lead(c) OVER (ORDER BY n) AS next
            FROM regexp_split_to_table(lower(title || ' ' || description || ' ' || array_to_string(keywords, ' ')), '')
                 WITH ORDINALITY AS t(c, n))
        SELECT coalesce(array_agg(DISTINCT g), '{}') FROM (
          SELECT c AS g FROM chars WHERE c ~ '[[:alnum:]]'
          UNION ALL
          SELECT c || next FROM chars WHERE c ~ '[[:alnum:]]' AND next ~ '[[:alnum:]]') grams
      $$`);
    await q.query(`
      CREATE FUNCTION listing_query_grams(query text) RETURNS text[]
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        WITH grams AS (SELECT unnest(listing_search_grams(query, '', '{}')) AS g)
        SELECT coalesce(
          (SELECT array_agg(g) FROM grams WHERE char_length(g) = 2),
          (SELECT array_agg(g) FROM grams),
          '{}')
      $$`);
    for (const table of ['needs', 'capabilities']) {
      await q.query(
        `CREATE INDEX "ix_${table}_search" ON "${table}" USING gin (listing_search_grams(title, description, keywords))`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_capabilities_search"`);
    await q.query(`DROP INDEX "ix_needs_search"`);
    await q.query(`DROP FUNCTION listing_query_grams(text)`);
    await q.query(`DROP FUNCTION listing_search_grams(text, text, text[])`);
  }
}
