import { Module } from '@nestjs/common';
import { JobsModule } from '../../jobs/jobs.module.js';
import { MatchingWorkerModule } from '../matching/matching-worker.module.js';
import { ChallengesCoreModule } from './challenges-core.module.js';
import { InvitationsService } from './invitations.service.js';

/** The worker's side of challenges: inviting capability owners when a challenge is published. */
@Module({
  imports: [ChallengesCoreModule, JobsModule, MatchingWorkerModule],
  providers: [InvitationsService],
})
export class ChallengesWorkerModule {}
