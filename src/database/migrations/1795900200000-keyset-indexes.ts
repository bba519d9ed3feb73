import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Indexes in the exports' keyset order, so each page of a large export starts at its cursor instead of sorting. */
export class KeysetIndexes1795900200000 implements MigrationInterface {
  name = 'KeysetIndexes1795900200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "ix_needs_created_id" ON "needs" ("created_at" DESC, "id")`);
    await q.query(`CREATE INDEX "ix_capabilities_created_id" ON "capabilities" ("created_at" DESC, "id")`);
    await q.query(
      `CREATE INDEX "ix_matches_created_need_rank" ON "matches" ("created_at" DESC, "need_id", "rank", "id")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_matches_created_need_rank"`);
    await q.query(`DROP INDEX "ix_capabilities_created_id"`);
    await q.query(`DROP INDEX "ix_needs_created_id"`);
  }
}
