import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { REDIS } from '../redis/redis.module.js';
import { INSTANCE, registry, startProcessMetrics } from './metrics.js';

const EVERY_MS = 15_000;
/** A worker's snapshot outlives two missed publications, then disappears from /metrics by itself. */
export const SNAPSHOT_TTL_SECONDS = 45;

/** Where workers leave their metrics for the API: a sorted set of instances by last publication, a key per instance. */
export const metricsKeys = (prefix: string) => ({
  instances: `${prefix}:metrics:instances`,
  snapshot: (instance: string) => `${prefix}:metrics:worker:${instance}`,
});

/**
 * A worker has no HTTP port for Prometheus to scrape. Every 15 s it leaves its metrics (job durations, memory, the
 * index's size) in Redis, under the queue prefix; the API's /metrics serves them beside its own.
 */
@Injectable()
export class WorkerMetricsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('WorkerMetrics');
  private timer: NodeJS.Timeout | null = null;
  private readonly keys: ReturnType<typeof metricsKeys>;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
  ) {
    this.keys = metricsKeys(config.queuePrefix);
  }

  onApplicationBootstrap(): void {
    startProcessMetrics('worker');
    void this.publish();
    this.timer = setInterval(() => void this.publish(), EVERY_MS);
    this.timer.unref();
  }

  async publish(): Promise<void> {
    try {
      const snapshot = JSON.stringify(await registry.getMetricsAsJSON());
      await this.redis
        .multi()
        .set(this.keys.snapshot(INSTANCE), snapshot, 'EX', SNAPSHOT_TTL_SECONDS)
        .zadd(this.keys.instances, Date.now(), INSTANCE)
        .exec();
    } catch (err) {
      this.logger.debug(
        { err: err instanceof Error ? err.message : String(err) },
        'metrics not published (Redis away)',
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.redis
      .multi()
      .del(this.keys.snapshot(INSTANCE))
      .zrem(this.keys.instances, INSTANCE)
      .exec()
      .catch(() => undefined);
  }
}
