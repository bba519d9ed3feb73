import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JobsModule } from '../../jobs/jobs.module.js';
import { ChallengesCoreModule } from '../challenges/challenges-core.module.js';
import { AwardsService } from './awards.service.js';
import { ChallengeReviewsController } from './challenge-reviews.controller.js';
import { ChallengeAwardEntity, ChallengeAwardMilestoneEntity } from './entities/award.entity.js';
import { ChallengeConflictEntity } from './entities/conflict.entity.js';
import { FundingLedgerEntity } from './entities/funding-ledger.entity.js';
import { ChallengeObjectionEntity } from './entities/objection.entity.js';
import { ChallengePanelMemberEntity } from './entities/panel-member.entity.js';
import { ChallengeReviewSheetEntity } from './entities/review-sheet.entity.js';
import { ReviewsService } from './reviews.service.js';

/**
 * 揭榜挂帅 from review to money (issue 13, part B2): panels, conflicts and review sheets, the ranking and shortlist,
 * the public notice and its objections, the award with its three-party agreement, milestones (验收) and the funding
 * ledger. Status changes go through the challenges module's ChallengeStepsService (lifecycle.ts).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      ChallengePanelMemberEntity,
      ChallengeConflictEntity,
      ChallengeReviewSheetEntity,
      ChallengeObjectionEntity,
      ChallengeAwardEntity,
      ChallengeAwardMilestoneEntity,
      FundingLedgerEntity,
    ]),
    JobsModule,
    ChallengesCoreModule,
  ],
  controllers: [ChallengeReviewsController],
  providers: [ReviewsService, AwardsService],
})
export class ChallengeReviewsModule {}
