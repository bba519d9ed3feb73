import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The review queue's total under a sector or district filter. The page itself walks an order's index and stops after
 * 21 rows, but the total must look at every row the filter keeps: through the wide covering indexes that meant every
 * suggestion's index entry (12–14 ms at 42,000 suggestions, more than half of a request's time).
 * - Sectors are rare per match: a GIN index on the sector keys finds a sector's few hundred matches directly.
 * - Districts are common (a large district is in a third of all pairs): a narrow index of the status and the two
 *   districts alone halves what the count reads, without visiting the table.
 * Neither is partial: the queue's status is a query parameter, which a generic plan cannot match to a partial index.
 */
export class ReviewQueueFilters1796300000000 implements MigrationInterface {
  name = 'ReviewQueueFilters1796300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "ix_matches_sector_keys" ON "matches" USING gin ("listing_sector_keys")`);
    await q.query(`CREATE INDEX "ix_matches_queue_districts" ON "matches" ("status") INCLUDE ("listing_districts")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_matches_queue_districts"`);
    await q.query(`DROP INDEX "ix_matches_sector_keys"`);
  }
}
