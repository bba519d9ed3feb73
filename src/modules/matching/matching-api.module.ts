import { Module } from '@nestjs/common';
import { MatchesModule } from './matches.module.js';
import { MatchingController } from './matching.controller.js';
import { RankerApiModule } from './ranker/ranker-api.module.js';

/**
 * The API's side of matching: asking for rematches and following them, and the re-ranker's versions for admins.
 * The scoring runs in workers.
 */
@Module({
  imports: [MatchesModule, RankerApiModule],
  controllers: [MatchingController],
})
export class MatchingApiModule {}
