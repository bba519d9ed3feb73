import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/http/api-errors.decorator.js';
import { MinRole } from '../auth/auth.decorators.js';
import { EnvoyStats, EnvoyStatsQuery } from './dto/envoys.dto.js';
import { EnvoyStatsService } from './envoy-stats.service.js';

@ApiTags('envoys 科技特派员')
@ApiBearerAuth()
@Controller('stats')
export class EnvoyStatsController {
  constructor(private readonly envoyStats: EnvoyStatsService) {}

  @Get('envoys')
  @MinRole('coordinator')
  @ApiOperation({
    summary: '科技特派员统计 / Science envoy statistics',
    description:
      'Coordinators. Posts, nominations and agreements by status, evaluations (count, average rating, would renew), ' +
      'and per field (sector, with its name) and per district: posts (not drafts), open posts, nominations, matched, ' +
      'active and completed agreements, average rating. `from`/`to` (Harbin dates, inclusive, each optional): only ' +
      'the posts created in the range, with their nominations, agreements and evaluations (400 naming from when ' +
      'from is after to).',
  })
  @ApiOkResponse({ type: EnvoyStats })
  @ApiErrors(400, 401, 403)
  stats(@Query() q: EnvoyStatsQuery): Promise<EnvoyStats> {
    return this.envoyStats.stats(q);
  }
}
