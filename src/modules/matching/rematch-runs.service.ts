import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { invalidInput, notFound } from '../../common/errors/app-errors.js';
import { updateReturning } from '../../database/query.js';
import { OutboxService } from '../../jobs/outbox.service.js';
import { MATCHING_JOBS, QUEUES, type JobRequest } from '../../jobs/queues.js';
import type { RematchDto, RematchJobView } from './dto/rematch.dto.js';
import { RematchRunEntity, type RematchScope } from './rematch-run.entity.js';

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
  ) {}

  async request(dto: RematchDto, requestedBy: string): Promise<{ jobId: string }> {
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
    const run = await this.dataSource.transaction(async (m) => {
      const run = await m.getRepository(RematchRunEntity).save({ scope, requestedBy });
      await this.outbox.add(m, [this.splitJob(run.id)]);
      return run;
    });
    await this.outbox.dispatch([this.splitJob(run.id)]);
    return { jobId: run.id };
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
  async split(runId: string): Promise<number> {
    const jobs = await this.dataSource.transaction(async (m) => {
      const [run] = await m.query<Array<{ scope: RematchScope; total_chunks: number | null }>>(
        `SELECT scope, total_chunks FROM rematch_runs WHERE id = $1 FOR UPDATE`,
        [runId],
      );
      if (!run) return [];
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
          `UPDATE rematch_runs SET total_chunks = $2, items = $3,
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
      return this.outbox.add(
        m,
        open.map((c) => this.chunkJob(runId, c.chunk_no)),
      );
    });
    await this.outbox.dispatch(jobs);
    return jobs.length;
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
        `UPDATE rematch_runs SET done_chunks = done_chunks + 1, suggestions = suggestions + $2,
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
      `UPDATE rematch_runs SET state = 'failed', error = $2, finished_at = now() WHERE id = $1 AND state <> 'completed'`,
      [runId, error.slice(0, 2000)],
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
    return { queue: QUEUES.matching, name: MATCHING_JOBS.rematch, jobId: `rematch-${runId}`, data: { runId } };
  }

  private chunkJob(runId: string, chunkNo: number): JobRequest {
    return {
      queue: QUEUES.matching,
      name: MATCHING_JOBS.rematchChunk,
      jobId: `rematch-${runId}-${chunkNo}`,
      data: { runId, chunkNo },
    };
  }
}
