import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JobsModule } from '../../jobs/jobs.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import {
  CommonProblemCapabilityEntity,
  CommonProblemEntity,
  CommonProblemEventEntity,
  CommonProblemIntroductionEntity,
  CommonProblemNeedEntity,
} from './common-problem.entity.js';
import { CommonProblemsService } from './common-problems.service.js';

/**
 * 共性技术难题 as both processes and other features use them: the tables and the service (the challenges module
 * reads a confirmed problem through `CommonProblemsService.getForChallenge`).
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
  ],
  providers: [CommonProblemsService],
  exports: [CommonProblemsService],
})
export class CommonProblemsModule {}
