import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { UnrecoverableError, type Job, type Queue } from 'bullmq';
import { assertHandled, logConnectionErrors, recordFailure, runTracked, WORKER_OPTIONS } from './job-runner.js';
import { MaintenanceJobsService } from './maintenance-jobs.service.js';
import { OutboxService } from './outbox.service.js';
import { QUEUES, type JobHandlers } from './queues.js';
import { RetentionService } from './retention.service.js';
import { keepScheduled } from './schedules.js';

/** The maintenance queue's own jobs; features bring theirs through MaintenanceJobsService. */
export const MAINTENANCE_JOBS = {
  /** The daily clean-up of finished jobs, old changes, read notifications and old deliveries. */
  retention: 'retention',
} as const;
interface MaintenancePayloads {
  retention: Record<string, never>;
}

export const RETENTION_SCHEDULER = 'retention-daily';
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The `maintenance` queue: the daily retention job (a repeatable job, registered once for every worker), and the
 * jobs features register with MaintenanceJobsService (scheduled, or queued on demand through the outbox).
 */
@Processor(QUEUES.maintenance, WORKER_OPTIONS)
export class MaintenanceProcessor
  extends WorkerHost
  implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger('MaintenanceProcessor');
  private readonly stopSchedules: Array<() => void> = [];
  private readonly handlers: JobHandlers<MaintenancePayloads>;

  constructor(
    private readonly retention: RetentionService,
    private readonly jobs: MaintenanceJobsService,
    private readonly outbox: OutboxService,
    @InjectQueue(QUEUES.maintenance) private readonly queue: Queue,
  ) {
    super();
    this.handlers = { retention: () => this.retention.run() };
  }

  // Features' jobs cannot lack a handler (they register one with their name); the queue's own are checked here.
  onModuleInit(): void {
    assertHandled('maintenance', MAINTENANCE_JOBS, this.handlers);
    this.worker.concurrency = 1;
    this.worker.on('failed', (job, err) => void recordFailure(job, err, this.outbox).catch(() => undefined));
    logConnectionErrors(this.worker, this.logger, 'worker');
  }

  // Features register their jobs in their own onModuleInit, which has run for every module by now.
  onApplicationBootstrap(): void {
    this.stopSchedules.push(
      keepScheduled(
        this.queue,
        { id: RETENTION_SCHEDULER, everyMs: DAY_MS, name: MAINTENANCE_JOBS.retention },
        this.logger,
      ),
    );
    for (const job of this.jobs.all()) {
      if (job.schedule) {
        this.stopSchedules.push(
          keepScheduled(this.queue, { ...job.schedule, id: job.schedulerId, name: job.name }, this.logger),
        );
      } else {
        // Turned off by its configuration: a schedule registered by an earlier start must not keep firing.
        void this.queue.removeJobScheduler(job.schedulerId).catch(() => undefined);
      }
    }
  }

  onApplicationShutdown(): void {
    for (const stop of this.stopSchedules) stop();
  }

  async process(job: Job): Promise<unknown> {
    // The queue's own jobs are scheduled (no outbox row); a feature's job has a name no own job takes.
    if (Object.hasOwn(this.handlers, job.name)) {
      const own = this.handlers[job.name as keyof MaintenancePayloads];
      return runTracked(job, null, () => own({}));
    }
    const registered = this.jobs.get(job.name);
    if (!registered) throw new UnrecoverableError(`unknown maintenance job ${job.name}`);
    // Jobs asked for on demand come through the outbox (their row is marked done here); scheduled ones have no row.
    return runTracked(job, this.outbox, () => registered.handler((job.data ?? {}) as Record<string, unknown>));
  }
}
