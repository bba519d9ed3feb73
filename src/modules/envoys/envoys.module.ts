import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JobsModule } from '../../jobs/jobs.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { TaxonomiesModule } from '../taxonomies/taxonomies.module.js';
import { AgreementRecordsService } from './agreement-records.service.js';
import { AgreementsService } from './agreements.service.js';
import { EnvoyNotifier } from './envoy-notifier.js';
import { EnvoyStatsController } from './envoy-stats.controller.js';
import { EnvoyStatsService } from './envoy-stats.service.js';
import { EnvoyViews } from './envoy-views.js';
import {
  EnvoyEvaluationEntity,
  EnvoyWorkLogEntity,
  SecondmentAgreementEntity,
  SecondmentEventEntity,
  SecondmentNominationEntity,
  SecondmentPostCandidateEntity,
  SecondmentPostEntity,
} from './envoys.entity.js';
import { NominationsService } from './nominations.service.js';
import { PostCandidatesService } from './post-candidates.service.js';
import { PostSettlementService } from './post-settlement.service.js';
import { PostsService } from './posts.service.js';
import { SecondmentAgreementsController } from './secondment-agreements.controller.js';
import { SecondmentNominationsController } from './secondment-nominations.controller.js';
import { SecondmentPostsController } from './secondment-posts.controller.js';

/**
 * Science envoys and 科技副总 (issue 14, part C): `/api/v1/secondment-*` and `GET /api/v1/stats/envoys`. One service
 * per use case; every step is one transaction that locks its rows (the post first), checks the step (lifecycle.ts),
 * writes it, and leaves an audit row and a notification (EnvoyNotifier). Who may see or do what: envoy-access.ts.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      SecondmentPostEntity,
      SecondmentNominationEntity,
      SecondmentAgreementEntity,
      EnvoyWorkLogEntity,
      EnvoyEvaluationEntity,
      SecondmentEventEntity,
      SecondmentPostCandidateEntity,
    ]),
    JobsModule,
    NotificationsModule,
    TaxonomiesModule,
  ],
  controllers: [
    SecondmentPostsController,
    SecondmentNominationsController,
    SecondmentAgreementsController,
    EnvoyStatsController,
  ],
  providers: [
    EnvoyNotifier,
    EnvoyViews,
    PostSettlementService,
    PostsService,
    PostCandidatesService,
    NominationsService,
    AgreementsService,
    AgreementRecordsService,
    EnvoyStatsService,
  ],
})
export class EnvoysModule {}
