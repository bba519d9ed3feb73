import { Module } from '@nestjs/common';
import { TaxonomiesModule } from '../taxonomies/taxonomies.module.js';
import { HallController } from './hall.controller.js';
import { HallRepository } from './hall.repository.js';
import { HallService } from './hall.service.js';

/** The API's side of listings shared by needs and capabilities: the public halls. */
@Module({
  imports: [TaxonomiesModule],
  controllers: [HallController],
  providers: [HallService, HallRepository],
})
export class ListingsModule {}
