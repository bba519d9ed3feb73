import { Module } from '@nestjs/common';
import { JobsModule } from '../../jobs/jobs.module.js';
import { CapabilitiesModule } from '../capabilities/capabilities.module.js';
import { MatchesModule } from '../matching/matches.module.js';
import { NeedsModule } from '../needs/needs.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { TaxonomiesModule } from '../taxonomies/taxonomies.module.js';
import { ReviewController } from './review.controller.js';
import { ReviewRepository } from './review.repository.js';
import { ReviewService } from './review.service.js';
import { TransitionsService } from './transitions.service.js';

@Module({
  imports: [JobsModule, MatchesModule, NeedsModule, CapabilitiesModule, TaxonomiesModule, NotificationsModule],
  controllers: [ReviewController],
  providers: [ReviewService, ReviewRepository, TransitionsService],
  exports: [ReviewRepository],
})
export class ReviewModule {}
