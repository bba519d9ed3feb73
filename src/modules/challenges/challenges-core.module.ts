import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JobsModule } from '../../jobs/jobs.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import {
  ChallengeApplicationEntity,
  ChallengeApplicationMemberEntity,
  ChallengeAttachmentEntity,
} from './application.entity.js';
import { ChallengeAccess } from './challenge-access.js';
import { ChallengeEventEntity } from './challenge-event.entity.js';
import { ChallengeEventsService } from './challenge-events.service.js';
import { ChallengeNotifier } from './challenge-notifier.js';
import { ChallengeStepsService } from './challenge-steps.service.js';
import { ChallengeEntity, ChallengeMilestoneEntity } from './challenge.entity.js';

/**
 * What both processes and the modules built on challenges (challenge-reviews) use: the tables, the access rules,
 * the one way to change a challenge's status, the audit trail and the notifier.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      ChallengeEntity,
      ChallengeMilestoneEntity,
      ChallengeApplicationEntity,
      ChallengeApplicationMemberEntity,
      ChallengeAttachmentEntity,
      ChallengeEventEntity,
    ]),
    JobsModule,
    NotificationsModule,
  ],
  providers: [ChallengeAccess, ChallengeEventsService, ChallengeNotifier, ChallengeStepsService],
  exports: [ChallengeAccess, ChallengeEventsService, ChallengeNotifier, ChallengeStepsService],
})
export class ChallengesCoreModule {}
