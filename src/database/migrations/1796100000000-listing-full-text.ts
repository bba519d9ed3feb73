import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Full-text search over listings with the engine's analysis: each need and capability carries `search_terms`, a
 * tsvector of its jieba terms (title weighted A, keywords B, description C) that the service writes with the
 * listing, and `search_version`, the analysis it was built with (the worker rewrites listings of another version,
 * which is how the rows already here get theirs). GIN indexes serve `@@` queries. The character-pair index of
 * ListingSearch1795900300000, which served unranked substring search, goes.
 */
export class ListingFullText1796100000000 implements MigrationInterface {
  name = 'ListingFullText1796100000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['needs', 'capabilities']) {
      await q.query(`ALTER TABLE "${table}" ADD COLUMN "search_terms" tsvector, ADD COLUMN "search_version" smallint`);
      await q.query(`CREATE INDEX "ix_${table}_terms" ON "${table}" USING gin ("search_terms")`);
      // The worker's catch-up finds rows without terms, or with terms of an older analysis, through this.
      await q.query(`CREATE INDEX "ix_${table}_search_version" ON "${table}" ("search_version")`);
      await q.query(`DROP INDEX "ix_${table}_search"`);
    }
    await q.query(`DROP FUNCTION listing_query_grams(text)`);
    await q.query(`DROP FUNCTION listing_search_grams(text, text, text[])`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The character-pair search as ListingSearch1795900300000 made it.
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
    for (const table of ['needs', 'capabilities']) {
      await q.query(`DROP INDEX "ix_${table}_search_version"`);
      await q.query(`DROP INDEX "ix_${table}_terms"`);
      await q.query(`ALTER TABLE "${table}" DROP COLUMN "search_terms", DROP COLUMN "search_version"`);
    }
  }
}
