import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/http/api-errors.decorator.js';
import { IdPipe } from '../../common/http/id-param.pipe.js';
import { RateLimit, type RateLimitRule } from '../../common/rate-limit/rate-limit.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, MinRole } from '../auth/auth.decorators.js';
import { RematchAccepted, RematchDto, RematchJobView } from './dto/rematch.dto.js';
import { RematchRunsService } from './rematch-runs.service.js';

const REMATCH_LIMIT: RateLimitRule = {
  name: 'rematch',
  zh: '重新匹配',
  en: 'rematches',
  limit: 20,
  windowSeconds: 600,
};

@ApiTags('matching 匹配引擎')
@ApiBearerAuth()
@MinRole('coordinator')
@Controller('matching')
export class MatchingController {
  constructor(private readonly rematches: RematchRunsService) {}

  @Post('rematch')
  @HttpCode(202)
  @RateLimit(REMATCH_LIMIT)
  @ApiOperation({
    summary: '重新匹配 / Rematch',
    description:
      'Admins and coordinators. `{scope: "all"}`, `{needIds}` or `{capabilityIds}`. The worker splits it into chunks; ' +
      'reviewed matches are kept, re-scored suggestions keep their ids. One `all` rematch at a time: while one waits or ' +
      'runs, another is refused with 409 naming it (`details.jobId`). At most 20 rematches per user in 10 minutes (429). ' +
      'Rematches run in their own queue: new and changed listings are matched meanwhile without waiting.',
  })
  @ApiAcceptedResponse({ type: RematchAccepted })
  @ApiErrors(400, 401, 403, 409, 429)
  rematch(@CurrentUser() user: AuthUser, @Body() dto: RematchDto): Promise<RematchAccepted> {
    return this.rematches.request(dto, user.id);
  }

  @Get('jobs/:id')
  @ApiOperation({ summary: '匹配任务进度 / Progress of a rematch' })
  @ApiOkResponse({ type: RematchJobView })
  @ApiErrors(401, 403, 404)
  job(@Param('id', IdPipe) id: string): Promise<RematchJobView> {
    return this.rematches.status(id);
  }
}
