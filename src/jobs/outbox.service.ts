import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job, Queue } from 'bullmq';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import { deleteInBatches, updateReturning } from '../database/query.js';
import { isStall } from './job-runner.js';
import { JobOutboxEntity } from './job-outbox.entity.js';
import { DEFAULT_JOB_OPTIONS, QUEUES, type JobRequest, type QueueName } from './queues.js';

const DISPATCH_TIMEOUT_MS = 3000;
/** Times the relay takes a job back out of BullMQ's failed state after stalls before calling it failed for good. */
export const MAX_REDRIVES = 3;

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

const jobOptions = (jobId: string, priority?: number | null) => ({
  ...DEFAULT_JOB_OPTIONS,
  jobId,
  ...(priority ? { priority } : {}),
});

export interface OutboxRow {
  job_id: string;
  queue: string;
  name: string;
  data: Record<string, unknown>;
  error: string | null;
  redrives: number;
  created_at: Date;
  dispatched_at: Date | null;
  failed_at: Date | null;
}

export interface RelayOutcome {
  /** Jobs sent to Redis (never sent, or lost by it). */
  sent: number;
  /** Jobs taken back out of BullMQ's failed state (stalled workers). */
  redriven: number;
  /** Jobs BullMQ completed whose row was not marked (PostgreSQL was away at the time). */
  completed: number;
  /** Jobs found failed for good (bad data). */
  failed: number;
}

/**
 * The one way to enqueue work. `add` writes the job into PostgreSQL inside the caller's transaction; `dispatch`
 * hands committed rows to BullMQ; `relay` (run by workers) re-sends whatever Redis does not hold and reconciles
 * rows with BullMQ's state.
 */
@Injectable()
export class OutboxService {
  private readonly logger = new Logger('Outbox');
  private readonly queues: Record<QueueName, Queue>;
  private readonly finalHooks = new Map<string, (data: Record<string, unknown>, error: string) => Promise<void>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.matching) matching: Queue,
    @InjectQueue(QUEUES.matchingBulk) matchingBulk: Queue,
    @InjectQueue(QUEUES.notifications) notifications: Queue,
    @InjectQueue(QUEUES.maintenance) maintenance: Queue,
  ) {
    // Their connection errors are logged by QueueConnectionLogger, from the moment they exist.
    this.queues = { matching, 'matching-bulk': matchingBulk, notifications, maintenance };
  }

  queue(name: QueueName): Queue {
    return this.queues[name];
  }

  /** Records jobs in the caller's transaction. Duplicate job ids are ignored (the first one stands). */
  async add(manager: EntityManager, jobs: JobRequest[]): Promise<JobRequest[]> {
    if (!jobs.length) return [];
    await manager.query(
      `INSERT INTO job_outbox (queue, name, job_id, data, priority)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::int[])
       ON CONFLICT (job_id) DO NOTHING`,
      [
        jobs.map((j) => j.queue),
        jobs.map((j) => j.name),
        jobs.map((j) => j.jobId),
        jobs.map((j) => JSON.stringify(j.data)),
        jobs.map((j) => j.priority ?? null),
      ],
    );
    return jobs;
  }

  /**
   * What to do when a job of this name fails for good (a rematch is marked failed, a webhook delivery given up):
   * registered by the feature that owns the job, run by its processor or, when PostgreSQL was away at the time,
   * by the relay.
   */
  onFailedForGood(name: string, hook: (data: Record<string, unknown>, error: string) => Promise<void>): void {
    this.finalHooks.set(name, hook);
  }

  /** Marks a job failed for good and runs its feature's hook. */
  async failForGood(job: { jobId: string; name: string; data: Record<string, unknown> }, error: string): Promise<void> {
    await this.markFailed(job.jobId, error);
    await this.finalHooks.get(job.name)?.(job.data, error);
  }

  /**
   * Counts a failure that was not an outage on the job's row and returns the count (null when the job has no row):
   * five fail the job for good, however many outage retries came before.
   */
  async countFailure(jobId: string, error: string): Promise<number | null> {
    const [row] = await updateReturning<{ failures: number }>(
      this.dataSource,
      `UPDATE job_outbox SET failures = failures + 1, error = $2 WHERE job_id = $1 AND completed_at IS NULL
       RETURNING failures`,
      [jobId, error.slice(0, 2000)],
    );
    return row?.failures ?? null;
  }

  /** Records and dispatches jobs outside any business transaction. */
  async enqueue(jobs: JobRequest[]): Promise<void> {
    await this.add(this.dataSource.manager, jobs);
    await this.dispatch(jobs);
  }

  /**
   * Sends committed jobs to Redis. Never throws: if Redis is unreachable the rows stay pending and the relay sends
   * them later, so the caller's accepted change is not lost. While Redis is known to be down it does not even try,
   * so a request is not held up by it.
   */
  async dispatch(jobs: JobRequest[]): Promise<void> {
    if (!jobs.length) return;
    try {
      const byQueue = new Map<QueueName, JobRequest[]>();
      for (const j of jobs) byQueue.set(j.queue, [...(byQueue.get(j.queue) ?? []), j]);
      for (const [q, list] of byQueue) {
        if (!(await this.connected(this.queues[q]))) throw new Error('Redis is not connected');
        await withTimeout(
          this.queues[q].addBulk(
            list.map((j) => ({ name: j.name, data: j.data, opts: jobOptions(j.jobId, j.priority) })),
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
      this.logger.warn({ err: String(err), jobs: jobs.length }, 'dispatch deferred to the relay');
    }
  }

  /** Whether the queue's Redis connection is up (without waiting for it). */
  private async connected(queue: Queue): Promise<boolean> {
    try {
      const client = await withTimeout(queue.getBackend().client, 200);
      return client.status === 'ready';
    } catch {
      return false;
    }
  }

  /** The job ran to the end; a failure recorded before (a job retried from the queue board) is over too. */
  /** Whether the job's outbox row says it completed (false for jobs without a row, such as schedules). */
  async isCompleted(jobId: string): Promise<boolean> {
    const [row] = await this.dataSource.query<Array<{ done: boolean }>>(
      `SELECT completed_at IS NOT NULL AS done FROM job_outbox WHERE job_id = $1`,
      [jobId],
    );
    return row?.done ?? false;
  }

  async markCompleted(jobId: string): Promise<void> {
    await this.dataSource
      .getRepository(JobOutboxEntity)
      .update({ jobId }, { completedAt: () => 'now()', failedAt: null, error: null });
  }

  /** The job failed for good (not an outage): the relay stops re-sending it and admins see it. */
  async markFailed(jobId: string, error: string): Promise<void> {
    await this.dataSource
      .getRepository(JobOutboxEntity)
      .update({ jobId, completedAt: IsNull() }, { failedAt: () => 'now()', error: error.slice(0, 2000) });
  }

  /** The job failed for a passing reason and will be retried: its row says why it is still waiting. */
  async noteRetry(jobId: string, error: string): Promise<void> {
    await this.dataSource
      .getRepository(JobOutboxEntity)
      .update({ jobId, completedAt: IsNull(), failedAt: IsNull() }, { error: error.slice(0, 2000) });
  }

  /** An admin's retry of a job that failed for good (after fixing what it tripped on). False when none exists. */
  async retryFailed(jobId: string): Promise<boolean> {
    return (await this.requeue([jobId], 'failed')) > 0;
  }

  /**
   * Runs jobs afresh under their own ids: their rows become pending again (counts reset), the old job is taken out
   * of Redis unless a worker holds it, and the job is sent. `failed`: only jobs that failed for good; `any`: also
   * completed ones (a rematch chunk that must run again). Returns how many rows were put back.
   */
  async requeue(jobIds: string[], which: 'failed' | 'any'): Promise<number> {
    if (!jobIds.length) return 0;
    const rows = await updateReturning<{
      queue: QueueName;
      name: string;
      job_id: string;
      data: Record<string, unknown>;
      priority: number | null;
    }>(
      this.dataSource,
      `UPDATE job_outbox SET failed_at = NULL, completed_at = NULL, dispatched_at = NULL, error = NULL, redrives = 0,
              failures = 0
        WHERE job_id = ANY($1::text[]) AND (failed_at IS NOT NULL OR ($2 AND completed_at IS NOT NULL))
        RETURNING queue, name, job_id, data, priority`,
      [jobIds, which === 'any'],
    );
    // Only while Redis is up, and never for long: an admin's retry during an outage answers at once.
    for (const r of rows) {
      const queue = this.queues[r.queue];
      if (!queue || !(await this.connected(queue))) continue;
      const old = await withTimeout(queue.getJob(r.job_id), DISPATCH_TIMEOUT_MS).catch(() => undefined);
      if (old && !(await withTimeout(old.isActive(), DISPATCH_TIMEOUT_MS).catch(() => true)))
        await withTimeout(old.remove(), DISPATCH_TIMEOUT_MS).catch(() => undefined);
    }
    // If Redis could not be cleared, the relay finds the old finished job under a pending row and runs it again.
    await this.dispatch(
      rows.map((r) => ({
        queue: r.queue,
        name: r.name,
        jobId: r.job_id,
        data: r.data,
        priority: r.priority ?? undefined,
      })),
    );
    return rows.length;
  }

  /**
   * Makes BullMQ hold every unfinished job PostgreSQL accepted, and PostgreSQL know how each one ended:
   * - a job never sent, or sent but missing from Redis (a Redis restarted empty, FLUSHALL), is sent (again);
   * - a job BullMQ completed while PostgreSQL was away is marked completed;
   * - a job BullMQ failed after its worker died (a stall) is put back to run, up to MAX_REDRIVES times;
   * - a job BullMQ failed for any other reason failed for good (bad data) and is marked so, for admins.
   * Rows are claimed in a short transaction (stamping `dispatched_at` is the lease, SKIP LOCKED lets several workers
   * share the work); Redis is asked outside it, so a slow Redis holds no transaction open. Deterministic job ids
   * make sending twice harmless.
   */
  async relay(graceSeconds = 30, limit = 1000): Promise<RelayOutcome> {
    const rows = await updateReturning<{
      queue: QueueName;
      name: string;
      job_id: string;
      data: Record<string, unknown>;
      dispatched: boolean;
      redrives: number;
      priority: number | null;
    }>(
      this.dataSource,
      `UPDATE job_outbox o SET dispatched_at = now()
         FROM (SELECT id, dispatched_at IS NOT NULL AS dispatched FROM job_outbox
                WHERE completed_at IS NULL AND failed_at IS NULL
                  AND COALESCE(dispatched_at, created_at) <= now() - make_interval(secs => $1)
                ORDER BY COALESCE(dispatched_at, created_at), id LIMIT $2 FOR UPDATE SKIP LOCKED) c
        WHERE o.id = c.id
        RETURNING o.queue, o.name, o.job_id, o.data, c.dispatched, o.redrives, o.priority`,
      [graceSeconds, limit],
    );
    const outcome: RelayOutcome = { sent: 0, redriven: 0, completed: 0, failed: 0 };
    for (const r of rows) {
      const queue = this.queues[r.queue];
      if (!queue) {
        await this.markFailed(r.job_id, `unknown queue ${r.queue}`);
        outcome.failed++;
        continue;
      }
      const existing: Job | undefined = await queue.getJob(r.job_id);
      if (!existing) {
        await queue.add(r.name, r.data, jobOptions(r.job_id, r.priority));
        outcome.sent++;
        continue;
      }
      const state = await existing.getState();
      if (state === 'completed' && r.dispatched) {
        await this.markCompleted(r.job_id);
        outcome.completed++;
      } else if (state === 'completed' || state === 'failed') {
        // A finished job under a row never dispatched: someone asked for it to run again (a requeue whose clean-up
        // of Redis failed). A failed one under a dispatched row: a stall, re-driven a few times, or bad data.
        const again = !r.dispatched || (isStall({ message: existing.failedReason }) && r.redrives < MAX_REDRIVES);
        if (again) {
          await existing.retry(state, { resetAttemptsMade: true, resetAttemptsStarted: true });
          if (r.dispatched) {
            await this.dataSource.query(`UPDATE job_outbox SET redrives = redrives + 1 WHERE job_id = $1`, [r.job_id]);
          }
          outcome.redriven++;
        } else {
          await this.failForGood({ jobId: r.job_id, name: r.name, data: r.data }, existing.failedReason ?? 'failed');
          outcome.failed++;
        }
      }
    }
    if (outcome.sent || outcome.redriven || outcome.completed || outcome.failed) {
      this.logger.log(outcome, 'relay reconciled the outbox with Redis');
    }
    return outcome;
  }

  /**
   * Jobs not completed, for admins: `failed` ones failed for good (bad data; they may be retried once fixed),
   * `retrying` ones failed for a passing reason and are being retried, `pending` is every unfinished one.
   */
  async unfinished(
    state: 'failed' | 'retrying' | 'pending',
    skip: number,
    take: number,
  ): Promise<{ rows: OutboxRow[]; total: number }> {
    const where =
      state === 'failed'
        ? 'failed_at IS NOT NULL'
        : state === 'retrying'
          ? 'completed_at IS NULL AND failed_at IS NULL AND error IS NOT NULL'
          : 'completed_at IS NULL AND failed_at IS NULL';
    const [{ total }] = await this.dataSource.query<Array<{ total: number }>>(
      `SELECT count(*)::int AS total FROM job_outbox WHERE ${where}`,
    );
    const rows = await this.dataSource.query<OutboxRow[]>(
      `SELECT job_id, queue, name, data, error, redrives, created_at, dispatched_at, failed_at
         FROM job_outbox WHERE ${where} ORDER BY id DESC LIMIT $1 OFFSET $2`,
      [take, skip],
    );
    return { rows, total };
  }

  /**
   * What an operator's dashboard reads: BullMQ's job counts per queue and state, and the outbox's backlog: rows not
   * finished, rows failed for good, and the age of the oldest row not yet handed to Redis (the outbox's lag: 0 when
   * every committed job is in a queue). Queue counts are null while Redis is away.
   */
  async stats(): Promise<{
    queues: Array<{ queue: QueueName; counts: Record<string, number> | null }>;
    pending: number;
    failed: number;
    lagSeconds: number;
  }> {
    const queues = await Promise.all(
      (Object.keys(this.queues) as QueueName[]).map(async (queue) => ({
        queue,
        counts: await withTimeout(
          this.queues[queue].getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed', 'completed'),
          DISPATCH_TIMEOUT_MS,
        ).catch(() => null),
      })),
    );
    const [row] = await this.dataSource.query<Array<{ pending: number; failed: number; lag: number }>>(
      // Each part on its partial index (pending, failed): completed rows, kept for days, are never read.
      `SELECT (SELECT count(*) FROM job_outbox WHERE completed_at IS NULL AND failed_at IS NULL)::int AS pending,
              (SELECT count(*) FROM job_outbox WHERE failed_at IS NOT NULL)::int AS failed,
              COALESCE((SELECT EXTRACT(EPOCH FROM now() - min(created_at)) FROM job_outbox
                         WHERE completed_at IS NULL AND failed_at IS NULL AND dispatched_at IS NULL), 0)::float8 AS lag`,
    );
    return { queues, pending: row.pending, failed: row.failed, lagSeconds: row.lag };
  }

  /** Removes rows of jobs that completed more than `days` ago (retention). */
  async prune(days: number): Promise<number> {
    return deleteInBatches(
      this.dataSource,
      'job_outbox',
      'completed_at IS NOT NULL AND completed_at < now() - make_interval(days => $1)',
      [days],
    );
  }
}
