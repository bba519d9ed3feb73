import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Coordinators' notes in the audit trail are internal unless the coordinator shares them with both parties
 * (PRODUCT.md). `shared` says whether the parties read an event's note.
 *
 * Backfill: events written by members (the parties' own progress notes, moving to negotiating) were always meant
 * for both sides, so they stay visible (true). Everything else becomes internal (false): coordinators' and admins'
 * notes were written before anyone could choose, and one of them may hold what a coordinator would never tell a
 * party (the issue saw an approval note shown to the capability side); the matching engine's own line carries only
 * the score, which the parties see anyway, and new engine events take the same default. The role is the actor's
 * role today: the trail keeps no role per event, and a removed actor (actor_id null) counts as internal.
 */
export class SharedNotes1795900100000 implements MigrationInterface {
  name = 'SharedNotes1795900100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "match_events" ADD "shared" boolean NOT NULL DEFAULT false`);
    await q.query(
      `UPDATE "match_events" e SET "shared" = true
         FROM "users" u WHERE u."id" = e."actor_id" AND u."role" = 'member'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "match_events" DROP COLUMN "shared"`);
  }
}
