import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MatchesModule } from '../matches.module.js';
import { RankerModelEntity } from './ranker-model.entity.js';
import { RankerModelsRepository } from './ranker-models.repository.js';
import { shippedModel } from './ranker.js';
import { RankerService, SHIPPED_RANKER_MODEL } from './ranker.service.js';

/**
 * The re-ranker's versions, as both processes use them: the worker scores with `RankerService.current()`, the API's
 * admin routes list and activate versions. The training job and the rematch watch are the worker's
 * (RankerWorkerModule).
 */
@Module({
  imports: [TypeOrmModule.forFeature([RankerModelEntity]), MatchesModule],
  providers: [{ provide: SHIPPED_RANKER_MODEL, useFactory: shippedModel }, RankerModelsRepository, RankerService],
  exports: [RankerService, RankerModelsRepository, SHIPPED_RANKER_MODEL],
})
export class RankerModule {}
