import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { CatalogEntity, CatalogOp } from './catalog-change.entity.js';
import { OutboxService } from './outbox.service.js';
import { MATCHING_JOBS, QUEUES, type CatalogChangePayload, type JobRequest } from './queues.js';

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
    private readonly outbox: OutboxService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * Runs `work` in a transaction that also records its change of the returned entity ids, then, once committed,
   * hands the matching jobs to Redis. The change and its jobs stand or fall together.
   */
  async write<T>(
    entity: CatalogEntity,
    op: CatalogOp,
    work: (m: EntityManager) => Promise<{ result: T; ids: string[] }>,
  ): Promise<T> {
    const { result, jobs } = await this.dataSource.transaction(async (m) => {
      const { result, ids } = await work(m);
      return { result, jobs: await this.record(m, entity, ids, op) };
    });
    await this.outbox.dispatch(jobs);
    return result;
  }

  /** Hands jobs recorded with `record` in a transaction of the caller's to Redis, once it has committed. */
  dispatch(jobs: JobRequest[]): Promise<void> {
    return this.outbox.dispatch(jobs);
  }

  async record(manager: EntityManager, entity: CatalogEntity, ids: string[], op: CatalogOp): Promise<JobRequest[]> {
    if (!ids.length) return [];
    const rows: Array<{ seq: number }> = await manager.query(
      `INSERT INTO catalog_changes (tx_id, entity, entity_id, op)
       SELECT pg_current_xact_id()::text::bigint, $1, id, $2 FROM unnest($3::uuid[]) AS t(id)
       RETURNING seq`,
      [entity, op, ids],
    );
    const seqs = rows.map((r) => r.seq);
    const first = Math.min(...seqs);
    const payload: CatalogChangePayload = { ids, op, seq: Math.max(...seqs) };
    // One job per write: a batch of 1,000 listings is matched together. Sequence numbers make the id unique.
    const job: JobRequest = {
      queue: QUEUES.matching,
      name: JOB_FOR[entity],
      jobId: `${entity}-${first}`,
      data: { ...payload },
    };
    return this.outbox.add(manager, [job]);
  }
}
