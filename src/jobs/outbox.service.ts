import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import { updateReturning } from '../database/query.js';
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
    @InjectQueue(QUEUES.notifications) notifications: Queue,
  ) {
    this.queues = { matching, notifications };
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
   * restarted without persistence). Rows are claimed in a short transaction (stamping `dispatched_at` is the lease,
   * and SKIP LOCKED lets several workers share the work); Redis is asked outside it, so a slow Redis holds no
   * transaction open. A job Redis reports as failed for good is marked failed. Returns how many jobs were sent.
   */
  async relay(graceSeconds = 30, limit = 1000): Promise<number> {
    const rows = await updateReturning<{
      queue: QueueName;
      name: string;
      job_id: string;
      data: Record<string, unknown>;
      dispatched: boolean;
    }>(
      this.dataSource,
      `UPDATE job_outbox o SET dispatched_at = now()
         FROM (SELECT id, dispatched_at IS NOT NULL AS dispatched FROM job_outbox
                WHERE completed_at IS NULL AND failed_at IS NULL
                  AND COALESCE(dispatched_at, created_at) < now() - make_interval(secs => $1)
                ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED) c
        WHERE o.id = c.id
        RETURNING o.queue, o.name, o.job_id, o.data, c.dispatched`,
      [graceSeconds, limit],
    );
    let sent = 0;
    for (const r of rows) {
      const queue = this.queues[r.queue];
      const existing = r.dispatched ? await queue.getJob(r.job_id) : undefined;
      if (existing) {
        // A job left in BullMQ's failed state has no retries left (retrying ones wait as delayed).
        if ((await existing.getState()) === 'failed') {
          await this.markFailed(r.job_id, existing.failedReason ?? 'failed');
        }
        continue;
      }
      await queue.add(r.name, r.data, { ...DEFAULT_JOB_OPTIONS, jobId: r.job_id });
      sent++;
    }
    if (sent) this.logger.log({ sent }, 'relayed jobs missing from Redis');
    return sent;
  }
}
