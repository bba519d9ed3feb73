import { Module } from '@nestjs/common';
import { JobsModule } from '../../../jobs/jobs.module.js';
import { RankerRematchWatch } from './ranker-rematch-watch.service.js';
import { RankerTrainingService } from './ranker-training.service.js';
import { RankerModule } from './ranker.module.js';

/** The worker's side of the re-ranker: learning from decisions, and re-scoring after the model changed. */
@Module({
  imports: [JobsModule, RankerModule],
  providers: [RankerTrainingService, RankerRematchWatch],
  exports: [RankerModule],
})
export class RankerWorkerModule {}
