import type { Job } from 'bullmq';
import type { OutboxService } from './outbox.service.js';

/**
 * Runs one job's handler and keeps its outbox row in step: completed on success, failed once the last attempt
 * has failed (earlier failures are retried by BullMQ with backoff).
 */
export async function runTracked<T>(job: Job, outbox: OutboxService, handler: () => Promise<T>): Promise<T> {
  try {
    const result = await handler();
    if (job.id) await outbox.markCompleted(job.id);
    return result;
  } catch (err) {
    const attempts = job.opts.attempts ?? 1;
    if (job.id && job.attemptsMade + 1 >= attempts) {
      await outbox
        .markFailed(job.id, err instanceof Error ? `${err.name}: ${err.message}` : String(err))
        .catch(() => undefined);
    }
    throw err;
  }
}
