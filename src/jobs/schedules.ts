import type { Logger } from '@nestjs/common';
import type { JobsOptions, Queue } from 'bullmq';

/** How often a worker checks that its schedules still exist in Redis. */
export const SCHEDULE_CHECK_MS = 60_000;

/**
 * Calls `then` each time the queue's Redis connection is back after having been lost (a Redis restart, perhaps
 * empty), not at the first connection.
 */
export function whenRedisReturns(queue: Queue, then: () => void): void {
  void queue
    .getBackend()
    .client.then((client) => {
      let lost = false;
      client.on('close', () => (lost = true));
      client.on('ready', () => {
        if (!lost) return;
        lost = false;
        then();
      });
    })
    .catch(() => undefined);
}

export interface Schedule {
  /** The job scheduler's id: one per schedule, shared by every worker, so it fires once whatever their number. */
  id: string;
  /** Every so many milliseconds, or at the times of a cron `pattern` (in `tz`, Harbin time by default). */
  everyMs?: number;
  pattern?: string;
  tz?: string;
  name: string;
  opts?: JobsOptions;
}

/** Cron patterns are read in Harbin time unless a schedule says otherwise. */
export const SCHEDULE_TZ = 'Asia/Shanghai';

/**
 * Keeps a repeatable job registered in Redis. BullMQ keeps job schedulers in Redis only, so a Redis restarted empty
 * (or FLUSHALL) loses them: every worker checks at start, every minute, and whenever its Redis connection comes
 * back, and registers the schedule again when it is missing. Registering is idempotent (one id), so several workers
 * doing it at once still make one schedule. Returns a function that stops the checks.
 */
export function keepScheduled(queue: Queue, schedule: Schedule, logger: Logger): () => void {
  let stopped = false;
  const ensure = async (why: string) => {
    if (stopped) return;
    try {
      if (why !== 'start' && (await queue.getJobScheduler(schedule.id))) return;
      await queue.upsertJobScheduler(
        schedule.id,
        schedule.pattern ? { pattern: schedule.pattern, tz: schedule.tz ?? SCHEDULE_TZ } : { every: schedule.everyMs },
        { name: schedule.name, data: {}, opts: { removeOnComplete: 100, removeOnFail: 100, ...schedule.opts } },
      );
      if (why !== 'start')
        logger.warn({ schedule: schedule.id, why }, 'schedule was missing from Redis: registered again');
    } catch (err) {
      logger.warn({ schedule: schedule.id, err: String(err) }, 'could not check the schedule; trying again later');
    }
  };
  void ensure('start');
  const timer = setInterval(() => void ensure('check'), SCHEDULE_CHECK_MS);
  timer.unref();
  whenRedisReturns(queue, () => void ensure('reconnect'));
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
