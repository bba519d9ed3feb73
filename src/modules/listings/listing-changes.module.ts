import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JobsModule } from '../../jobs/jobs.module.js';
import { CatalogChangeEntity } from './catalog-change.entity.js';
import { CatalogChangesPrunedEntity } from './catalog-changes-pruned.entity.js';
import { CatalogChangesService } from './catalog-changes.service.js';
import { ListingEvents } from './listing-events.js';

/**
 * Listings' change sequence and events, as both processes use them: needs and capabilities write through it, matching
 * listens to it (and its workers tail the sequence). One instance per process, whoever imports it.
 */
@Module({
  imports: [TypeOrmModule.forFeature([CatalogChangeEntity, CatalogChangesPrunedEntity]), JobsModule],
  providers: [CatalogChangesService, ListingEvents],
  exports: [CatalogChangesService, ListingEvents],
})
export class ListingChangesModule {}
