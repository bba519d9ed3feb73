import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../../common/http/api-errors.decorator.js';
import { PageQuery } from '../../../common/pagination/pagination.js';
import { RateLimit, type RateLimitRule } from '../../../common/rate-limit/rate-limit.js';
import type { AuthUser } from '../../auth/auth-user.js';
import { CurrentUser, MinRole } from '../../auth/auth.decorators.js';
import { DecisionCounts, RankerActivated, RankerModelPage, TrainingAccepted } from './dto/ranker.dto.js';
import { RankerAdminService } from './ranker-admin.service.js';

const TRAIN_LIMIT: RateLimitRule = {
  name: 'ranker-train',
  zh: '训练模型',
  en: 'trainings',
  limit: 10,
  windowSeconds: 600,
};

@ApiTags('ranker 排序模型')
@ApiBearerAuth()
@MinRole('admin')
@Controller('admin/ranker')
export class RankerController {
  constructor(private readonly admin: RankerAdminService) {}

  @Get('models')
  @ApiOperation({
    summary: '排序模型版本 / Re-ranker model versions',
    description:
      'Admins. Newest first: the shipped model of each release and the models learned from coordinators’ decisions, ' +
      'with the held-out figures each was judged by. One is active.',
  })
  @ApiOkResponse({ type: RankerModelPage })
  @ApiErrors(400, 401, 403)
  models(@Query() q: PageQuery): Promise<RankerModelPage> {
    return this.admin.list(q);
  }

  @Post('models/:version/activate')
  @HttpCode(200)
  @ApiOperation({
    summary: '启用某个模型版本 / Make a stored model version active',
    description:
      'Admins: go back to an earlier model (or take up one that was not promoted). The active one is retired, every ' +
      'worker uses the new one within seconds, and a rematch of everything re-scores the suggestions. 404 for an ' +
      'unknown version; 409 when it is active already or was built on another release’s model.',
  })
  @ApiParam({ name: 'version', example: 'install-20261130T033000Z' })
  @ApiOkResponse({ type: RankerActivated })
  @ApiErrors(400, 401, 403, 404, 409)
  activate(@CurrentUser() user: AuthUser, @Param('version') version: string): Promise<RankerActivated> {
    return this.admin.activate(version, user.id);
  }

  @Post('train')
  @HttpCode(202)
  @RateLimit(TRAIN_LIMIT)
  @ApiOperation({
    summary: '立即训练 / Learn from decisions now',
    description:
      'Admins. Queues the training that otherwise runs daily (RANKER_TRAIN_CRON): with enough decisions (at least 40, ' +
      '10 of each kind) it stores a new model, active only when it beats the active one on held-out needs. Follow the ' +
      'result in GET /admin/ranker/models (nothing is stored when there are too few decisions). At most 10 per ' +
      '10 minutes (429).',
  })
  @ApiAcceptedResponse({ type: TrainingAccepted })
  @ApiErrors(401, 403, 429)
  train(@CurrentUser() user: AuthUser): Promise<TrainingAccepted> {
    return this.admin.train(user.id);
  }

  @Get('decisions')
  @ApiOperation({
    summary: '可学习的审核决定 / Decisions there are to learn from',
    description: 'Admins. Review decisions on suggestions that carry their features, by kind, and the minimums.',
  })
  @ApiOkResponse({ type: DecisionCounts })
  @ApiErrors(401, 403)
  decisions(): Promise<DecisionCounts> {
    return this.admin.decisions();
  }
}
