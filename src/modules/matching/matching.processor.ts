import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnModuleInit } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { hostname } from 'node:os';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { isFinalFailure, runTracked } from '../../jobs/job-runner.js';
import { OutboxService } from '../../jobs/outbox.service.js';
import {
  MATCHING_JOBS,
  QUEUES,
  type CatalogChangePayload,
  type MatchingJobName,
  type MatchingPayloads,
} from '../../jobs/queues.js';
import { MatchingService } from './matching.service.js';
import { RematchRunsService } from './rematch-runs.service.js';

type Handlers = { [N in MatchingJobName]: (data: MatchingPayloads[N]) => Promise<unknown> };

const WORKER_NAME = `${hostname()}:${process.pid}`;
const isUuid = (v: unknown) => typeof v === 'string' && /^[0-9a-f-]{36}$/i.test(v);

/** Checks a job's payload before anything runs: a malformed one fails at once, without retries. */
function parse<N extends MatchingJobName>(name: N, data: unknown): MatchingPayloads[N] {
  const d = (data ?? {}) as Record<string, unknown>;
  const ok =
    name === MATCHING_JOBS.rematch
      ? isUuid(d.runId)
      : name === MATCHING_JOBS.rematchChunk
        ? isUuid(d.runId) && Number.isInteger(d.chunkNo)
        : Array.isArray(d.ids) && d.ids.every(isUuid) && (d.op === 'upsert' || d.op === 'delete');
  if (!ok) throw new UnrecoverableError(`malformed ${name} payload: ${JSON.stringify(data).slice(0, 200)}`);
  return data as MatchingPayloads[N];
}

/** The `matching` queue's one processor: parses the payload and calls the service. */
@Processor(QUEUES.matching)
export class MatchingProcessor extends WorkerHost implements OnModuleInit {
  private readonly logger = new Logger('MatchingProcessor');
  private readonly handlers: Handlers;

  constructor(
    private readonly matching: MatchingService,
    private readonly rematches: RematchRunsService,
    private readonly outbox: OutboxService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
    this.handlers = {
      'need-changed': (d: CatalogChangePayload) => this.matching.needsChanged(d),
      'capability-changed': (d: CatalogChangePayload) => this.matching.capabilitiesChanged(d),
      rematch: (d) => this.rematches.split(d.runId),
      'rematch-chunk': async (d) => {
        const chunk = await this.rematches.startChunk(d.runId, d.chunkNo);
        if (!chunk) return { skipped: 'already done' };
        const outcome =
          chunk.kind === 'needs'
            ? await this.matching.rankNeeds(chunk.itemIds)
            : await this.matching.placeCapabilities(chunk.itemIds);
        await this.rematches.finishChunk(d.runId, d.chunkNo, outcome.suggestions, WORKER_NAME);
        return outcome;
      },
    };
  }

  onModuleInit(): void {
    const missing = Object.values(MATCHING_JOBS).filter((n) => typeof this.handlers[n] !== 'function');
    if (missing.length) throw new Error(`matching jobs without a handler: ${missing.join(', ')}`);
    this.worker.concurrency = this.config.worker.concurrency;
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

  @OnWorkerEvent('failed')
  async onFailed(job: Job | undefined, err: Error): Promise<void> {
    this.logger.warn(
      { jobId: job?.id, name: job?.name, attempt: job?.attemptsMade, err: err.message },
      'matching job failed',
    );
    if (!job?.id || !isFinalFailure(job, err)) return;
    try {
      // The outbox stops re-sending it; a rematch it belonged to is marked failed, with the reason.
      await this.outbox.markFailed(job.id, `${err.name}: ${err.message}`);
      const runId = (job.data as { runId?: unknown } | undefined)?.runId;
      if (
        typeof runId === 'string' &&
        (job.name === MATCHING_JOBS.rematch || job.name === MATCHING_JOBS.rematchChunk)
      ) {
        await this.rematches.failRun(runId, err.message);
      }
    } catch (e) {
      this.logger.error({ jobId: job.id, err: e }, 'could not record a failed job');
    }
  }
}
