import { Module } from '@nestjs/common';
import { JobsModule } from '../../jobs/jobs.module.js';
import { ListingChangesModule } from '../listings/listing-changes.module.js';
import { CatalogIndexService } from './catalog-index.service.js';
import { MatchesModule } from './matches.module.js';
import { MatchingBulkProcessor, MatchingProcessor } from './matching.processor.js';
import { RankerWorkerModule } from './ranker/ranker-worker.module.js';
import { RematchWatchdogService } from './rematch-watchdog.service.js';
import { MatchingService } from './matching.service.js';

/** The matching worker: only the worker process imports this module. */
@Module({
  imports: [JobsModule, ListingChangesModule, MatchesModule, RankerWorkerModule],
  providers: [CatalogIndexService, MatchingService, MatchingProcessor, MatchingBulkProcessor, RematchWatchdogService],
  // The catalogue index is read by other worker features that score with matching (common problems).
  exports: [CatalogIndexService],
})
export class MatchingWorkerModule {}
