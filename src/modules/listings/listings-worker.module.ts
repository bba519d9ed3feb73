import { Module } from '@nestjs/common';
import { JobsModule } from '../../jobs/jobs.module.js';
import { SearchTermsService } from './search-terms.service.js';

/** The worker's side of listings: keeping every listing's search terms current. */
@Module({
  imports: [JobsModule],
  providers: [SearchTermsService],
})
export class ListingsWorkerModule {}
