import { UnrecoverableError, type Job } from 'bullmq';
import type { OutboxService } from './outbox.service.js';

/** Runs one job's handler and marks its outbox row completed when it succeeds. */
export async function runTracked<T>(job: Job, outbox: OutboxService, handler: () => Promise<T>): Promise<T> {
  const result = await handler();
  if (job.id) await outbox.markCompleted(job.id);
  return result;
}

/**
 * Whether a `failed` event is the job's last: an unrecoverable error, the last attempt spent, or too many stalls
 * (BullMQ fails a job that stalls more often than allowed). Earlier failures are retried with backoff.
 */
export function isFinalFailure(job: Job, err: Error): boolean {
  return (
    err instanceof UnrecoverableError ||
    err.name === 'UnrecoverableError' ||
    job.attemptsMade >= (job.opts.attempts ?? 1) ||
    /stalled more than/i.test(err.message)
  );
}
