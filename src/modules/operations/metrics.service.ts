import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AggregatorRegistry, Gauge, type MetricObjectWithValues, type MetricValue } from 'prom-client';
import { INSTANCE, registry, startProcessMetrics } from '../../common/metrics/metrics.js';
import { metricsKeys, SNAPSHOT_TTL_SECONDS } from '../../common/metrics/worker-metrics.service.js';
import { REDIS } from '../../common/redis/redis.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { OutboxService } from '../../jobs/outbox.service.js';
import { MatchesRepository } from '../matching/matches.repository.js';

// Read from PostgreSQL and Redis when /metrics is scraped: the state of the whole install, whichever API answers.
const queueJobs = new Gauge({
  name: 'techmatch_queue_jobs',
  help: 'BullMQ jobs per queue and state (waiting, active, delayed, prioritized, failed, completed)',
  labelNames: ['queue', 'state'] as const,
  registers: [registry],
});
const outboxPending = new Gauge({
  name: 'techmatch_outbox_pending_jobs',
  help: 'Jobs committed in PostgreSQL and not finished yet',
  registers: [registry],
});
const outboxFailed = new Gauge({
  name: 'techmatch_outbox_failed_jobs',
  help: 'Jobs that failed for good (bad data or a bug) and wait for an admin',
  registers: [registry],
});
const outboxLag = new Gauge({
  name: 'techmatch_outbox_lag_seconds',
  help: 'Age of the oldest committed job not yet handed to Redis (0: every job is in a queue)',
  registers: [registry],
});
const matches = new Gauge({
  name: 'techmatch_matches',
  help: 'Matches by status (suggested, approved, rejected, introduced, … )',
  labelNames: ['status'] as const,
  registers: [registry],
});

type Snapshot = Array<MetricObjectWithValues<MetricValue<string>>>;

/** The Prometheus text for /metrics: this API process's metrics, the install's state, and every live worker's. */
@Injectable()
export class MetricsService {
  private readonly keys: ReturnType<typeof metricsKeys>;

  constructor(
    private readonly outbox: OutboxService,
    private readonly matchesRepo: MatchesRepository,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    startProcessMetrics('api');
    this.keys = metricsKeys(config.queuePrefix);
  }

  async render(): Promise<{ contentType: string; body: string }> {
    await Promise.all([this.readInstall(), this.readMatches()]);
    const merged = AggregatorRegistry.aggregate([await registry.getMetricsAsJSON(), ...(await this.workers())]);
    return { contentType: merged.contentType, body: await merged.metrics() };
  }

  private async readInstall(): Promise<void> {
    const stats = await this.outbox.stats();
    queueJobs.reset();
    for (const { queue, counts } of stats.queues) {
      for (const [state, n] of Object.entries(counts ?? {})) queueJobs.set({ queue, state }, n);
    }
    outboxPending.set(stats.pending);
    outboxFailed.set(stats.failed);
    outboxLag.set(stats.lagSeconds);
  }

  private async readMatches(): Promise<void> {
    for (const [status, n] of Object.entries(await this.matchesRepo.countsByStatus())) matches.set({ status }, n);
  }

  /** The snapshots workers left in Redis within the last 45 s (older ones are dropped from the list). */
  private async workers(): Promise<Snapshot[]> {
    try {
      const since = Date.now() - SNAPSHOT_TTL_SECONDS * 1000;
      await this.redis.zremrangebyscore(this.keys.instances, 0, since);
      // A worker in this very process (tests run one beside the API) is already in this registry.
      const instances = (await this.redis.zrange(this.keys.instances, 0, -1)).filter((i) => i !== INSTANCE);
      if (!instances.length) return [];
      const texts = await this.redis.mget(...instances.map((i) => this.keys.snapshot(i)));
      return texts.filter((t): t is string => !!t).map((t) => JSON.parse(t) as Snapshot);
    } catch {
      return []; // Redis away: this API's own metrics still answer
    }
  }
}
