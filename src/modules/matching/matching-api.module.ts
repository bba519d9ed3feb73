import { Module } from '@nestjs/common';
import { MatchesModule } from './matches.module.js';
import { MatchingController } from './matching.controller.js';

/** The API's side of matching: asking for rematches and following them. The scoring runs in workers. */
@Module({
  imports: [MatchesModule],
  controllers: [MatchingController],
})
export class MatchingApiModule {}
