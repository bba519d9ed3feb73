import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/http/api-errors.decorator.js';
import { IdPipe } from '../../common/http/id-param.pipe.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, MinRole } from '../auth/auth.decorators.js';
import { RematchAccepted, RematchDto, RematchJobView } from './dto/rematch.dto.js';
import { RematchRunsService } from './rematch-runs.service.js';

@ApiTags('matching 匹配引擎')
@ApiBearerAuth()
@MinRole('coordinator')
@Controller('matching')
export class MatchingController {
  constructor(private readonly rematches: RematchRunsService) {}

  @Post('rematch')
  @HttpCode(202)
  @ApiOperation({
    summary: '重新匹配 / Rematch',
    description:
      'Admins and coordinators. `{scope: "all"}`, `{needIds}` or `{capabilityIds}`. The worker splits it into chunks; ' +
      'reviewed matches are kept, re-scored suggestions keep their ids.',
  })
  @ApiAcceptedResponse({ type: RematchAccepted })
  @ApiErrors(400, 401, 403)
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
