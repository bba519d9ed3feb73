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

  async record(manager: EntityManager, entity: CatalogEntity, ids: string[], op: CatalogOp): Promise<JobRequest[]> {
    if (!ids.length) return [];
    const jobs: JobRequest[] = [];
    for (let i = 0; i < ids.length; i += 2000) {
      const slice = ids.slice(i, i + 2000);
      const rows: Array<{ seq: number; entity_id: string }> = await manager.query(
        `INSERT INTO catalog_changes (tx_id, entity, entity_id, op)
         SELECT pg_current_xact_id()::text::bigint, $1, id, $2 FROM unnest($3::uuid[]) WITH ORDINALITY AS t(id, n)
         ORDER BY n
         RETURNING seq, entity_id`,
        [entity, op, slice],
      );
      for (const r of rows) {
        const payload: CatalogChangePayload = { id: r.entity_id, op, seq: r.seq };
        jobs.push({
          queue: QUEUES.matching,
          name: JOB_FOR[entity],
          jobId: `${entity}:${r.entity_id}:${r.seq}`,
          data: { ...payload },
        });
      }
    }
    return this.outbox.add(manager, jobs);
  }
}
