import { Module } from '@nestjs/common';
import { JobsModule } from '../../jobs/jobs.module.js';
import { OperationsController } from './operations.controller.js';

/** What operators look at: background jobs that failed for good or are being retried. */
@Module({ imports: [JobsModule], controllers: [OperationsController] })
export class OperationsModule {}
