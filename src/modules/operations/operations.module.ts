import { Module } from '@nestjs/common';
import { JobsModule } from '../../jobs/jobs.module.js';
import { MatchesModule } from '../matching/matches.module.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';
import { OperationsController } from './operations.controller.js';

/** What operators look at: background jobs that failed for good or are being retried, and Prometheus metrics. */
@Module({
  imports: [JobsModule, MatchesModule],
  controllers: [OperationsController, MetricsController],
  providers: [MetricsService],
})
export class OperationsModule {}
