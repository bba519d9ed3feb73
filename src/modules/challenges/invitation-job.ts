import { QUEUES, type JobRequest } from '../../jobs/queues.js';

/** The maintenance job that invites capability owners to a newly published challenge (declared beside its handler). */
export const INVITATION_JOB = 'challenge-invitations';
export const INVITATION_SCHEDULER = 'challenge-invitations-on-demand';

/** Queued in the publishing step's unit of work; one per challenge (a second publication cannot happen). */
export function invitationJob(challengeId: string): JobRequest {
  return {
    queue: QUEUES.maintenance,
    name: INVITATION_JOB,
    jobId: `challenge-invitations-${challengeId}`,
    data: { challengeId },
  };
}
