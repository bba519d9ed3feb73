import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import { JobOutboxEntity } from './job-outbox.entity.js';
import { DEFAULT_JOB_OPTIONS, QUEUES, type JobRequest, type QueueName } from './queues.js';

const DISPATCH_TIMEOUT_MS = 3000;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/**
 * The one way to enqueue work. `add` writes the job into PostgreSQL inside the caller's transaction; `dispatch`
 * hands committed rows to BullMQ; `relay` (run by workers) re-sends whatever Redis does not hold.
 */
@Injectable()
export class OutboxService {
  private readonly logger = new Logger('Outbox');
  private readonly queues: Record<QueueName, Queue>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.matching) matching: Queue,
  ) {
    this.queues = { matching };
  }

  queue(name: QueueName): Queue {
    return this.queues[name];
  }

  /** Records jobs in the caller's transaction. Duplicate job ids are ignored (the first one stands). */
  async add(manager: EntityManager, jobs: JobRequest[]): Promise<JobRequest[]> {
    if (!jobs.length) return [];
    await manager.query(
      `INSERT INTO job_outbox (queue, name, job_id, data)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[])
       ON CONFLICT (job_id) DO NOTHING`,
      [
        jobs.map((j) => j.queue),
        jobs.map((j) => j.name),
        jobs.map((j) => j.jobId),
        jobs.map((j) => JSON.stringify(j.data)),
      ],
    );
    return jobs;
  }

  /** Records and dispatches jobs outside any business transaction. */
  async enqueue(jobs: JobRequest[]): Promise<void> {
    await this.add(this.dataSource.manager, jobs);
    await this.dispatch(jobs);
  }

  /**
   * Sends committed jobs to Redis. Never throws: if Redis is unreachable the rows stay pending and the relay sends
   * them later, so the caller's accepted change is not lost.
   */
  async dispatch(jobs: JobRequest[]): Promise<void> {
    if (!jobs.length) return;
    try {
      const byQueue = new Map<QueueName, JobRequest[]>();
      for (const j of jobs) byQueue.set(j.queue, [...(byQueue.get(j.queue) ?? []), j]);
      for (const [q, list] of byQueue) {
        await withTimeout(
          this.queues[q].addBulk(
            list.map((j) => ({ name: j.name, data: j.data, opts: { ...DEFAULT_JOB_OPTIONS, jobId: j.jobId } })),
          ),
          DISPATCH_TIMEOUT_MS,
        );
      }
      for (let i = 0; i < jobs.length; i += 5000) {
        await this.dataSource
          .getRepository(JobOutboxEntity)
          .update(
            { jobId: In(jobs.slice(i, i + 5000).map((j) => j.jobId)), dispatchedAt: IsNull() },
            { dispatchedAt: () => 'now()' },
          );
      }
    } catch (err) {
      this.logger.warn({ err, jobs: jobs.length }, 'dispatch deferred to the relay');
    }
  }

  async markCompleted(jobId: string): Promise<void> {
    await this.dataSource.getRepository(JobOutboxEntity).update({ jobId }, { completedAt: () => 'now()', error: null });
  }

  async markFailed(jobId: string, error: string): Promise<void> {
    await this.dataSource
      .getRepository(JobOutboxEntity)
      .update({ jobId }, { failedAt: () => 'now()', error: error.slice(0, 2000) });
  }

  /**
   * Re-sends jobs that never reached Redis, and jobs Redis no longer holds though they never finished (a Redis
   * restarted without persistence). Rows are claimed with SKIP LOCKED so several workers share the work.
   * Returns how many jobs were sent.
   */
  async relay(graceSeconds = 30, limit = 1000): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const rows: Array<{
        queue: QueueName;
        name: string;
        job_id: string;
        data: Record<string, unknown>;
        dispatched: boolean;
      }> = await m.query(
        `SELECT queue, name, job_id, data, dispatched_at IS NOT NULL AS dispatched
             FROM job_outbox
            WHERE completed_at IS NULL AND failed_at IS NULL
              AND COALESCE(dispatched_at, created_at) < now() - make_interval(secs => $1)
            ORDER BY id
            LIMIT $2
            FOR UPDATE SKIP LOCKED`,
        [graceSeconds, limit],
      );
      const toSend: JobRequest[] = [];
      for (const r of rows) {
        if (r.dispatched && (await this.queues[r.queue].getJob(r.job_id))) continue;
        toSend.push({ queue: r.queue, name: r.name, jobId: r.job_id, data: r.data });
      }
      if (!toSend.length) {
        if (rows.length) {
          await m.query(`UPDATE job_outbox SET dispatched_at = now() WHERE job_id = ANY($1)`, [
            rows.map((r) => r.job_id),
          ]);
        }
        return 0;
      }
      for (const j of toSend) {
        await this.queues[j.queue].add(j.name, j.data, { ...DEFAULT_JOB_OPTIONS, jobId: j.jobId });
      }
      await m.query(`UPDATE job_outbox SET dispatched_at = now() WHERE job_id = ANY($1)`, [rows.map((r) => r.job_id)]);
      this.logger.log({ sent: toSend.length }, 'relayed jobs missing from Redis');
      return toSend.length;
    });
  }
}
