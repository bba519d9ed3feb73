import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Before this release a rematch of everything could be asked for again while one waited or ran, and a run could
 * stay `active` for ever. The next migration allows one such run at a time (a unique index), which an install with
 * several would fail to build: every one but the newest is marked failed here, with the reason. The newest is left
 * for the worker's watchdog, which completes it, fails it with a reason or queues its missing chunks.
 */
export class SupersedeDuplicateRematches1795899900000 implements MigrationInterface {
  name = 'SupersedeDuplicateRematches1795899900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE rematch_runs SET state = 'failed', finished_at = now(),
             error = '升级时被更新的全量重新匹配取代 / superseded at upgrade by a newer rematch of everything'
       WHERE scope->>'scope' = 'all' AND state IN ('waiting', 'active')
         AND id <> (SELECT id FROM rematch_runs WHERE scope->>'scope' = 'all' AND state IN ('waiting', 'active')
                     ORDER BY created_at DESC, id DESC LIMIT 1)`);
  }

  async down(): Promise<void> {
    // The superseded runs stay failed: nothing to put back (their work is covered by the newer run).
  }
}
