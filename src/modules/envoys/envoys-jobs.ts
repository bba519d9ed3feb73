import { randomUUID } from 'node:crypto';
import { QUEUES, type JobRequest } from '../../jobs/queues.js';

/** The maintenance job that ranks expertise capabilities for a post (declared beside its handler, envoys-ranker.ts). */
export const ENVOYS_RANK_JOB = 'envoys.rank-post';
export const ENVOYS_RANK_SCHEDULER = 'envoys-rank-post-on-demand';

/** One run per request (a post's text may change again after a run). */
export function rankPostJob(postId: string): JobRequest {
  return {
    queue: QUEUES.maintenance,
    name: ENVOYS_RANK_JOB,
    jobId: `envoys-rank-post-${postId}-${randomUUID()}`,
    data: { postId },
  };
}
