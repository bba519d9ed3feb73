import { Module } from '@nestjs/common';
import { JobsModule } from '../../jobs/jobs.module.js';
import { MatchingWorkerModule } from '../matching/matching-worker.module.js';
import { EnvoysRanker } from './envoys-ranker.js';

/** The worker's side of envoys: ranking expertise capabilities for a post (`envoys.rank-post`). */
@Module({
  imports: [JobsModule, MatchingWorkerModule],
  providers: [EnvoysRanker],
})
export class EnvoysWorkerModule {}
