import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { loggerParams } from './common/logging/logger.config.js';
import { RedisModule } from './common/redis/redis.module.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { dataSourceOptions } from './database/data-source-options.js';
import { JobsModule } from './jobs/jobs.module.js';
import { MaintenanceProcessor } from './jobs/maintenance.processor.js';
import { OutboxRelayService } from './jobs/outbox-relay.service.js';
import { WorkerHeartbeatService } from './jobs/worker-heartbeat.service.js';
import { WorkerMetricsService } from './common/metrics/worker-metrics.service.js';
import { AuthMaintenanceModule } from './modules/auth/auth-maintenance.module.js';
import { ChallengesWorkerModule } from './modules/challenges/challenges-worker.module.js';
import { CommonProblemsWorkerModule } from './modules/common-problems/common-problems-worker.module.js';
import { EnvoysWorkerModule } from './modules/envoys/envoys-worker.module.js';
import { InstrumentsWorkerModule } from './modules/instruments/instruments-worker.module.js';
import { ListingsWorkerModule } from './modules/listings/listings-worker.module.js';
import { MatchingWorkerModule } from './modules/matching/matching-worker.module.js';
import { NotificationsWorkerModule } from './modules/notifications/notifications-worker.module.js';

/** The worker process: BullMQ workers and the outbox relay, no HTTP listener. */
@Module({})
export class WorkerModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config, 'worker')),
        TypeOrmModule.forRoot({
          ...dataSourceOptions(config, {
            statementTimeoutMs: config.database.statementTimeoutMs.worker,
            name: 'techmatch-worker',
          }),
          autoLoadEntities: true,
        }),
        RedisModule,
        JobsModule,
        MatchingWorkerModule,
        ChallengesWorkerModule,
        CommonProblemsWorkerModule,
        InstrumentsWorkerModule,
        EnvoysWorkerModule,
        ListingsWorkerModule,
        NotificationsWorkerModule,
        AuthMaintenanceModule,
      ],
      providers: [OutboxRelayService, WorkerHeartbeatService, WorkerMetricsService, MaintenanceProcessor],
    };
  }
}
