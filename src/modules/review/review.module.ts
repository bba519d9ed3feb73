import { Module } from '@nestjs/common';
import { CapabilitiesModule } from '../capabilities/capabilities.module.js';
import { MatchesModule } from '../matching/matches.module.js';
import { NeedsModule } from '../needs/needs.module.js';
import { TaxonomiesModule } from '../taxonomies/taxonomies.module.js';
import { ReviewController } from './review.controller.js';
import { ReviewRepository } from './review.repository.js';
import { ReviewService } from './review.service.js';

@Module({
  imports: [MatchesModule, NeedsModule, CapabilitiesModule, TaxonomiesModule],
  controllers: [ReviewController],
  providers: [ReviewService, ReviewRepository],
  exports: [ReviewRepository],
})
export class ReviewModule {}
