import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { updateReturning } from '../database/query.js';
import type { CatalogEntity, CatalogOp } from './catalog-change.entity.js';
import { BULK_THRESHOLD, MATCHING_JOBS, QUEUES, type CatalogChangePayload, type JobRequest } from './queues.js';
import { UnitOfWork, type Tx } from './unit-of-work.js';

const JOB_FOR: Record<CatalogEntity, string> = {
  need: MATCHING_JOBS.needChanged,
  capability: MATCHING_JOBS.capabilityChanged,
};

/**
 * Producers of catalogue changes (needs, capabilities) call `record` inside their transaction: it appends to the
 * change sequence and queues the matching job for each entity, atomically with the change itself.
 */
@Injectable()
export class CatalogChangesService {
  constructor(
    private readonly uow: UnitOfWork,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * Runs `work` in a transaction that also records its change of the returned entity ids; the matching jobs are
   * handed to Redis once it has committed. The change and its jobs stand or fall together.
   */
  write<T>(entity: CatalogEntity, op: CatalogOp, work: (tx: Tx) => Promise<{ result: T; ids: string[] }>): Promise<T> {
    return this.uow.run(async (tx) => {
      const { result, ids } = await work(tx);
      await this.record(tx, entity, ids, op);
      return result;
    });
  }

  /** Appends a change of these entities to the sequence, in the caller's transaction, with its matching job. */
  async record(tx: Tx, entity: CatalogEntity, ids: string[], op: CatalogOp): Promise<void> {
    if (!ids.length) return;
    const rows: Array<{ seq: number }> = await tx.manager.query(
      `INSERT INTO catalog_changes (tx_id, entity, entity_id, op)
       SELECT pg_current_xact_id()::text::bigint, $1, id, $2 FROM unnest($3::uuid[]) AS t(id)
       RETURNING seq`,
      [entity, op, ids],
    );
    const seqs = rows.map((r) => r.seq);
    const first = Math.min(...seqs);
    const payload: CatalogChangePayload = { ids, op, seq: Math.max(...seqs) };
    // One job per write: a batch of 1,000 listings is matched together. Sequence numbers make the id unique. A big
    // batch (an import) waits in the bulk queue, so it never holds up a single need someone just posted.
    const job: JobRequest = {
      queue: ids.length > BULK_THRESHOLD ? QUEUES.matchingBulk : QUEUES.matching,
      name: JOB_FOR[entity],
      jobId: `${entity}-${first}`,
      data: { ...payload },
    };
    await tx.enqueue([job]);
  }

  /**
   * Deletes changes older than `days` whose transactions are settled (below every running one), and records how far
   * it went: a worker whose cursor is behind that mark reloads its index from the tables (it cannot replay changes
   * that no longer exist), so pruning never leaves an index out of step.
   */
  async prune(days: number, batch = 5000): Promise<number> {
    let total = 0;
    for (;;) {
      // A slice per transaction, oldest first, each moving the mark with it.
      const n = await this.dataSource.transaction(async (m) => {
        const [last] = await updateReturning<{ tx_id: number; seq: number; n: number }>(
          m,
          `WITH gone AS (
             DELETE FROM catalog_changes WHERE seq IN (
               SELECT seq FROM catalog_changes
                WHERE created_at < now() - make_interval(days => $1)
                  AND tx_id < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
                ORDER BY tx_id, seq LIMIT $2)
             RETURNING tx_id, seq)
           SELECT tx_id, seq, (SELECT count(*)::int FROM gone) AS n FROM gone ORDER BY tx_id DESC, seq DESC LIMIT 1`,
          [days, batch],
        );
        if (!last) return 0;
        await m.query(
          `INSERT INTO catalog_changes_pruned AS p (id, tx_id, seq, pruned_at) VALUES (true, $1, $2, now())
           ON CONFLICT (id) DO UPDATE SET tx_id = EXCLUDED.tx_id, seq = EXCLUDED.seq, pruned_at = now()
            WHERE (EXCLUDED.tx_id, EXCLUDED.seq) > (p.tx_id, p.seq)`,
          [last.tx_id, last.seq],
        );
        return last.n;
      });
      total += n;
      if (n < batch) return total;
    }
  }

  /** How far the sequence was pruned: changes at or before it are gone. */
  async prunedTo(): Promise<{ txId: number; seq: number } | null> {
    const rows = await this.dataSource.query<Array<{ tx_id: number; seq: number }>>(
      `SELECT tx_id, seq FROM catalog_changes_pruned`,
    );
    return rows[0] ? { txId: rows[0].tx_id, seq: rows[0].seq } : null;
  }
}
