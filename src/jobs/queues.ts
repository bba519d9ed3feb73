// The queues and what every job has in common. Features declare their own job names and payloads beside their
// processors (matching-jobs.ts, notification-jobs.ts, ...): this file knows no feature's jobs.

/**
 * `matching` holds the jobs of single listings as users post and edit them; `matching-bulk` holds rematches and
 * batch writes (imports, the batch API), so a new need is never queued behind a rematch of the whole catalogue.
 * `maintenance` holds the daily retention job and the jobs features register there (maintenance-jobs.service.ts).
 */
export const QUEUES = {
  matching: 'matching',
  matchingBulk: 'matching-bulk',
  notifications: 'notifications',
  maintenance: 'maintenance',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
export const ALL_QUEUES: QueueName[] = Object.values(QUEUES);

/**
 * A processor's handlers: one per job name its feature declares, each taking that job's payload. Typed against the
 * feature's payload map, so a declared name without a handler does not compile; `assertHandled` (job-runner.ts)
 * refuses it at boot as well.
 */
export type JobHandlers<P> = { [N in keyof P]: (data: P[N]) => Promise<unknown> };

export interface JobRequest<N extends string = string> {
  // Job ids use '-' as separator: BullMQ reads ':' in an id as its own key structure.
  queue: QueueName;
  name: N;
  jobId: string;
  data: Record<string, unknown>;
  /** BullMQ priority (a larger number waits longer; jobs without one go first). */
  priority?: number;
}

/**
 * Every job retries by the worker's `jobBackoff` (job-runner.ts): as long as PostgreSQL or Redis is away, without
 * limit; after a bug or bad data, five attempts, then it fails for good and is shown to admins. The attempt count
 * is therefore only a ceiling on outages (a year of retries a minute apart).
 */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 1_000_000,
  backoff: { type: 'techmatch' },
  removeOnComplete: { age: 24 * 3600, count: 50_000 },
  removeOnFail: { age: 14 * 24 * 3600 },
} as const;
