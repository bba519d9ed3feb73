import { Module } from '@nestjs/common';
import { StatsController } from './stats.controller.js';
import { StatsService } from './stats.service.js';
import { ChallengeStatsService } from './challenge-stats.service.js';

@Module({ controllers: [StatsController], providers: [StatsService, ChallengeStatsService] })
export class StatsModule {}
