import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { noteRedisUrl } from '../errors/infra-errors.js';

export const REDIS = Symbol('REDIS');

/**
 * One shared ioredis connection for probes (readiness, the worker's heartbeat); queues have their own. Nothing the
 * service must keep lives here. A command waits for at most one reconnection attempt, so a probe answers "down"
 * soon while Redis is away (the readiness check also times out by itself).
 */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        noteRedisUrl(config.redisUrl);
        const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1 });
        // Reconnection is ioredis's own business; the probes report the state.
        redis.on('error', () => undefined);
        return redis;
      },
    },
  ],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
