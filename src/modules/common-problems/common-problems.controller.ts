import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/http/api-errors.decorator.js';
import { IdPipe } from '../../common/http/id-param.pipe.js';
import { PageQuery, type Page } from '../../common/pagination/pagination.js';
import { RateLimit, type RateLimitRule } from '../../common/rate-limit/rate-limit.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, MinRole } from '../auth/auth.decorators.js';
import { CommonProblemsService } from './common-problems.service.js';
import {
  CommonProblemEventPage,
  CommonProblemEventView,
  CommonProblemPage,
  CommonProblemQuery,
  CommonProblemView,
  ConfirmCommonProblemDto,
  DetectAccepted,
  DismissCommonProblemDto,
  IntroduceConsortiumDto,
  IntroductionView,
  UpdateCommonProblemDto,
  type CommonProblemSummaryView,
} from './dto/common-problem.dto.js';

const DETECT_LIMIT: RateLimitRule = {
  name: 'common-problems-detect',
  zh: '共性难题识别',
  en: 'common-problem detections',
  limit: 10,
  windowSeconds: 600,
};

@ApiTags('common-problems 共性技术难题')
@ApiBearerAuth()
@Controller('common-problems')
export class CommonProblemsController {
  constructor(private readonly problems: CommonProblemsService) {}

  @Post('detect')
  @HttpCode(202)
  @MinRole('coordinator')
  @RateLimit(DETECT_LIMIT)
  @ApiOperation({
    summary: '识别共性技术难题 / Detect common problems',
    description:
      'Coordinators and admins. Queues the clustering job (it also runs daily at 03:00 Harbin time): open needs of ' +
      'different organisations that state the same problem become candidates. Confirmed and dismissed problems are ' +
      'kept; candidates found again are refreshed, not duplicated; a cluster that adds no organisation to a dismissed ' +
      'one is not proposed again; a cluster overlapping a candidate or confirmed problem is not proposed (a need is ' +
      'in one problem at a time); a candidate no longer found is withdrawn (dismissed by the system, with its ' +
      'reason and trail). While a requested run waits or runs, a new request answers with its `jobId`. Follow the ' +
      'job at GET /admin/jobs. At most 10 per user in 10 minutes (429).',
  })
  @ApiAcceptedResponse({ type: DetectAccepted })
  @ApiErrors(401, 403, 429)
  detect(@CurrentUser() user: AuthUser): Promise<DetectAccepted> {
    return this.problems.detect(user);
  }

  @Get()
  @ApiOperation({
    summary: '共性技术难题列表 / List common problems',
    description:
      'Signed-in users. Coordinators see every status (filter with `status`); everyone else sees confirmed problems ' +
      'only (asking for another status is 403). Newest first, paginated.',
  })
  @ApiOkResponse({ type: CommonProblemPage })
  @ApiErrors(400, 401, 403)
  list(@CurrentUser() user: AuthUser, @Query() q: CommonProblemQuery): Promise<Page<CommonProblemSummaryView>> {
    return this.problems.list(user, q);
  }

  @Get(':id')
  @ApiOperation({
    summary: '共性技术难题详情 / A common problem',
    description:
      'Signed-in users; candidates and dismissed problems only to coordinators (404 otherwise). Member needs with ' +
      'organisation, district, budget and visibility (a restricted need is named only to coordinators and its own ' +
      'organisation: others see `受限需求 / restricted need`), the enterprises and districts, the shared terms, the ' +
      'capabilities that fit the members (ranked, each with matching’s explanation per member need) and the proposed ' +
      'lead enterprise with the reason.',
  })
  @ApiOkResponse({ type: CommonProblemView })
  @ApiErrors(400, 401, 404)
  get(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string): Promise<CommonProblemView> {
    return this.problems.get(user, id);
  }

  @Get(':id/events')
  @MinRole('coordinator')
  @ApiOperation({
    summary: '共性技术难题审计记录 / A common problem’s audit trail',
    description:
      'Coordinators and admins: detection, refreshes, edits, decisions and introductions, oldest first, paginated ' +
      '(`page`, `pageSize`).',
  })
  @ApiOkResponse({ type: CommonProblemEventPage })
  @ApiErrors(400, 401, 403, 404)
  events(@Param('id', IdPipe) id: string, @Query() q: PageQuery): Promise<Page<CommonProblemEventView>> {
    return this.problems.events(id, q);
  }

  @Patch(':id')
  @MinRole('coordinator')
  @ApiOperation({
    summary: '修改共性技术难题 / Edit a common problem',
    description:
      'Coordinators and admins, on candidates and confirmed problems (a dismissed one: 409). Title, summary, member ' +
      'needs (`addNeedIds`: open needs; `removeNeedIds`: members; at least two organisations must remain), ' +
      '`leadNeedId` (a member need). `expectedVersion`: 409 when it changed since read. The next detection keeps ' +
      'what a coordinator set; shared terms and fitting capabilities are worked out again by the worker.',
  })
  @ApiOkResponse({ type: CommonProblemView })
  @ApiErrors(400, 401, 403, 404, 409)
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: UpdateCommonProblemDto,
  ): Promise<CommonProblemView> {
    return this.problems.update(user, id, dto);
  }

  @Post(':id/confirm')
  @HttpCode(200)
  @MinRole('coordinator')
  @ApiOperation({
    summary: '确认共性技术难题 / Confirm a common problem',
    description:
      'Coordinators and admins; candidates only (409 with `details.allowed` otherwise) with open member needs of two ' +
      'organisations at least. `expectedVersion`: the version read (409 with `details.currentVersion` when it has ' +
      'changed). Audited; each member enterprise is told (inbox, webhooks, e-mail) and the other coordinators too.',
  })
  @ApiOkResponse({ type: CommonProblemView })
  @ApiErrors(400, 401, 403, 404, 409)
  confirm(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: ConfirmCommonProblemDto,
  ): Promise<CommonProblemView> {
    return this.problems.confirm(user, id, dto);
  }

  @Post(':id/dismiss')
  @HttpCode(200)
  @MinRole('coordinator')
  @ApiOperation({
    summary: '驳回共性技术难题 / Dismiss a common problem',
    description:
      'Coordinators and admins; a candidate or a confirmed problem, with a `reason` (409 with `details.allowed` when ' +
      'already dismissed). Audited; coordinators are told, and the member enterprises when it had been confirmed. A ' +
      'dismissed cluster is not proposed again. `expectedVersion` as for confirm. A confirmed problem a challenge was ' +
      'made from cannot be dismissed (409 with `details.challengeId`).',
  })
  @ApiOkResponse({ type: CommonProblemView })
  @ApiErrors(400, 401, 403, 404, 409)
  dismiss(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: DismissCommonProblemDto,
  ): Promise<CommonProblemView> {
    return this.problems.dismiss(user, id, dto);
  }

  @Post(':id/introductions')
  @MinRole('coordinator')
  @ApiOperation({
    summary: '引荐联合体 / Introduce a consortium',
    description:
      'Coordinators and admins; confirmed problems only (409 otherwise). Introduces the member enterprises to the ' +
      'owners of `capabilityIds` (active capabilities, 1–10): recorded, audited, and every party told.',
  })
  @ApiOkResponse({ type: IntroductionView })
  @ApiErrors(400, 401, 403, 404, 409)
  introduce(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: IntroduceConsortiumDto,
  ): Promise<IntroductionView> {
    return this.problems.introduce(user, id, dto);
  }
}
