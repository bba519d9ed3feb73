import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RateCounterEntity } from './rate-counter.entity.js';
import { RateLimitInterceptor } from './rate-limit.js';
import { RateLimiterService } from './rate-limiter.service.js';

/** Counters in PostgreSQL for sign-in throttling and per-user limits on costly routes. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([RateCounterEntity])],
  providers: [RateLimiterService, RateLimitInterceptor],
  exports: [RateLimiterService, RateLimitInterceptor],
})
export class RateLimitModule {}
