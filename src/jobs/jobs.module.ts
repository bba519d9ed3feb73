import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { JobOutboxEntity } from './job-outbox.entity.js';
import { MaintenanceJobsService } from './maintenance-jobs.service.js';
import { OutboxService } from './outbox.service.js';
import { ALL_QUEUES } from './queues.js';
import { QueueConnectionLogger } from './queue-connection-logger.js';
import { RetentionService } from './retention.service.js';
import { UnitOfWork } from './unit-of-work.js';

/** BullMQ's connection and queues, and the unit of work (over the outbox) every producer goes through. Starts no worker. */
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        connection: { url: config.redisUrl, maxRetriesPerRequest: null },
        prefix: config.queuePrefix,
      }),
    }),
    BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name }))),
    TypeOrmModule.forFeature([JobOutboxEntity]),
  ],
  providers: [QueueConnectionLogger, OutboxService, UnitOfWork, RetentionService, MaintenanceJobsService],
  exports: [OutboxService, UnitOfWork, RetentionService, MaintenanceJobsService, BullModule],
})
export class JobsModule {}
