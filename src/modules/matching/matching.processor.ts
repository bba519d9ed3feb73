import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnModuleInit } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { hostname } from 'node:os';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import {
  assertHandled,
  logConnectionErrors,
  recordFailure,
  runTracked,
  WORKER_OPTIONS,
} from '../../jobs/job-runner.js';
import { OutboxService } from '../../jobs/outbox.service.js';
import { QUEUES, type JobHandlers } from '../../jobs/queues.js';
import {
  MATCHING_JOBS,
  type CatalogChangePayload,
  type MatchingJobName,
  type MatchingPayloads,
} from './matching-jobs.js';
import { MatchingService } from './matching.service.js';
import { RematchRunsService } from './rematch-runs.service.js';
import { isUuid } from '../../common/domain/uuid.js';

const WORKER_NAME = `${hostname()}:${process.pid}`;

/** Checks a job's payload before anything runs: a malformed one fails at once, without retries. */
function parse<N extends MatchingJobName>(name: N, data: unknown): MatchingPayloads[N] {
  const d = (data ?? {}) as Record<string, unknown>;
  const ok =
    name === MATCHING_JOBS.rematch
      ? isUuid(d.runId)
      : name === MATCHING_JOBS.rematchChunk
        ? isUuid(d.runId) && Number.isInteger(d.chunkNo)
        : name === MATCHING_JOBS.needsRefill
          ? Array.isArray(d.ids) && d.ids.every(isUuid)
          : Array.isArray(d.ids) && d.ids.every(isUuid) && (d.op === 'upsert' || d.op === 'delete');
  if (!ok) throw new UnrecoverableError(`malformed ${name} payload: ${JSON.stringify(data).slice(0, 200)}`);
  return data as MatchingPayloads[N];
}

/**
 * The matching jobs, whichever queue they come from: parses the payload and calls the service. Two queues share
 * them (below), so that single listings never wait behind a rematch or an import.
 */
abstract class MatchingJobsHost extends WorkerHost implements OnModuleInit {
  protected readonly logger = new Logger(this.constructor.name);
  private readonly handlers: JobHandlers<MatchingPayloads>;

  constructor(
    private readonly matching: MatchingService,
    private readonly rematches: RematchRunsService,
    private readonly outbox: OutboxService,
  ) {
    super();
    this.handlers = {
      'need-changed': (d: CatalogChangePayload) => this.matching.needsChanged(d),
      'capability-changed': (d: CatalogChangePayload) => this.matching.capabilitiesChanged(d),
      'needs-refill': (d) => this.matching.rankNeeds(d.ids),
      rematch: (d) => this.rematches.split(d.runId),
      'rematch-chunk': (d) => this.matching.rematchChunk(d.runId, d.chunkNo, WORKER_NAME),
    };
  }

  protected abstract concurrency(): number;

  onModuleInit(): void {
    assertHandled('matching', MATCHING_JOBS, this.handlers);
    this.worker.concurrency = this.concurrency();
    this.worker.on('failed', (job, err) => void this.onFailed(job, err));
    logConnectionErrors(this.worker, this.logger, 'worker');
    // A rematch whose job failed for good (bad data, not an outage) is marked failed, with the reason.
    for (const name of [MATCHING_JOBS.rematch, MATCHING_JOBS.rematchChunk]) {
      this.outbox.onFailedForGood(name, async (data, error) => {
        if (typeof data.runId === 'string') await this.rematches.failRun(data.runId, error);
      });
    }
  }

  async process(job: Job): Promise<unknown> {
    const name = job.name as MatchingJobName;
    if (!(name in this.handlers)) throw new UnrecoverableError(`unknown matching job ${job.name}`);
    const handler = this.handlers[name] as (d: unknown) => Promise<unknown>;
    const started = Date.now();
    const result = await runTracked(job, this.outbox, () => handler(parse(name, job.data)));
    this.logger.log({ jobId: job.id, name, ms: Date.now() - started, result }, 'matching job done');
    return result;
  }

  private async onFailed(job: Job | undefined, err: Error): Promise<void> {
    this.logger.warn(
      { jobId: job?.id, name: job?.name, attempt: job?.attemptsMade, err: err.message },
      'matching job failed',
    );
    try {
      await recordFailure(job, err, this.outbox);
    } catch (e) {
      this.logger.error({ jobId: job?.id, err: String(e) }, 'could not record a failed job; the relay will');
    }
  }
}

/** The `matching` queue: one listing's change at a time, as people post and edit. */
@Processor(QUEUES.matching, WORKER_OPTIONS)
export class MatchingProcessor extends MatchingJobsHost {
  constructor(
    matching: MatchingService,
    rematches: RematchRunsService,
    outbox: OutboxService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super(matching, rematches, outbox);
  }

  protected concurrency(): number {
    return this.config.worker.concurrency;
  }
}

/** The `matching-bulk` queue: rematches and batch writes, one at a time per worker so live jobs keep a core. */
@Processor(QUEUES.matchingBulk, WORKER_OPTIONS)
export class MatchingBulkProcessor extends MatchingJobsHost {
  constructor(matching: MatchingService, rematches: RematchRunsService, outbox: OutboxService) {
    super(matching, rematches, outbox);
  }

  protected concurrency(): number {
    return 1;
  }
}
