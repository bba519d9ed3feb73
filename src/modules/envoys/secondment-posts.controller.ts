import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrors } from '../../common/http/api-errors.decorator.js';
import { IdPipe } from '../../common/http/id-param.pipe.js';
import { PageQuery } from '../../common/pagination/pagination.js';
import { RateLimit, type RateLimitRule } from '../../common/rate-limit/rate-limit.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/auth.decorators.js';
import {
  CandidateList,
  CreateNominationDto,
  CreatePostDto,
  JobAccepted,
  NominationList,
  NominationView,
  PostPage,
  PostQuery,
  PostTransitionDto,
  PostView,
  SecondmentEventList,
  UpdatePostDto,
} from './dto/envoys.dto.js';
import { NominationsService } from './nominations.service.js';
import { PostCandidatesService } from './post-candidates.service.js';
import { PostsService } from './posts.service.js';

/** Each refresh ranks the post against the whole catalogue again: a person needs a few, a script would not stop. */
const REFRESH_LIMIT: RateLimitRule = {
  name: 'envoy-candidates-refresh',
  zh: '重新推荐专家',
  en: 'expert re-rankings',
  limit: 10,
  windowSeconds: 600,
};

@ApiTags('envoys 科技特派员')
@ApiBearerAuth()
@Controller('secondment-posts')
export class SecondmentPostsController {
  constructor(
    private readonly posts: PostsService,
    private readonly postCandidates: PostCandidatesService,
    private readonly nominationsService: NominationsService,
  ) {}

  @Post()
  @ApiOperation({
    summary: '发布科技特派员 / 科技副总岗位 / Create a secondment post',
    description:
      'Members of an enterprise: a draft for their own organisation (403 for other kinds). Coordinators: for the ' +
      'enterprise named by `organizationId` (400 naming it when missing or not an enterprise). `field` is a sector ' +
      '`scheme:code` (400 naming field when unknown); `termMonths` 1-36; `district` defaults to the enterprise’s. ' +
      'Open it with `POST /secondment-posts/:id/transitions {to: open}`.',
  })
  @ApiCreatedResponse({ type: PostView })
  @ApiErrors(400, 401, 403)
  create(@CurrentUser() user: AuthUser, @Body() dto: CreatePostDto): Promise<PostView> {
    return this.posts.createPost(user, dto);
  }

  @Get()
  @ApiOperation({
    summary: '岗位列表 / Secondment posts',
    description:
      'Signed-in users: every post but drafts, and their own enterprise’s drafts; coordinators: all. Filters: kind, ' +
      'field (with sub-sectors), district, status, q (words in the title, tasks or keywords). Newest first, paginated.',
  })
  @ApiOkResponse({ type: PostPage })
  @ApiErrors(400, 401)
  list(@CurrentUser() user: AuthUser, @Query() q: PostQuery): Promise<PostPage> {
    return this.posts.listPosts(user, q);
  }

  @Get(':id')
  @ApiOperation({
    summary: '岗位详情 / One post',
    description:
      'A draft: its enterprise and coordinators only (404 for others). `viewerRole` and `allowedTransitions` say what ' +
      'the caller may do; `nominations` counts all live nominations for the enterprise and coordinators, the ' +
      'caller’s own organisation’s otherwise.',
  })
  @ApiOkResponse({ type: PostView })
  @ApiErrors(401, 404)
  get(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string): Promise<PostView> {
    return this.posts.getPost(user, id);
  }

  @Patch(':id')
  @ApiOperation({
    summary: '修改岗位 / Edit a post',
    description:
      'The enterprise’s members and coordinators (others: 403; drafts of others: 404), while draft or open (409 ' +
      'after). `positions` not below the active agreements (400 naming positions); lowered to the active ' +
      'agreements, the post is `filled` at once (its unsettled nominations declined). Audited; when an open post’s ' +
      'text changes the expert ranking is queued again and the nominating organisations are told.',
  })
  @ApiOkResponse({ type: PostView })
  @ApiErrors(400, 401, 403, 404, 409)
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: UpdatePostDto,
  ): Promise<PostView> {
    return this.posts.updatePost(user, id, dto);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @ApiOperation({
    summary: '岗位状态流转 / Open or close a post',
    description:
      'The enterprise’s members and coordinators: draft → open (queues the expert ranking; the enterprise’s members ' +
      'and the coordinators are told), draft|open|filled → closed (with an optional `reason`; the nominating ' +
      'organisations are told). Closing declines the post’s unsettled nominations and terminates its draft ' +
      'agreements (reason “岗位已关闭 / the post was closed”); its active agreements continue to their end (work ' +
      'logs, evaluation) and matched nominations stay matched, without new agreements. The system’s own steps: open → ' +
      '`filled` when the active agreements reach `positions` (unsettled nominations declined: “岗位已选定 / the post ' +
      'is filled”), filled → open when an active agreement is terminated (asking for `filled`: 400 naming `to`; for ' +
      'filled → open: 409). Illegal steps: 409 with `details.allowed`.',
  })
  @ApiOkResponse({ type: PostView })
  @ApiErrors(400, 401, 403, 404, 409)
  transition(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: PostTransitionDto,
  ): Promise<PostView> {
    return this.posts.transitionPost(user, id, dto);
  }

  @Get(':id/candidates')
  @ApiOperation({
    summary: '推荐专家 / Experts ranked for the post',
    description:
      'The enterprise’s members and coordinators (others who may see the post: 403). The `expertise` capabilities the ' +
      'matching engine ranks best for the post (as a `talent` need: title, tasks, keywords, field), best first, each ' +
      'with the engine’s explanation (the same object as a match’s). When none passes the engine’s floor, the closest ' +
      'below it follow with `nearMiss: true` (接近的专家, headed by `nearMissLabel`), as a need’s near misses. ' +
      '`computedAt` null: not ranked yet.',
  })
  @ApiOkResponse({ type: CandidateList })
  @ApiErrors(401, 403, 404)
  candidates(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string): Promise<CandidateList> {
    return this.postCandidates.candidates(user, id);
  }

  @Get(':id/events')
  @ApiOperation({
    summary: '岗位记录 / The audit trail',
    description:
      'The enterprise’s members and coordinators (others who may see the post: 403; drafts of others: 404): every ' +
      'step of the post, its nominations, agreements, logs, evaluations and rankings, with its actor (null: the ' +
      'system). Oldest first, paginated (`page`, `pageSize` ≤ 100; `total`).',
  })
  @ApiOkResponse({ type: SecondmentEventList })
  @ApiErrors(400, 401, 403, 404)
  events(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Query() q: PageQuery,
  ): Promise<SecondmentEventList> {
    return this.posts.events(user, id, q);
  }

  @Post(':id/candidates/refresh')
  @HttpCode(202)
  @RateLimit(REFRESH_LIMIT)
  @ApiOperation({
    summary: '重新推荐专家 / Rank the experts again',
    description:
      'The enterprise’s members and coordinators: queues the ranking job (`envoys.rank-post`, see GET /admin/jobs); ' +
      '409 for a closed post. At most 10 per user in 10 minutes (429).',
  })
  @ApiAcceptedResponse({ type: JobAccepted })
  @ApiErrors(401, 403, 404, 409, 429)
  refresh(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string): Promise<JobAccepted> {
    return this.postCandidates.refreshCandidates(user, id);
  }

  @Post(':id/nominations')
  @ApiOperation({
    summary: '推荐专家 / Nominate an expert',
    description:
      'Members of a university, research institute or lab (others: 403) for their own organisation; coordinators ' +
      'for the one named by `organizationId`. `nomineeUserId` (an active user of that organisation) and/or ' +
      '`capabilityId` (its active `expertise` capability): at least one (400 naming the field). The post must be ' +
      'open (409). The same expert twice on one post: 409. The enterprise is told.',
  })
  @ApiCreatedResponse({ type: NominationView })
  @ApiErrors(400, 401, 403, 404, 409)
  nominate(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: CreateNominationDto,
  ): Promise<NominationView> {
    return this.nominationsService.nominate(user, id, dto);
  }

  @Get(':id/nominations')
  @ApiOperation({
    summary: '岗位的推荐 / Nominations for a post',
    description:
      'The enterprise’s members and coordinators: all. A nominating organisation: only its own. Others: an empty ' +
      'list. Each with `viewerSide` and `allowedActions` (the `to` values the caller may send).',
  })
  @ApiOkResponse({ type: NominationList })
  @ApiErrors(401, 404)
  nominations(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string): Promise<NominationList> {
    return this.nominationsService.listNominations(user, id);
  }
}
