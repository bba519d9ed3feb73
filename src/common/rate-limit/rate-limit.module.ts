import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RateCounterEntity } from './rate-counter.entity.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { PUBLIC_RATE_LIMITER, PublicRateLimitGuard, publicRateLimiter } from './public-rate-limit.guard.js';
import { RateLimitInterceptor } from './rate-limit.js';
import { RateLimiterService } from './rate-limiter.service.js';

/** Counters in PostgreSQL for sign-in throttling and per-user limits on costly routes; the public routes' limit. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([RateCounterEntity])],
  // One counter of the public routes per process: the halls and the sector schemes share a client address's budget.
  providers: [
    RateLimiterService,
    RateLimitInterceptor,
    PublicRateLimitGuard,
    { provide: PUBLIC_RATE_LIMITER, inject: [APP_CONFIG], useFactory: publicRateLimiter },
  ],
  exports: [RateLimiterService, RateLimitInterceptor, PublicRateLimitGuard, PUBLIC_RATE_LIMITER],
})
export class RateLimitModule {}
