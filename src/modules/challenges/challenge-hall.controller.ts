import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/http/api-errors.decorator.js';
import { IdPipe } from '../../common/http/id-param.pipe.js';
import { PublicRateLimitGuard } from '../../common/rate-limit/public-rate-limit.guard.js';
import { PublicHall } from '../auth/auth.decorators.js';
import { ChallengeHallService } from './challenge-hall.service.js';
import { HallChallengeDetail, HallChallengePage, HallChallengesQuery } from './dto/hall.dto.js';

const OPEN =
  'Without sign-in while PUBLIC_HALLS is true (the default); otherwise any signed-in user. Published challenges ' +
  'and after only; drafts, source needs, applicants before the notice and contacts never appear.';

@ApiTags('hall 需求大厅与成果大厅')
@PublicHall()
@UseGuards(PublicRateLimitGuard)
@Controller('hall/challenges')
export class ChallengeHallController {
  constructor(private readonly hall: ChallengeHallService) {}

  @Get()
  @ApiOperation({
    summary: '揭榜挂帅大厅 / The challenges hall',
    description: `${OPEN} Open challenges first, newest first; filters status, sector, q.`,
  })
  @ApiOkResponse({ type: HallChallengePage })
  @ApiErrors(400, 401, 429)
  list(@Query() q: HallChallengesQuery): Promise<HallChallengePage> {
    return this.hall.list(q);
  }

  @Get(':id')
  @ApiOperation({
    summary: '榜单详情（公开）/ A public challenge',
    description:
      `${OPEN} The problem, indicators, funding, eligibility, deadline, milestones and status; in public notice ` +
      'the intended winners (lead and consortium), the last day of the notice and how to object.',
  })
  @ApiOkResponse({ type: HallChallengeDetail })
  @ApiErrors(401, 404, 429)
  get(@Param('id', IdPipe) id: string): Promise<HallChallengeDetail> {
    return this.hall.get(id);
  }
}
