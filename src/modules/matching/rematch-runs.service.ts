import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { conflict, invalidInput, notFound } from '../../common/errors/app-errors.js';
import { deleteInBatches, updateReturning } from '../../database/query.js';
import { OutboxService } from '../../jobs/outbox.service.js';
import { UnitOfWork } from '../../jobs/unit-of-work.js';
import type { JobRequest } from '../../jobs/queues.js';
import type { RematchDto, RematchJobView } from './dto/rematch.dto.js';
import { MATCHING_JOBS, REMATCH_PRIORITY, matchingJob } from './matching-jobs.js';
import { RematchRunEntity, type RematchScope } from './rematch-run.entity.js';

/** How the error of a run that one of its jobs failed begins (such a run is revived when the job is retried). */
const JOB_FAILED = '任务失败 / a job of this rematch failed:';

/** Needs per chunk (each is ranked against the whole catalogue) and capabilities per chunk. */
export const CHUNK = { needs: 25, capabilities: 100 } as const;

export interface Chunk {
  runId: string;
  chunkNo: number;
  kind: 'needs' | 'capabilities';
  itemIds: string[];
  doneAt: Date | null;
}

/**
 * Rematch runs as PostgreSQL records them: asked for by the API, split into chunks by a worker, each chunk done
 * once. Progress is read from here, so it survives worker crashes and a Redis that lost its jobs.
 */
@Injectable()
export class RematchRunsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly uow: UnitOfWork,
  ) {}

  async request(dto: RematchDto, requestedBy: string | null): Promise<{ jobId: string }> {
    const given = [dto.scope, dto.needIds, dto.capabilityIds].filter((x) => x !== undefined).length;
    if (given !== 1) {
      throw invalidInput([
        {
          field: 'scope',
          message:
            '请给出 scope: "all"、needIds 或 capabilityIds 之一 / give exactly one of scope: "all", needIds or capabilityIds',
        },
      ]);
    }
    const scope: RematchScope = dto.needIds
      ? { needIds: dto.needIds }
      : dto.capabilityIds
        ? { capabilityIds: dto.capabilityIds }
        : { scope: 'all' };
    let run: RematchRunEntity;
    try {
      run = await this.uow.run(async (tx) => {
        const saved = await tx.manager.getRepository(RematchRunEntity).save({ scope, requestedBy });
        await tx.enqueue([this.splitJob(saved.id)]);
        return saved;
      });
    } catch (err) {
      if ((err as { driverError?: { constraint?: string } }).driverError?.constraint === 'uq_rematch_runs_one_all') {
        throw await this.alreadyRunning();
      }
      throw err;
    }
    return { jobId: run.id };
  }

  /** 409 naming the `all` rematch that waits or runs: one at a time, and it already covers everything. */
  private async alreadyRunning(): Promise<Error> {
    const [running] = await this.dataSource.query<Array<{ id: string; state: string; progress: number }>>(
      `SELECT id, state, CASE WHEN total_chunks > 0 THEN floor(100.0 * done_chunks / total_chunks)::int ELSE 0 END AS progress
         FROM rematch_runs WHERE scope->>'scope' = 'all' AND state IN ('waiting', 'active') LIMIT 1`,
    );
    return conflict(
      `全量重新匹配正在进行（${running?.id ?? '?'}，${running?.progress ?? 0}%），请等待其完成 / ` +
        `a rematch of everything is already ${running?.state ?? 'running'} (${running?.id ?? '?'}): follow it at GET /matching/jobs/${running?.id ?? ''}`,
      { jobId: running?.id ?? null, state: running?.state ?? null, progress: running?.progress ?? null },
    );
  }

  async status(id: string): Promise<RematchJobView> {
    const run = await this.dataSource.getRepository(RematchRunEntity).findOneBy({ id });
    if (!run) throw notFound('匹配任务 / matching job');
    const progress =
      run.state === 'completed' ? 100 : run.totalChunks ? Math.floor((100 * run.doneChunks) / run.totalChunks) : 0;
    return {
      id: run.id,
      state: run.state,
      progress,
      counts: { chunks: run.totalChunks, chunksDone: run.doneChunks, items: run.items, suggestions: run.suggestions },
      scope: run.scope,
      error: run.error,
      createdAt: run.createdAt,
      finishedAt: run.finishedAt,
    };
  }

  /**
   * Splits a run into chunks and queues them, in one transaction. Idempotent: a retried split finds the chunks
   * already made and only makes sure their jobs are queued.
   */
  split(runId: string): Promise<number> {
    return this.uow.run(async (tx) => {
      const m = tx.manager;
      const [run] = await m.query<Array<{ scope: RematchScope; total_chunks: number | null }>>(
        `SELECT scope, total_chunks FROM rematch_runs WHERE id = $1 FOR UPDATE`,
        [runId],
      );
      if (!run) return 0;
      if (run.total_chunks === null) {
        const { kind, ids } = await this.itemsOf(m.query.bind(m), run.scope);
        const size = CHUNK[kind];
        const chunks = Array.from({ length: Math.ceil(ids.length / size) }, (_, i) =>
          ids.slice(i * size, (i + 1) * size),
        );
        if (chunks.length) {
          await m.query(
            `INSERT INTO rematch_chunks (run_id, chunk_no, kind, item_ids)
             SELECT $1, n - 1, $2, ARRAY(SELECT jsonb_array_elements_text(c)::uuid)
               FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS t(c, n)`,
            [runId, kind, JSON.stringify(chunks)],
          );
        }
        await m.query(
          `UPDATE rematch_runs SET total_chunks = $2, items = $3, updated_at = now(),
                  state = CASE WHEN $2 = 0 THEN 'completed'::rematch_state ELSE 'active'::rematch_state END,
                  finished_at = CASE WHEN $2 = 0 THEN now() END
            WHERE id = $1`,
          [runId, chunks.length, ids.length],
        );
      }
      const open: Array<{ chunk_no: number }> = await m.query(
        `SELECT chunk_no FROM rematch_chunks WHERE run_id = $1 AND done_at IS NULL ORDER BY chunk_no`,
        [runId],
      );
      await tx.enqueue(open.map((c) => this.chunkJob(runId, c.chunk_no)));
      return open.length;
    });
  }

  /** A chunk to work on, or null when it is already done (a redelivered job does nothing twice). */
  async startChunk(runId: string, chunkNo: number): Promise<Chunk | null> {
    const [c] = await updateReturning<{ kind: 'needs' | 'capabilities'; item_ids: string[]; done_at: Date | null }>(
      this.dataSource,
      `UPDATE rematch_chunks SET attempts = attempts + 1 WHERE run_id = $1 AND chunk_no = $2 AND done_at IS NULL
       RETURNING kind, item_ids, done_at`,
      [runId, chunkNo],
    );
    return c ? { runId, chunkNo, kind: c.kind, itemIds: c.item_ids, doneAt: c.done_at } : null;
  }

  /** Marks a chunk done (once) and advances its run; the last chunk completes the run. */
  async finishChunk(runId: string, chunkNo: number, suggestions: number, worker: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const done = await updateReturning(
        m,
        `UPDATE rematch_chunks SET done_at = now(), done_by = $3 WHERE run_id = $1 AND chunk_no = $2 AND done_at IS NULL RETURNING 1`,
        [runId, chunkNo, worker],
      );
      if (!done.length) return;
      await m.query(
        `UPDATE rematch_runs SET done_chunks = done_chunks + 1, suggestions = suggestions + $2, updated_at = now(),
                state = CASE WHEN done_chunks + 1 >= total_chunks AND state <> 'failed' THEN 'completed'::rematch_state ELSE state END,
                finished_at = CASE WHEN done_chunks + 1 >= total_chunks THEN now() ELSE finished_at END
          WHERE id = $1`,
        [runId, suggestions],
      );
    });
  }

  /** A chunk failed for good (its retries are spent): the run is marked failed, with the reason. */
  async failRun(runId: string, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE rematch_runs SET state = 'failed', error = $2, finished_at = now(), updated_at = now()
        WHERE id = $1 AND state IN ('waiting', 'active')`,
      [runId, `${JOB_FAILED} ${error}`.slice(0, 2000)],
    );
  }

  /**
   * Brings every unfinished run to what its chunks and jobs say, so none stays `active` for ever: a run whose chunks
   * are all done is completed; a run one of whose jobs failed for good (bad data, not an outage: those are retried
   * until the service is back) is failed with that job's reason; a run whose split or chunk jobs are missing from
   * the outbox altogether has them queued again. Idempotent; run by every worker now and then.
   */
  async reconcile(): Promise<{ completed: number; failed: number; requeued: number; revived: number }> {
    const failed = await updateReturning(
      this.dataSource,
      `UPDATE rematch_runs r SET state = 'failed', finished_at = now(), updated_at = now(),
              error = '${JOB_FAILED} ' || o.error
         FROM job_outbox o
        WHERE r.state IN ('waiting', 'active') AND o.failed_at IS NOT NULL
          AND (o.job_id = 'rematch-' || r.id::text OR o.job_id LIKE 'rematch-' || r.id::text || '-%')
        RETURNING r.id`,
      [],
    );
    // A run failed by one of its jobs comes back when an admin retried that job and none has failed since (then it
    // finishes, or is completed just below). One at a time: two runs of everything may not both be running.
    const revived = await updateReturning(
      this.dataSource,
      `UPDATE rematch_runs SET state = 'active', error = NULL, finished_at = NULL, updated_at = now()
        WHERE id = (
          SELECT r.id FROM rematch_runs r
           WHERE r.state = 'failed' AND r.total_chunks IS NOT NULL AND r.error LIKE $1
             AND NOT EXISTS (SELECT 1 FROM job_outbox o
                              WHERE (o.job_id = 'rematch-' || r.id::text OR o.job_id LIKE 'rematch-' || r.id::text || '-%')
                                AND o.failed_at IS NOT NULL)
             AND NOT (r.scope->>'scope' = 'all' AND EXISTS (
                   SELECT 1 FROM rematch_runs x WHERE x.scope->>'scope' = 'all' AND x.state IN ('waiting', 'active')))
           ORDER BY r.created_at DESC LIMIT 1)
        RETURNING id`,
      [`${JOB_FAILED}%`],
    );
    const completed = await updateReturning(
      this.dataSource,
      `UPDATE rematch_runs r SET state = 'completed', finished_at = now(), updated_at = now(), done_chunks = r.total_chunks
        WHERE r.state = 'active' AND r.total_chunks IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM rematch_chunks c WHERE c.run_id = r.id AND c.done_at IS NULL)
        RETURNING r.id`,
      [],
    );
    // Jobs a run still needs but the outbox no longer holds unfinished (never expected; repaired all the same).
    const orphans = await this.dataSource.query<Array<{ id: string; split: boolean }>>(
      `SELECT r.id, r.total_chunks IS NULL AS split FROM rematch_runs r
        WHERE r.state IN ('waiting', 'active') AND r.updated_at < now() - interval '5 minutes'
          AND NOT EXISTS (SELECT 1 FROM job_outbox o
                           WHERE (o.job_id = 'rematch-' || r.id::text OR o.job_id LIKE 'rematch-' || r.id::text || '-%')
                             AND o.completed_at IS NULL)`,
    );
    for (const o of orphans) {
      await this.dataSource.query(`UPDATE rematch_runs SET updated_at = now() WHERE id = $1`, [o.id]);
      const jobs = o.split
        ? [this.splitJob(o.id)]
        : (
            await this.dataSource.query<Array<{ chunk_no: number }>>(
              `SELECT chunk_no FROM rematch_chunks WHERE run_id = $1 AND done_at IS NULL`,
              [o.id],
            )
          ).map((c) => this.chunkJob(o.id, c.chunk_no));
      // Rows the outbox still has are run afresh (their old jobs taken out of Redis); missing ones are recorded.
      await this.outbox.requeue(
        jobs.map((j) => j.jobId),
        'any',
      );
      await this.outbox.enqueue(jobs);
    }
    return { completed: completed.length, failed: failed.length, requeued: orphans.length, revived: revived.length };
  }

  /** The chunks of runs that ended more than `days` ago (the runs themselves stay, as the history of rematches). */
  async pruneChunks(days: number): Promise<number> {
    return deleteInBatches(
      this.dataSource,
      'rematch_chunks',
      `run_id IN (SELECT id FROM rematch_runs
                   WHERE state IN ('completed', 'failed') AND finished_at < now() - make_interval(days => $1))`,
      [days],
    );
  }

  private async itemsOf(
    query: (sql: string, params?: unknown[]) => Promise<Array<{ id: string }>>,
    scope: RematchScope,
  ): Promise<{ kind: 'needs' | 'capabilities'; ids: string[] }> {
    if ('capabilityIds' in scope) {
      const rows = await query(`SELECT id FROM capabilities WHERE id = ANY($1::uuid[]) ORDER BY id`, [
        scope.capabilityIds,
      ]);
      return { kind: 'capabilities', ids: rows.map((r) => r.id) };
    }
    const rows =
      'needIds' in scope
        ? await query(`SELECT id FROM needs WHERE id = ANY($1::uuid[]) ORDER BY id`, [scope.needIds])
        : await query(`SELECT id FROM needs WHERE status = 'open' ORDER BY id`);
    return { kind: 'needs', ids: rows.map((r) => r.id) };
  }

  private splitJob(runId: string): JobRequest {
    return matchingJob(
      MATCHING_JOBS.rematch,
      `rematch-${runId}`,
      { runId },
      { bulk: true, priority: REMATCH_PRIORITY },
    );
  }

  private chunkJob(runId: string, chunkNo: number): JobRequest {
    return matchingJob(
      MATCHING_JOBS.rematchChunk,
      `rematch-${runId}-${chunkNo}`,
      { runId, chunkNo },
      { bulk: true, priority: REMATCH_PRIORITY },
    );
  }
}
