import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnModuleInit } from '@nestjs/common';
import type { Job } from 'bullmq';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { runTracked } from '../../jobs/job-runner.js';
import { OutboxService } from '../../jobs/outbox.service.js';
import { MATCHING_JOBS, QUEUES, type MatchingJobName, type MatchingPayloads } from '../../jobs/queues.js';
import { MatchingService } from './matching.service.js';

type Handlers = { [N in MatchingJobName]: (data: MatchingPayloads[N], job: Job) => Promise<unknown> };

/** The `matching` queue's one processor: parses the payload and calls the service. */
@Processor(QUEUES.matching)
export class MatchingProcessor extends WorkerHost implements OnModuleInit {
  private readonly logger = new Logger('MatchingProcessor');
  private readonly handlers: Handlers;

  constructor(
    private readonly matching: MatchingService,
    private readonly outbox: OutboxService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
    this.handlers = {
      'need-changed': (d) => this.matching.needChanged(d),
      'capability-changed': (d) => this.matching.capabilityChanged(d),
    };
  }

  onModuleInit(): void {
    const missing = Object.values(MATCHING_JOBS).filter((n) => typeof this.handlers[n] !== 'function');
    if (missing.length) throw new Error(`matching jobs without a handler: ${missing.join(', ')}`);
    this.worker.concurrency = this.config.worker.concurrency;
  }

  async process(job: Job): Promise<unknown> {
    const name = job.name as MatchingJobName;
    const handler = this.handlers[name] as ((d: unknown, j: Job) => Promise<unknown>) | undefined;
    if (!handler) throw new Error(`unknown matching job ${job.name}`);
    return runTracked(job, this.outbox, () => handler(job.data, job));
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, err: Error): void {
    this.logger.warn(
      { jobId: job?.id, name: job?.name, attempt: job?.attemptsMade, err: err.message },
      'matching job failed',
    );
  }
}
