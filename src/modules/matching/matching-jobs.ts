// The matching queues' jobs, declared beside their processor (matching.processor.ts): names and typed payloads.
import { QUEUES, type JobRequest } from '../../jobs/queues.js';

export const MATCHING_JOBS = {
  /** Needs were created, changed or removed: (re)rank their capabilities. */
  needChanged: 'need-changed',
  /** Capabilities were created, changed or removed: offer them to the open needs they suit. */
  capabilityChanged: 'capability-changed',
  /** Needs lost suggestions to a deleted capability: rank them again (their lists have room). */
  needsRefill: 'needs-refill',
  /** A rematch was asked for: split it into chunks. */
  rematch: 'rematch',
  /** One chunk of a rematch. */
  rematchChunk: 'rematch-chunk',
} as const;
export type MatchingJobName = (typeof MATCHING_JOBS)[keyof typeof MATCHING_JOBS];

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
  'needs-refill': { ids: string[] };
  rematch: { runId: string };
  'rematch-chunk': { runId: string; chunkNo: number };
}

/** Rematch jobs yield, in the bulk queue, to imports and batch writes of listings people are waiting for. */
export const REMATCH_PRIORITY = 10;

/** Listings per write above which their matching job goes to the bulk queue. */
export const BULK_THRESHOLD = 20;

/**
 * A matching job, typed by its name. `bulk`: it goes to the bulk queue (rematches, big batches such as an import),
 * so it never holds up a single need someone just posted.
 */
export function matchingJob<N extends MatchingJobName>(
  name: N,
  jobId: string,
  data: MatchingPayloads[N],
  opts: { bulk: boolean; priority?: number },
): JobRequest<N> {
  return {
    queue: opts.bulk ? QUEUES.matchingBulk : QUEUES.matching,
    name,
    jobId,
    data: { ...data },
    ...(opts.priority !== undefined ? { priority: opts.priority } : {}),
  };
}
