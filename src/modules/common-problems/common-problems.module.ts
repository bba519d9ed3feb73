import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JobsModule } from '../../jobs/jobs.module.js';
import { ListingChangesModule } from '../listings/listing-changes.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import {
  CommonProblemCapabilityEntity,
  CommonProblemEntity,
  CommonProblemEventEntity,
  CommonProblemIntroductionEntity,
  CommonProblemNeedEntity,
} from './common-problem.entity.js';
import { CommonProblemsListeners } from './common-problems-listeners.js';
import { CommonProblemsService } from './common-problems.service.js';

/**
 * 共性技术难题 as both processes and other features use them: the tables and the service (the challenges module
 * reads a confirmed problem through `CommonProblemsService.getForChallenge`), and what they do when needs change
 * (CommonProblemsListeners).
 */
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
    ListingChangesModule,
  ],
  providers: [CommonProblemsService, CommonProblemsListeners],
  exports: [CommonProblemsService],
})
export class CommonProblemsModule {}
