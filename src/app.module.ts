import {
  Module,
  RequestMethod,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { loggerParams } from './common/logging/logger.config.js';
import { BODY_LIMIT, bodyParser } from './common/validation/request-body.js';
import { RateLimitModule } from './common/rate-limit/rate-limit.module.js';
import { RedisModule } from './common/redis/redis.module.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { dataSourceOptions } from './database/data-source-options.js';
import { JobsModule } from './jobs/jobs.module.js';
import { AdminBootstrapService } from './modules/auth/admin-bootstrap.service.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { CapabilitiesModule } from './modules/capabilities/capabilities.module.js';
import { ChallengeReviewsModule } from './modules/challenge-reviews/challenge-reviews.module.js';
import { ChallengesModule } from './modules/challenges/challenges.module.js';
import { isAttachmentUpload } from './modules/challenges/attachment-body.js';
import { CommonProblemsApiModule } from './modules/common-problems/common-problems-api.module.js';
import { EnvoysModule } from './modules/envoys/envoys.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { InstrumentsModule } from './modules/instruments/instruments.module.js';
import { MatchingApiModule } from './modules/matching/matching-api.module.js';
import { ListingsModule } from './modules/listings/listings.module.js';
import { NeedsModule } from './modules/needs/needs.module.js';
import { NotificationsApiModule } from './modules/notifications/notifications-api.module.js';
import { OperationsModule } from './modules/operations/operations.module.js';
import { OrganizationsModule } from './modules/organizations/organizations.module.js';
import { ReviewModule } from './modules/review/review.module.js';
import { StatsModule } from './modules/stats/stats.module.js';
import { ImportsModule } from './modules/imports/imports.module.js';
import { isImportUpload } from './modules/imports/import-body.js';
import { TaxonomiesModule } from './modules/taxonomies/taxonomies.module.js';
import { TaxonomySeederService } from './modules/taxonomies/taxonomy-seeder.service.js';
import { UsersModule } from './modules/users/users.module.js';
import { VouchersModule } from './modules/vouchers/vouchers.module.js';

/** The HTTP API process. It only enqueues jobs; workers run in the worker process. */
@Module({})
export class AppModule implements NestModule, OnApplicationBootstrap {
  constructor(
    private readonly taxonomies: TaxonomySeederService,
    private readonly admins: AdminBootstrapService,
  ) {}

  static register(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config, 'api')),
        TypeOrmModule.forRoot({
          ...dataSourceOptions(config, {
            statementTimeoutMs: config.database.statementTimeoutMs.api,
            name: 'techmatch-api',
          }),
          autoLoadEntities: true,
        }),
        RedisModule,
        JobsModule,
        RateLimitModule,
        AuthModule,
        OrganizationsModule,
        UsersModule,
        TaxonomiesModule,
        NeedsModule,
        ListingsModule,
        CapabilitiesModule,
        MatchingApiModule,
        ReviewModule,
        ChallengesModule,
        ChallengeReviewsModule,
        CommonProblemsApiModule,
        InstrumentsModule,
        VouchersModule,
        EnvoysModule,
        NotificationsApiModule,
        StatsModule,
        ImportsModule,
        OperationsModule,
        HealthModule,
      ],
    };
  }

  // The body parser runs after the request logger, so 413 and malformed JSON are logged with a request id. JSON and
  // forms only (1 MB); the spreadsheet imports and challenge attachments (PDF, 20 MB) read their own body, after the
  // guard has authenticated the caller.
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(bodyParser({ limit: BODY_LIMIT, rawRoute: (req) => isImportUpload(req) || isAttachmentUpload(req) }))
      .forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.taxonomies.seed();
    await this.admins.ensureFirstAdmin();
  }
}
