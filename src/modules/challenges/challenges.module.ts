import { Module } from '@nestjs/common';
import { FilesModule } from '../../common/files/files.module.js';
import { JobsModule } from '../../jobs/jobs.module.js';
import { CommonProblemsModule } from '../common-problems/common-problems.module.js';
import { TaxonomiesModule } from '../taxonomies/taxonomies.module.js';
import { ApplicationsController } from './applications.controller.js';
import { ApplicationsService } from './applications.service.js';
import { AttachmentsService } from './attachments.service.js';
import { ChallengeHallController } from './challenge-hall.controller.js';
import { ChallengeHallService } from './challenge-hall.service.js';
import { ChallengesCoreModule } from './challenges-core.module.js';
import { ChallengesController } from './challenges.controller.js';
import { ChallengesService } from './challenges.service.js';

/**
 * 揭榜挂帅 in the API: challenges, applications and their attachments, and the public hall. Exports the core
 * (ChallengeStepsService, ChallengeEventsService, ChallengeNotifier, ChallengeAccess) and ChallengesService for the
 * review, notice and award steps (challenge-reviews).
 */
@Module({
  imports: [ChallengesCoreModule, FilesModule, JobsModule, TaxonomiesModule, CommonProblemsModule],
  controllers: [ChallengesController, ApplicationsController, ChallengeHallController],
  providers: [ChallengesService, ApplicationsService, AttachmentsService, ChallengeHallService],
  exports: [ChallengesCoreModule, ChallengesService, ApplicationsService],
})
export class ChallengesModule {}
