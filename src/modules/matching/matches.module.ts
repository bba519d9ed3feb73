import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JobsModule } from '../../jobs/jobs.module.js';
import { ListingChangesModule } from '../listings/listing-changes.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { UserEntity } from '../auth/user.entity.js';
import { CapabilityEntity } from '../capabilities/capability.entity.js';
import { NeedEntity } from '../needs/need.entity.js';
import { OrganizationEntity } from '../organizations/organization.entity.js';
import { MatchEventEntity } from './match-event.entity.js';
import { MatchEntity } from './match.entity.js';
import { MatchesRepository } from './matches.repository.js';
import { MatchingListeners } from './matching-listeners.js';
import { NeedRankingEntity } from './need-ranking.entity.js';
import { NeedRankingsRepository } from './need-rankings.repository.js';
import { RematchChunkEntity, RematchRunEntity } from './rematch-run.entity.js';
import { RematchRunsService } from './rematch-runs.service.js';
import { CoordinatorAlertsService } from './coordinator-alerts.service.js';
import { SuggestionsService } from './suggestions.service.js';

/**
 * Matches and rematch runs as both processes use them (the API reads and reviews, the worker writes), and matching's
 * listener to listings' changes (either process writes listings).
 */
@Module({
  imports: [
    // The listings, organisations and users are registered here too: a match's relations need their metadata in
    // the worker, which loads no other feature module.
    TypeOrmModule.forFeature([
      MatchEntity,
      MatchEventEntity,
      RematchRunEntity,
      RematchChunkEntity,
      NeedRankingEntity,
      NeedEntity,
      CapabilityEntity,
      OrganizationEntity,
      UserEntity,
    ]),
    JobsModule,
    ListingChangesModule,
    NotificationsModule,
  ],
  providers: [
    MatchesRepository,
    NeedRankingsRepository,
    RematchRunsService,
    MatchingListeners,
    CoordinatorAlertsService,
    SuggestionsService,
  ],
  exports: [MatchesRepository, NeedRankingsRepository, RematchRunsService, SuggestionsService],
})
export class MatchesModule {}
