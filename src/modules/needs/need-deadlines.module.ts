import { Module } from '@nestjs/common';
import { ListingChangesModule } from '../listings/listing-changes.module.js';
import { NeedDeadlinesService } from './need-deadlines.service.js';

/** Needs' deadline rules, for the worker's deadline check (which loads no HTTP module of needs). */
@Module({
  imports: [ListingChangesModule],
  providers: [NeedDeadlinesService],
  exports: [NeedDeadlinesService],
})
export class NeedDeadlinesModule {}
