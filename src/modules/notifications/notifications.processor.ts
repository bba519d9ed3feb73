import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { UnrecoverableError, type Job, type Queue } from 'bullmq';
import { logConnectionErrors, recordFailure, runTracked, WORKER_OPTIONS } from '../../jobs/job-runner.js';
import { OutboxService } from '../../jobs/outbox.service.js';
import { NOTIFICATION_JOBS, QUEUES } from '../../jobs/queues.js';
import { keepScheduled } from '../../jobs/schedules.js';
import { DeadlinesService } from './deadlines.service.js';
import { EmailSenderService } from './email-sender.service.js';
import { WebhookSenderService } from './webhook-sender.service.js';
import { isUuid } from '../../common/domain/uuid.js';

export const DEADLINES_SCHEDULER = 'need-deadlines';
/** How often the deadlines are checked. */
export const DEADLINES_EVERY_MS = 60 * 60 * 1000;

/** The `notifications` queue: webhook deliveries, e-mails, and the repeatable deadline check. */
@Processor(QUEUES.notifications, WORKER_OPTIONS)
export class NotificationsProcessor
  extends WorkerHost
  implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger('NotificationsProcessor');
  private stopSchedule: (() => void) | null = null;

  constructor(
    private readonly webhooks: WebhookSenderService,
    private readonly email: EmailSenderService,
    private readonly deadlines: DeadlinesService,
    private readonly outbox: OutboxService,
    @InjectQueue(QUEUES.notifications) private readonly queue: Queue,
  ) {
    super();
  }

  onModuleInit(): void {
    this.worker.on('failed', (job, err) => void this.onFailed(job, err));
    logConnectionErrors(this.worker, this.logger, 'worker');
    // A delivery whose retries are spent is given up (its log says why), also when the relay finds it so.
    this.outbox.onFailedForGood(NOTIFICATION_JOBS.webhook, async (data, error) => {
      if (typeof data.deliveryId === 'string') await this.webhooks.giveUp(data.deliveryId, error);
    });
  }

  /**
   * The deadline check is a job scheduler stored in Redis under one id: every worker registers the same one, so it
   * runs once an hour whatever the number of workers; it comes back by itself if Redis loses it.
   */
  onApplicationBootstrap(): void {
    this.stopSchedule = keepScheduled(
      this.queue,
      { id: DEADLINES_SCHEDULER, everyMs: DEADLINES_EVERY_MS, name: NOTIFICATION_JOBS.deadlines },
      this.logger,
    );
  }

  onApplicationShutdown(): void {
    this.stopSchedule?.();
  }

  async process(job: Job): Promise<unknown> {
    const data = (job.data ?? {}) as Record<string, unknown>;
    switch (job.name) {
      case NOTIFICATION_JOBS.webhook:
        if (!isUuid(data.deliveryId)) throw new UnrecoverableError('malformed webhook payload');
        return runTracked(job, this.outbox, () => this.webhooks.deliver(data.deliveryId as string));
      case NOTIFICATION_JOBS.email:
        if (!isUuid(data.eventId)) throw new UnrecoverableError('malformed email payload');
        return runTracked(job, this.outbox, () => this.email.send(data.eventId as string));
      case NOTIFICATION_JOBS.deadlines:
        // Scheduled by BullMQ itself, not through the outbox (no row to count failures on).
        return runTracked(job, null, () => this.deadlines.run());
      default:
        throw new UnrecoverableError(`unknown notifications job ${job.name}`);
    }
  }

  private async onFailed(job: Job | undefined, err: Error): Promise<void> {
    this.logger.warn({ jobId: job?.id, name: job?.name, attempt: job?.attemptsMade, err: err.message }, 'job failed');
    // The deadline check has no outbox row: the next hour's run does its work.
    if (!job || job.name === NOTIFICATION_JOBS.deadlines) return;
    try {
      await recordFailure(job, err, this.outbox);
    } catch (e) {
      this.logger.error({ jobId: job.id, err: String(e) }, 'could not record a failed job; the relay will');
    }
  }
}
