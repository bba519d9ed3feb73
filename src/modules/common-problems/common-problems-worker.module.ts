import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JobsModule } from '../../jobs/jobs.module.js';
import { MatchingWorkerModule } from '../matching/matching-worker.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import {
  CommonProblemCapabilityEntity,
  CommonProblemEntity,
  CommonProblemEventEntity,
  CommonProblemIntroductionEntity,
  CommonProblemNeedEntity,
} from './common-problem.entity.js';
import { CommonProblemsDetector } from './common-problems.detector.js';
import { CommonProblemsModule } from './common-problems.module.js';

/** The worker's side: the clustering job (daily and on demand) and the refresh after an edit. */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      CommonProblemEntity,
      CommonProblemNeedEntity,
      CommonProblemCapabilityEntity,
      CommonProblemEventEntity,
      CommonProblemIntroductionEntity,
    ]),
    JobsModule,
    NotificationsModule,
    MatchingWorkerModule,
    // Its listeners: needs written in the worker (imports) refresh their problems too.
    CommonProblemsModule,
  ],
  providers: [CommonProblemsDetector],
})
export class CommonProblemsWorkerModule {}
