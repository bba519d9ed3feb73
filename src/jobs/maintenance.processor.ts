import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { UnrecoverableError, type Job, type Queue } from 'bullmq';
import { logConnectionErrors, runTracked, WORKER_OPTIONS } from './job-runner.js';
import { MAINTENANCE_JOBS, QUEUES } from './queues.js';
import { RetentionService } from './retention.service.js';
import { keepScheduled } from './schedules.js';

export const RETENTION_SCHEDULER = 'retention-daily';
const DAY_MS = 24 * 60 * 60 * 1000;

/** The `maintenance` queue: the daily retention job (a repeatable job, registered once for every worker). */
@Processor(QUEUES.maintenance, WORKER_OPTIONS)
export class MaintenanceProcessor
  extends WorkerHost
  implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger('MaintenanceProcessor');
  private stopSchedule: (() => void) | null = null;

  constructor(
    private readonly retention: RetentionService,
    @InjectQueue(QUEUES.maintenance) private readonly queue: Queue,
  ) {
    super();
  }

  onModuleInit(): void {
    const names = Object.values(MAINTENANCE_JOBS) as string[];
    if (!names.every((n) => n === MAINTENANCE_JOBS.retention)) throw new Error('maintenance job without a handler');
    this.worker.concurrency = 1;
    logConnectionErrors(this.worker, this.logger, 'worker');
  }

  onApplicationBootstrap(): void {
    this.stopSchedule = keepScheduled(
      this.queue,
      { id: RETENTION_SCHEDULER, everyMs: DAY_MS, name: MAINTENANCE_JOBS.retention },
      this.logger,
    );
  }

  onApplicationShutdown(): void {
    this.stopSchedule?.();
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case MAINTENANCE_JOBS.retention:
        return runTracked(job, null, () => this.retention.run());
      default:
        throw new UnrecoverableError(`unknown maintenance job ${job.name}`);
    }
  }
}
