import { UnrecoverableError, type Job, type WorkerOptions } from 'bullmq';
import { outageOf } from '../common/errors/infra-errors.js';
import { jobDuration } from '../common/metrics/metrics.js';
import type { OutboxService } from './outbox.service.js';

/** Attempts a job gets when it fails for a reason other than an outage (a bug, bad data). */
export const PERMANENT_ATTEMPTS = 5;
/** Retries after an outage start at 1 s and double up to this. */
export const MAX_RETRY_DELAY_MS = 60_000;

/** Whether an error is BullMQ giving up on a job that stalled (its worker died) or lost its lock. */
export function isStall(err: { message?: unknown } | undefined): boolean {
  const message = typeof err?.message === 'string' ? err.message : '';
  return /stalled more than|Missing lock|could not renew lock/i.test(message);
}

/**
 * A failure of a service outside the install (a webhook receiver, the SMTP server): retried PERMANENT_ATTEMPTS times
 * like bad data, never without limit as our own PostgreSQL and Redis are, whatever network error it carries.
 */
export class ExternalServiceError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ExternalServiceError';
  }
}

/** Whether an error means "not now" (our PostgreSQL or Redis away, a stalled worker) rather than "never". */
export function isTransient(err: unknown): boolean {
  if (err instanceof ExternalServiceError || (err as { name?: unknown } | null)?.name === 'ExternalServiceError') {
    return false;
  }
  return outageOf(err) !== null || isStall(err as { message?: unknown });
}

/**
 * The retry schedule of every job (BullMQ's custom backoff): 1 s doubling to 60 s, with jitter so that a restarted
 * PostgreSQL is not met by every job at once. How many tries a job gets is not decided here but in `runTracked`:
 * outages without limit, other failures PERMANENT_ATTEMPTS times (counted apart from the outage retries).
 */
export function jobBackoff(attemptsMade: number): number {
  const exp = Math.min(MAX_RETRY_DELAY_MS, 1000 * 2 ** Math.min(attemptsMade - 1, 16));
  return Math.round(exp * (0.75 + Math.random() * 0.25));
}

/**
 * Worker options every processor uses: the backoff above; room for a few stalls before BullMQ gives up; and a
 * 20 s lock checked every 15 s, so the job of a worker that died is taken up again within about half a minute
 * (BullMQ's defaults make it a minute). Jobs are short slices (a chunk, a batch) that renew the lock in time.
 */
export const WORKER_OPTIONS: Partial<WorkerOptions> = {
  settings: { backoffStrategy: jobBackoff },
  maxStalledCount: 3,
  lockDuration: 20_000,
  stalledInterval: 15_000,
};

const isUnrecoverable = (err: Error): boolean => err instanceof UnrecoverableError || err.name === 'UnrecoverableError';

/** Whether this `failed` event is the job's last (it will not be retried by BullMQ). */
export function isFinalFailure(job: Job, err: Error): boolean {
  return isUnrecoverable(err) || isStall(err) || job.attemptsMade >= (job.opts.attempts ?? 1);
}

/**
 * Logs a queue's or worker's connection errors, at most once per 10 s: while Redis is away BullMQ reports every
 * reconnection attempt, and without a listener it would print each one unstructured.
 */
export function logConnectionErrors(
  emitter: { on(event: 'error', listener: (err: Error) => void): unknown },
  logger: { warn: (o: object, msg: string) => void },
  what: string,
): void {
  let last = 0;
  emitter.on('error', (err: Error) => {
    if (Date.now() - last < 10_000) return;
    last = Date.now();
    logger.warn({ err: err.message, what }, 'Redis connection error (retrying by itself)');
  });
}

const describe = (err: Error): string => `${err.name}: ${err.message}`;

/** What a job delivered again after its outbox row was marked completed returns: it is not run a second time. */
export const ALREADY_COMPLETED = 'already completed' as const;

/**
 * Runs one job's handler and marks its outbox row completed when it succeeds. A failure is handed to BullMQ as it
 * is when it is an outage (retried without limit) and otherwise counted on the job's outbox row (on BullMQ's
 * attempts for jobs without one, such as schedules): the PERMANENT_ATTEMPTS-th makes it fail for good, however many
 * outage retries came before.
 */
export async function runTracked<T>(
  job: Job,
  outbox: OutboxService | null,
  handler: () => Promise<T>,
): Promise<T | typeof ALREADY_COMPLETED> {
  // A job delivered again after it completed (BullMQ took it for stalled while a long step held the event loop, or
  // a worker died between committing and acknowledging) has nothing left to do: running it again would redo work
  // (replacing suggestions a coordinator is reading) and count it twice.
  if (outbox && job.id && (await outbox.isCompleted(job.id))) return ALREADY_COMPLETED;
  let result: T;
  const timer = jobDuration.startTimer({ queue: job.queueName, name: job.name });
  try {
    result = await handler();
    timer({ outcome: 'completed' });
  } catch (thrown) {
    timer({ outcome: 'failed' });
    const err = thrown instanceof Error ? thrown : new Error(String(thrown));
    if (isUnrecoverable(err) || isTransient(err)) throw err;
    const counted = outbox && job.id ? await outbox.countFailure(job.id, describe(err)).catch(() => null) : null;
    const failures = counted ?? job.attemptsMade + 1;
    if (failures >= PERMANENT_ATTEMPTS) throw new UnrecoverableError(`${describe(err)} (failed ${failures} times)`);
    throw err;
  }
  if (outbox && job.id) await outbox.markCompleted(job.id);
  return result;
}

/**
 * What a processor does when a job failed: a final failure (bad data, not an outage) is recorded for admins and
 * the hook its feature registered runs (the relay re-drives stalls); a passing one is noted on the row, so admins
 * see why it is still waiting. Recording needs PostgreSQL, which may be the service that is away: then the relay
 * records it later from BullMQ's state.
 */
export async function recordFailure(job: Job | undefined, err: Error, outbox: OutboxService): Promise<void> {
  if (!job?.id) return;
  if (!isFinalFailure(job, err)) {
    await outbox.noteRetry(job.id, describe(err)).catch(() => undefined);
    return;
  }
  if (isStall(err)) return; // the relay takes it back out of the failed state
  await outbox.failForGood({ jobId: job.id, name: job.name, data: job.data as Record<string, unknown> }, describe(err));
}

/**
 * Refuses to start a processor that declares a job name it has no handler for: such a job would be accepted by
 * producers and then fail in every worker, so the mistake is caught at boot (and by every test that starts one).
 */
export function assertHandled(queue: string, declared: Record<string, string>, handlers: object): void {
  const missing = Object.values(declared).filter(
    (name) => typeof (handlers as Record<string, unknown>)[name] !== 'function',
  );
  if (missing.length) throw new Error(`${queue} jobs without a handler: ${missing.join(', ')}`);
}
