import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { TooManyRequests } from './rate-limit.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';

/** The one counter of the public routes in this process (RateLimitModule provides it; null when turned off). */
export const PUBLIC_RATE_LIMITER = Symbol('PUBLIC_RATE_LIMITER');

export function publicRateLimiter(config: AppConfig): RateLimiterMemory | null {
  return config.hallRateLimit > 0 ? new RateLimiterMemory({ points: config.hallRateLimit, duration: 60 }) : null;
}

/**
 * The routes that answer without sign-in while the halls are public (the halls, the sector schemes): one client
 * address gets HALL_RATE_LIMIT requests a minute across them (429 with Retry-After). Counted in this API process's
 * memory: the limit keeps one client's flood off the database, it is not an account's quota, so it need not survive a
 * restart or be shared between processes (the signed-in routes' limits, which are quotas, count in PostgreSQL). The
 * address is Express's `req.ip`, which honours TRUST_PROXY. Nest makes a guard per module that uses it; the counter
 * they share is one provider.
 */
@Injectable()
export class PublicRateLimitGuard implements CanActivate {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PUBLIC_RATE_LIMITER) private readonly limiter: RateLimiterMemory | null,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (!this.limiter) return true;
    const req = ctx.switchToHttp().getRequest<Request>();
    try {
      await this.limiter.consume(req.ip ?? 'unknown');
      return true;
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res;
      const limit = this.config.hallRateLimit;
      throw new TooManyRequests(
        `大厅访问过于频繁：每个地址每分钟最多 ${limit} 次，请 ${Math.ceil(res.msBeforeNext / 1000)} 秒后再试 / too many ` +
          `requests to the halls: at most ${limit} a minute from one address, try again in ` +
          `${Math.ceil(res.msBeforeNext / 1000)} s`,
        res.msBeforeNext / 1000,
        { limit, windowSeconds: 60 },
      );
    }
  }
}
