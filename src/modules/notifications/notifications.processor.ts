import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { UnrecoverableError, type Job, type Queue } from 'bullmq';
import {
  assertHandled,
  logConnectionErrors,
  recordFailure,
  runTracked,
  WORKER_OPTIONS,
} from '../../jobs/job-runner.js';
import { OutboxService } from '../../jobs/outbox.service.js';
import { QUEUES, type JobHandlers } from '../../jobs/queues.js';
import { keepScheduled } from '../../jobs/schedules.js';
import { DeadlinesService } from './deadlines.service.js';
import { EmailSenderService } from './email-sender.service.js';
import { WebhookSenderService } from './webhook-sender.service.js';
import { isUuid } from '../../common/domain/uuid.js';
import { NOTIFICATION_JOBS, type NotificationJobName, type NotificationPayloads } from './notification-jobs.js';

export const DEADLINES_SCHEDULER = 'need-deadlines';
/** How often the deadlines are checked. */
export const DEADLINES_EVERY_MS = 60 * 60 * 1000;

/** Checks a job's payload before anything runs: a malformed one fails at once, without retries. */
function parse<N extends NotificationJobName>(name: N, data: unknown): NotificationPayloads[N] {
  const d = (data ?? {}) as Record<string, unknown>;
  const ok =
    name === NOTIFICATION_JOBS.webhook
      ? isUuid(d.deliveryId)
      : name === NOTIFICATION_JOBS.email
        ? isUuid(d.eventId)
        : true;
  if (!ok) throw new UnrecoverableError(`malformed ${name} payload`);
  return d as NotificationPayloads[N];
}

/** The `notifications` queue: webhook deliveries, e-mails, and the repeatable deadline check. */
@Processor(QUEUES.notifications, WORKER_OPTIONS)
export class NotificationsProcessor
  extends WorkerHost
  implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger('NotificationsProcessor');
  private stopSchedule: (() => void) | null = null;
  private readonly handlers: JobHandlers<NotificationPayloads>;

  constructor(
    private readonly webhooks: WebhookSenderService,
    private readonly email: EmailSenderService,
    private readonly deadlines: DeadlinesService,
    private readonly outbox: OutboxService,
    @InjectQueue(QUEUES.notifications) private readonly queue: Queue,
  ) {
    super();
    this.handlers = {
      webhook: (d) => this.webhooks.deliver(d.deliveryId),
      email: (d) => this.email.send(d.eventId),
      deadlines: () => this.deadlines.run(),
    };
  }

  onModuleInit(): void {
    assertHandled('notifications', NOTIFICATION_JOBS, this.handlers);
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
    const name = job.name as NotificationJobName;
    if (!Object.hasOwn(this.handlers, name)) throw new UnrecoverableError(`unknown notifications job ${job.name}`);
    const handler = this.handlers[name] as (d: unknown) => Promise<unknown>;
    const data = parse(name, job.data);
    // The deadline check is scheduled by BullMQ itself, not through the outbox (no row to count failures on).
    return runTracked(job, name === NOTIFICATION_JOBS.deadlines ? null : this.outbox, () => handler(data));
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
