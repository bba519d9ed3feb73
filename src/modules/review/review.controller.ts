import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/http/api-errors.decorator.js';
import { IdPipe } from '../../common/http/id-param.pipe.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, MinRole } from '../auth/auth.decorators.js';
import {
  HistoryList,
  ListingMatchesQuery,
  MatchCountList,
  MatchCountsQuery,
  MatchList,
  MatchPage,
  MatchQueueQuery,
  MatchView,
  NearMissList,
  NeedMatchList,
  RejectDto,
  ReviewDto,
} from './dto/review.dto.js';
import { ReviewService } from './review.service.js';
import { TransitionDto } from './dto/transition.dto.js';

@ApiTags('matches 匹配审核')
@ApiBearerAuth()
@Controller()
export class ReviewController {
  constructor(private readonly review: ReviewService) {}

  @Get('matches')
  @MinRole('coordinator')
  @ApiOperation({
    summary: '审核队列 / The review queue',
    description:
      'Coordinators. Suggestions by default, best first; filter by status, sector (with sub-sectors), district of ' +
      'either party, minimum score, confidence band (`band=high,medium`); `sort=band` puts high first, then medium, ' +
      'then low, best first within each. Each item carries its `band`. Pages by number (`page`, `pageSize`), or ' +
      'by keyset: each page gives `nextCursor`, and `cursor=` that value gives the page after it (for walking ' +
      'deep into the queue, or through it while it changes).',
  })
  @ApiOkResponse({ type: MatchPage })
  @ApiErrors(400, 401, 403)
  queue(@Query() q: MatchQueueQuery): Promise<MatchPage> {
    return this.review.queue(q);
  }

  @Get('matches/counts')
  @ApiOperation({
    summary: '匹配数量 / Match counts by status',
    description: 'For lists: how many matches each of the caller’s own needs or capabilities has (coordinators: any).',
  })
  @ApiOkResponse({ type: MatchCountList })
  @ApiErrors(400, 401)
  counts(@CurrentUser() user: AuthUser, @Query() q: MatchCountsQuery): Promise<MatchCountList> {
    return this.review.counts(user, q);
  }

  @Get('matches/:id')
  @ApiOperation({
    summary: '匹配详情 / One match',
    description: 'Coordinators; the owners of either side once approved.',
  })
  @ApiOkResponse({ type: MatchView })
  @ApiErrors(401, 404)
  get(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string): Promise<MatchView> {
    return this.review.get(user, id);
  }

  @Post('matches/:id/approve')
  @HttpCode(200)
  @MinRole('coordinator')
  @ApiOperation({
    summary: '通过 / Approve a suggestion',
    description:
      'Only a suggestion can be approved; 409 when someone else has reviewed it, or it is not in `expectedStatus`.',
  })
  @ApiOkResponse({ type: MatchView })
  @ApiErrors(400, 401, 403, 404, 409)
  approve(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string, @Body() dto: ReviewDto): Promise<MatchView> {
    return this.review.approve(user, id, dto);
  }

  @Post('matches/:id/reject')
  @HttpCode(200)
  @MinRole('coordinator')
  @ApiOperation({
    summary: '驳回 / Reject a suggestion',
    description:
      'As approve, with a `reason` (not_relevant 技术不对口, stage_mismatch 阶段不匹配, unclear_need 需求不清, ' +
      'already_cooperating 已有合作, other 其他): without one it is stored as `other`; an explicit `other` needs a ' +
      '`note` (400 naming `note`). The match then shows `rejectReason`, and its history the reason’s label. A ' +
      'rejected pairing is never suggested again.',
  })
  @ApiOkResponse({ type: MatchView })
  @ApiErrors(400, 401, 403, 404, 409)
  reject(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string, @Body() dto: RejectDto): Promise<MatchView> {
    return this.review.reject(user, id, dto);
  }

  @Post('matches/:id/transition')
  @HttpCode(200)
  @ApiOperation({
    summary: '推进对接 / Move an introduction on, or add a progress note',
    description:
      'Coordinators: introduce (approved → introduced), contracted (with `contract`), closed_no_deal (with `reason`). ' +
      'Both parties: introduced → negotiating, and progress notes (`to` = the current status, with `note`). ' +
      'Illegal steps get 409 with `details.allowed` (the allowed next states); introducing beyond the capability’s ' +
      '`maxActiveIntroductions` gets 409. Each change joins the audit trail and notifies both parties.',
  })
  @ApiOkResponse({ type: MatchView })
  @ApiErrors(400, 401, 403, 404, 409)
  transition(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: TransitionDto,
  ): Promise<MatchView> {
    return this.review.transition(user, id, dto);
  }

  @Get('matches/:id/history')
  @ApiOperation({
    summary: '状态变更记录 / The audit trail',
    description: 'Coordinators; the owners of either side once approved.',
  })
  @ApiOkResponse({ type: HistoryList })
  @ApiErrors(401, 404)
  history(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string): Promise<HistoryList> {
    return this.review.history(user, id);
  }

  @Get('needs/:id/matches')
  @ApiOperation({
    summary: '需求的匹配 / A need’s matches',
    description:
      'Best first. Coordinators: all; the need’s owner: approved and later. The counterpart’s contact shows from ' +
      'introduction on. `ranking` says where the need’s matching stands: `pending` until its current version is ' +
      'ranked, `no_suitable_match` (暂无合适匹配) when nothing cleared the relevance floor (the need is checked again ' +
      'whenever the catalogue changes; `catalogueChangedAt` says when it last did), otherwise `suggested`.',
  })
  @ApiOkResponse({ type: NeedMatchList })
  @ApiErrors(400, 401, 403, 404)
  ofNeed(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Query() q: ListingMatchesQuery,
  ): Promise<NeedMatchList> {
    return this.review.ofNeed(user, id, q);
  }

  @Get('needs/:id/near-misses')
  @ApiOperation({
    summary: '最接近的成果 / The closest near misses',
    description:
      'For a need with 暂无合适匹配: the capabilities its last ranking found closest below the relevance floor (at ' +
      'most 5), each with why it came close and why it stayed below. The need’s owner and coordinators; 404 for ' +
      'anyone else. Capabilities withdrawn or deleted since are left out.',
  })
  @ApiOkResponse({ type: NearMissList })
  @ApiErrors(401, 404)
  nearMisses(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string): Promise<NearMissList> {
    return this.review.nearMisses(user, id);
  }

  @Get('capabilities/:id/matches')
  @ApiOperation({
    summary: '成果的匹配 / A capability’s matches',
    description: 'As for needs, from the capability’s side.',
  })
  @ApiOkResponse({ type: MatchList })
  @ApiErrors(400, 401, 403, 404)
  ofCapability(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Query() q: ListingMatchesQuery,
  ): Promise<MatchList> {
    return this.review.ofCapability(user, id, q);
  }
}
