// Queues, job names and payloads: the one list producers and processors share.

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

export const MATCHING_JOBS = {
  /** Needs were created, changed or removed: (re)rank their capabilities. */
  needChanged: 'need-changed',
  /** Capabilities were created, changed or removed: offer them to the open needs they suit. */
  capabilityChanged: 'capability-changed',
  /** A rematch was asked for: split it into chunks. */
  rematch: 'rematch',
  /** One chunk of a rematch. */
  rematchChunk: 'rematch-chunk',
} as const;
export type MatchingJobName = (typeof MATCHING_JOBS)[keyof typeof MATCHING_JOBS];

export const NOTIFICATION_JOBS = {
  /** Send one event to one organisation's webhook (a delivery row). */
  webhook: 'webhook',
  /** E-mail one event to the users whose inbox got it (when SMTP_URL is set). */
  email: 'email',
  /** The repeatable check of needs' deadlines (registered once, not per process). */
  deadlines: 'deadlines',
} as const;
export type NotificationJobName = (typeof NOTIFICATION_JOBS)[keyof typeof NOTIFICATION_JOBS];

export interface CatalogChangePayload {
  /** The entities one write changed (a batch changes up to 1,000 at once). */
  ids: string[];
  op: 'upsert' | 'delete';
  /** The last of the write's positions in catalog_changes. */
  seq: number;
}

export interface MatchingPayloads {
  'need-changed': CatalogChangePayload;
  'capability-changed': CatalogChangePayload;
  rematch: { runId: string };
  'rematch-chunk': { runId: string; chunkNo: number };
}

export interface JobRequest<N extends string = string> {
  // Job ids use '-' as separator: BullMQ reads ':' in an id as its own key structure.
  queue: QueueName;
  name: N;
  jobId: string;
  data: Record<string, unknown>;
  /** BullMQ priority (a larger number waits longer; jobs without one go first). */
  priority?: number;
}

/** Rematch jobs yield, in the bulk queue, to imports and batch writes of listings people are waiting for. */
export const REMATCH_PRIORITY = 10;

/** Listings per write above which their matching job goes to the bulk queue. */
export const BULK_THRESHOLD = 20;

export const MAINTENANCE_JOBS = {
  /** The daily clean-up of finished jobs, old changes, read notifications and old deliveries. */
  retention: 'retention',
} as const;

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
