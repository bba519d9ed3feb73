import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SectorsService } from './sectors.service.js';
import { TaxonomiesController } from './taxonomies.controller.js';
import { TaxonomiesRepository } from './taxonomies.repository.js';
import { TaxonomiesService } from './taxonomies.service.js';
import { TaxonomyCodeEntity, TaxonomySchemeEntity } from './taxonomy.entity.js';
import { TaxonomySeederService } from './taxonomy-seeder.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([TaxonomySchemeEntity, TaxonomyCodeEntity])],
  controllers: [TaxonomiesController],
  providers: [TaxonomiesService, TaxonomiesRepository, SectorsService, TaxonomySeederService],
  exports: [SectorsService, TaxonomySeederService, TaxonomiesRepository],
})
export class TaxonomiesModule {}
