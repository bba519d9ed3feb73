import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { updateReturning } from '../../database/query.js';
import { RetentionService } from '../../jobs/retention.service.js';
import { UnitOfWork, type Tx } from '../../jobs/unit-of-work.js';
import type { CatalogEntity, CatalogOp } from './catalog-change.entity.js';
import { ListingEvents } from './listing-events.js';

/**
 * The catalogue's change sequence. Producers of changes to listings (needs, capabilities) write through it: it
 * appends the change, in the writing transaction, and announces it to the modules that listen (ListingEvents), so
 * what they queue or write stands or falls with the change itself. Matching's workers tail the sequence to keep their
 * indexes equal to PostgreSQL.
 */
@Injectable()
export class CatalogChangesService implements OnModuleInit {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: ListingEvents,
    private readonly retention: RetentionService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.retention.register('catalog_changes', (days) => this.prune(days));
  }

  /**
   * Runs `work` in a unit of work that also records its change of the returned listing ids; what the listeners
   * queue for it is sent once it has committed.
   */
  write<T>(kind: CatalogEntity, op: 'upsert', work: (tx: Tx) => Promise<{ result: T; ids: string[] }>): Promise<T> {
    return this.uow.run(async (tx) => {
      const { result, ids } = await work(tx);
      await this.record(tx, kind, ids, op);
      return result;
    });
  }

  /**
   * Deletes listings in a unit of work: the listeners hear of it first, while every row that refers to the listings
   * still exists (and may refuse it), then `work` deletes them and the deletion is recorded.
   */
  delete<T>(kind: CatalogEntity, ids: string[], work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.uow.run(async (tx) => {
      await this.events.deleting(tx, kind, ids);
      const result = await work(tx);
      await this.record(tx, kind, ids, 'delete');
      return result;
    });
  }

  /** Appends a change of these listings to the sequence, in the caller's transaction, and announces it. */
  async record(tx: Tx, kind: CatalogEntity, ids: string[], op: CatalogOp): Promise<void> {
    if (!ids.length) return;
    const rows: Array<{ seq: number }> = await tx.manager.query(
      `INSERT INTO catalog_changes (tx_id, entity, entity_id, op)
       SELECT pg_current_xact_id()::text::bigint, $1, id, $2 FROM unnest($3::uuid[]) AS t(id)
       RETURNING seq`,
      [kind, op, ids],
    );
    const seqs = rows.map((r) => r.seq);
    await this.events.changed(tx, { kind, ids, op, firstSeq: Math.min(...seqs), lastSeq: Math.max(...seqs) });
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
