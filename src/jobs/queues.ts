// Queues, job names and payloads: the one list producers and processors share.

export const QUEUES = { matching: 'matching' } as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
export const ALL_QUEUES: QueueName[] = Object.values(QUEUES);

export const MATCHING_JOBS = {
  /** A need was created, changed or removed: (re)rank its capabilities. */
  needChanged: 'need-changed',
  /** A capability was created, changed or removed: offer it to the open needs it suits. */
  capabilityChanged: 'capability-changed',
} as const;
export type MatchingJobName = (typeof MATCHING_JOBS)[keyof typeof MATCHING_JOBS];

export interface CatalogChangePayload {
  /** The entity's id. */
  id: string;
  op: 'upsert' | 'delete';
  /** The change's position in catalog_changes: a worker's index must have caught up with it first. */
  seq: number;
}

export interface MatchingPayloads {
  'need-changed': CatalogChangePayload;
  'capability-changed': CatalogChangePayload;
}

export interface JobRequest<N extends string = string> {
  queue: QueueName;
  name: N;
  jobId: string;
  data: Record<string, unknown>;
}

export const DEFAULT_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 50_000 },
  removeOnFail: { age: 14 * 24 * 3600 },
} as const;
