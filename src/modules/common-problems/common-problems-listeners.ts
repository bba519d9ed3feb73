import { Injectable, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Tx } from '../../jobs/unit-of-work.js';
import { QUEUES } from '../../jobs/queues.js';
import type { CatalogEntity } from '../listings/catalog-change.entity.js';
import { ListingEvents, type ListingChange, type ListingEventHandler } from '../listings/listing-events.js';
import { COMMON_PROBLEM_JOBS, type RefreshPayload } from './common-problems-jobs.js';

/**
 * What common problems do when needs change, in the writing transaction: a need edited (its visibility, its status:
 * closed or paused) or deleted queues a refresh of the candidate and confirmed problems it belongs to, so that what
 * they show (text taken from it, its lead, the capabilities' explanations, the shared terms) follows at once rather
 * than at the next detection. A deletion is recorded in the problem's audit trail before the member row goes.
 */
@Injectable()
export class CommonProblemsListeners implements ListingEventHandler, OnModuleInit {
  constructor(private readonly events: ListingEvents) {}

  onModuleInit(): void {
    this.events.register(this);
  }

  async changed(tx: Tx, change: ListingChange): Promise<void> {
    if (change.kind !== 'need' || change.op === 'delete') return;
    const problems = await this.problemsOf(tx, change.ids);
    await this.queueRefresh(tx, problems, `c${change.firstSeq}`);
  }

  async deleting(tx: Tx, kind: CatalogEntity, ids: string[]): Promise<void> {
    if (kind !== 'need') return;
    const rows = await tx.manager.query<Array<{ problem_id: string; status: string; need_ids: string[] }>>(
      `SELECT cpn.problem_id, p.status::text AS status, array_agg(cpn.need_id::text ORDER BY cpn.need_id) AS need_ids
         FROM common_problem_needs cpn JOIN common_problems p ON p.id = cpn.problem_id
        WHERE cpn.need_id = ANY($1::uuid[]) GROUP BY cpn.problem_id, p.status`,
      [ids],
    );
    for (const r of rows) {
      await tx.manager.query(
        `INSERT INTO common_problem_events (problem_id, kind, to_status, data) VALUES ($1, 'refreshed', $2, $3)`,
        [r.problem_id, r.status, JSON.stringify({ droppedNeedIds: r.need_ids, reason: 'deleted' })],
      );
    }
    await this.queueRefresh(
      tx,
      rows.filter((r) => r.status !== 'dismissed').map((r) => r.problem_id),
      `d${randomUUID()}`,
    );
  }

  private async problemsOf(tx: Tx, needIds: string[]): Promise<string[]> {
    const rows = await tx.manager.query<Array<{ id: string }>>(
      `SELECT DISTINCT p.id FROM common_problem_needs cpn JOIN common_problems p ON p.id = cpn.problem_id
        WHERE cpn.need_id = ANY($1::uuid[]) AND p.status IN ('candidate', 'confirmed')`,
      [needIds],
    );
    return rows.map((r) => r.id);
  }

  private async queueRefresh(tx: Tx, problemIds: string[], tag: string): Promise<void> {
    if (!problemIds.length) return;
    await tx.enqueue(
      problemIds.map((problemId) => {
        const data: RefreshPayload = { problemId };
        return {
          queue: QUEUES.maintenance,
          name: COMMON_PROBLEM_JOBS.refresh,
          jobId: `common-problems-refresh-${problemId}-${tag}`,
          data: { ...data },
        };
      }),
    );
  }
}
