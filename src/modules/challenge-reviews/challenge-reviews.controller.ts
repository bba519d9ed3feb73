import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/http/api-errors.decorator.js';
import { IdPipe } from '../../common/http/id-param.pipe.js';
import { RateLimit, type RateLimitRule } from '../../common/rate-limit/rate-limit.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, MinRole } from '../auth/auth.decorators.js';
import {
  AcceptDto,
  ApplicationStatusList,
  AssignmentList,
  AssignmentQuery,
  AwardDto,
  AwardView,
  ConflictDto,
  DeliverDto,
  LedgerView,
  MilestoneList,
  AwardMilestoneView,
  NoticeDto,
  NoticeView,
  ObjectionDto,
  ObjectionList,
  ObjectionView,
  PanelDto,
  PanelView,
  RankingView,
  ResolveObjectionDto,
  ReturnDto,
  ReviewSheetDto,
  ReviewView,
  ShortlistDto,
} from './dto/challenge-reviews.dto.js';
import { AwardsService } from './awards.service.js';
import { ReviewsService } from './reviews.service.js';

/** Each objection notifies every coordinator and blocks the award: one user files at most this many an hour. */
export const OBJECTION_LIMIT: RateLimitRule = {
  name: 'challenge-objections',
  zh: '提出异议',
  en: 'objections',
  limit: 10,
  windowSeconds: 3600,
};

const STEP_409 =
  '409 when the challenge is not in the status the step needs (`details.currentStatus`, and `details.allowed` for a ' +
  'status change), with the message in Chinese and English.';

@ApiTags('challenges 揭榜挂帅：评审、公示、授榜、验收')
@ApiBearerAuth()
@Controller()
export class ChallengeReviewsController {
  constructor(
    private readonly reviews: ReviewsService,
    private readonly awards: AwardsService,
  ) {}

  // ── Panel ──────────────────────────────────────────────────────────────────────────────────────────────────

  @Get('challenges/:id/panel')
  @ApiOperation({
    summary: '评审组 / The review panel',
    description:
      'Coordinators (with each expert’s progress: sheets submitted, expected, applications excluded from) and the ' +
      'panel’s own experts (names only); 403 for anyone else.',
  })
  @ApiOkResponse({ type: PanelView })
  @ApiErrors(401, 403, 404)
  panel(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string): Promise<PanelView> {
    return this.reviews.panel(user, id);
  }

  @Put('challenges/:id/panel')
  @MinRole('coordinator')
  @ApiOperation({
    summary: '设置评审组 / Set the review panel',
    description:
      'Coordinators, until the notice (draft to reviewing). Replaces the panel with `userIds`: experts only (users ' +
      'flagged `expert` through PATCH /users/:id; 400 naming each one who is not, or is disabled), and never ' +
      'coordinators or admins, who run the process and see the ranking (400: 协调员不能担任评审专家). An expert who ' +
      'has submitted a sheet cannot be removed (409). Experts are excluded (回避) at once from each application ' +
      'whose consortium includes their own organisation (the lead, or a member that accepted; recorded as ' +
      '`same_organization` conflicts, and checked live for later applications), not from the whole challenge; they ' +
      'read no application before the challenge is in review. The added and removed experts and the coordinators ' +
      'are notified; a `panel` audit row.',
  })
  @ApiOkResponse({ type: PanelView })
  @ApiErrors(400, 401, 403, 404, 409)
  setPanel(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string, @Body() dto: PanelDto): Promise<PanelView> {
    return this.reviews.setPanel(user, id, dto);
  }

  @Post('challenges/:id/applications/:appId/conflict')
  @HttpCode(204)
  @ApiOperation({
    summary: '申报利益冲突 / Declare a conflict of interest',
    description:
      'A panel expert, until the notice, for an application they have not submitted a sheet on: from then on they ' +
      'neither see nor score it (403 with the reason), and a draft sheet is discarded. 403 for anyone not on the ' +
      'panel; coordinators are told.',
  })
  @ApiErrors(400, 401, 403, 404, 409)
  async conflict(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Param('appId', IdPipe) appId: string,
    @Body() dto: ConflictDto,
  ): Promise<void> {
    await this.reviews.declareConflict(user, id, appId, dto);
  }

  // ── Reviews ────────────────────────────────────────────────────────────────────────────────────────────────

  @Get('reviews')
  @ApiOperation({
    summary: '我的评审 / My review assignments',
    description:
      'Any signed-in user (empty for those on no panel): every live application of every challenge whose panel the ' +
      'caller sits on, with its state (`todo`, `draft`, `submitted`, `excluded` with the reason; an excluded ' +
      'application shows no title or applicant) and the caller’s own weighted total. Never another reviewer’s scores. ' +
      'Before the challenge is in review (applications still open) no application shows its title or applicant.',
  })
  @ApiOkResponse({ type: AssignmentList })
  @ApiErrors(400, 401)
  myReviews(@CurrentUser() user: AuthUser, @Query() q: AssignmentQuery): Promise<AssignmentList> {
    return this.reviews.myAssignments(user, q);
  }

  @Get('challenges/:id/applications/:appId/review')
  @ApiOperation({
    summary: '评审一项申请 / Review an application',
    description:
      'Panel experts not excluded from it (403 with the reason otherwise; 403 for anyone not on the panel), from ' +
      '`reviewing` on (409 with `details.currentStatus` while applications are open: the panel may be formed ' +
      'earlier but reads no proposal before): the proposal (approach, team, budget, plan, consortium, attachments), ' +
      'the criteria with the challenge’s weights, my sheet, and `others` — the other reviewers’ submitted sheets — ' +
      'which stays null until mine is submitted. The same applies to reading the application and its attachments ' +
      'through the challenges routes. Coordinators (never on a panel): the proposal and every submitted sheet with ' +
      'its comments (`mine` null).',
  })
  @ApiOkResponse({ type: ReviewView })
  @ApiErrors(401, 403, 404, 409)
  review(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Param('appId', IdPipe) appId: string,
  ): Promise<ReviewView> {
    return this.reviews.review(user, id, appId);
  }

  @Put('challenges/:id/applications/:appId/review')
  @ApiOperation({
    summary: '评分 / Score an application',
    description:
      'Panel experts not excluded from it, only while the challenge is `reviewing` (409 otherwise). `scores` per ' +
      'criterion 1–5 with a comment; a draft may be partial; with `submit: true` every weighted criterion needs a ' +
      'score and a comment (400 naming each missing `scores.<criterion>`), and the sheet becomes final (409 on any ' +
      'later change). The weighted total is Σ score × weight / Σ weights. Coordinators are told of each submission.',
  })
  @ApiOkResponse({ type: ReviewView })
  @ApiErrors(400, 401, 403, 404, 409)
  score(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Param('appId', IdPipe) appId: string,
    @Body() dto: ReviewSheetDto,
  ): Promise<ReviewView> {
    return this.reviews.saveReview(user, id, appId, dto);
  }

  @Get('challenges/:id/ranking')
  @MinRole('coordinator')
  @ApiOperation({
    summary: '评审排名 / The weighted ranking',
    description:
      'Coordinators. Live applications by the mean of the submitted weighted totals (1–5), best first; unscored ' +
      'last; ties by the smaller spread. Each with the spread (min, max, population standard deviation), sheets ' +
      'submitted / expected (panel experts not excluded), and each reviewer’s weighted total by name (or why they ' +
      'are excluded).',
  })
  @ApiOkResponse({ type: RankingView })
  @ApiErrors(401, 403, 404)
  ranking(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string): Promise<RankingView> {
    return this.reviews.ranking(user, id);
  }

  @Post('challenges/:id/shortlist')
  @HttpCode(200)
  @MinRole('coordinator')
  @ApiOperation({
    summary: '确定入围名单 / Shortlist',
    description:
      `Coordinators, while reviewing: the listed applications become \`shortlisted\`, every other live one ` +
      `\`not_shortlisted\` (may be repeated). 400 naming an id that is not a live application of the challenge. ` +
      `Each applicant is told its own result; the issuer, the panel and coordinators the shortlist. ${STEP_409}`,
  })
  @ApiOkResponse({ type: ApplicationStatusList })
  @ApiErrors(400, 401, 403, 404, 409)
  shortlist(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: ShortlistDto,
  ): Promise<ApplicationStatusList> {
    return this.reviews.shortlist(user, id, dto);
  }

  // ── Notice and objections ──────────────────────────────────────────────────────────────────────────────────

  @Get('challenges/:id/notice')
  @ApiOperation({
    summary: '公示 / The public notice',
    description:
      'Anyone who may see the challenge: while in `notice`, the intended winners (lead organisation, consortium) and ' +
      'the last day of the notice (`noticeEndsOn`, Harbin); `workingDays` is NOTICE_WORKING_DAYS.',
  })
  @ApiOkResponse({ type: NoticeView })
  @ApiErrors(401, 404)
  notice(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string): Promise<NoticeView> {
    return this.awards.notice(user, id);
  }

  @Post('challenges/:id/notice')
  @HttpCode(200)
  @MinRole('coordinator')
  @ApiOperation({
    summary: '公示拟揭榜名单 / Publish the intended winners',
    description:
      'Coordinators: reviewing → notice. `winnerApplicationIds` become `intended_winner` (from the shortlist when ' +
      'there is one; more than one only when the challenge has `multipleWinners`, at most `maxWinners`: 400 naming ' +
      'the field). The notice runs for NOTICE_WORKING_DAYS working days (default 5; Saturdays and Sundays skipped, ' +
      'public holidays not known) after today in Harbin: `noticeEndsOn` is its last day. Everyone is told: the ' +
      `issuer, every applicant, the panel, coordinators. ${STEP_409}`,
  })
  @ApiOkResponse({ type: NoticeView })
  @ApiErrors(400, 401, 403, 404, 409)
  startNotice(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: NoticeDto,
  ): Promise<NoticeView> {
    return this.awards.startNotice(user, id, dto);
  }

  @Post('challenges/:id/objections')
  @RateLimit(OBJECTION_LIMIT)
  @ApiOperation({
    summary: '提出异议 / File an objection',
    description:
      'Any signed-in user, while the challenge is in `notice` up to and including `noticeEndsOn` (409 otherwise), ' +
      'with a reason, optionally against one intended winner (`applicationId`, 400 if it is not one). One open ' +
      'objection per user and target (the application, or the notice as a whole): another while it is open is 409 ' +
      'with `details.openObjectionId`. At most 10 objections per user an hour (429 with Retry-After). Coordinators ' +
      'are told; each objection must be resolved before the award.',
  })
  @ApiOkResponse({ type: ObjectionView })
  @ApiErrors(400, 401, 404, 409, 429)
  object(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: ObjectionDto,
  ): Promise<ObjectionView> {
    return this.awards.object(user, id, dto);
  }

  @Get('challenges/:id/objections')
  @ApiOperation({
    summary: '异议列表 / Objections',
    description: 'Coordinators: all, with who filed them; anyone else: the objections they filed themselves.',
  })
  @ApiOkResponse({ type: ObjectionList })
  @ApiErrors(401, 404)
  objections(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string): Promise<ObjectionList> {
    return this.awards.objections(user, id);
  }

  @Post('challenges/:id/objections/:oid/resolve')
  @HttpCode(200)
  @MinRole('coordinator')
  @ApiOperation({
    summary: '处理异议 / Resolve an objection',
    description:
      'Coordinators, in `notice` (or `reviewing` after an upheld one): `outcome` upheld or dismissed with a ' +
      '`resolution`; 409 if already resolved. With upheld and `backToReview: true` the challenge goes back to ' +
      '`reviewing` (notice → reviewing): the notice is withdrawn and each intended winner gets back the status it had ' +
      'before the notice (shortlisted only if it was), so another winner can be chosen. ' +
      'The filer, the issuer, the objected-to applicant and coordinators are told.',
  })
  @ApiOkResponse({ type: ObjectionView })
  @ApiErrors(400, 401, 403, 404, 409)
  resolve(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Param('oid', IdPipe) oid: string,
    @Body() dto: ResolveObjectionDto,
  ): Promise<ObjectionView> {
    return this.awards.resolve(user, id, oid, dto);
  }

  // ── Award ──────────────────────────────────────────────────────────────────────────────────────────────────

  @Post('challenges/:id/award')
  @HttpCode(200)
  @MinRole('coordinator')
  @ApiOperation({
    summary: '授榜并登记三方协议 / Award, with the three-party agreement',
    description:
      'Coordinators: notice → awarded, only once the notice has ended (today in Harbin after `noticeEndsOn`; 409 ' +
      'with `details.noticeEndsOn`) and every objection is resolved (409 naming the open ones in ' +
      '`details.openObjections`). `split` covers exactly the intended winners and sums to the funding total (400 ' +
      'naming `split`); the agreement (issuer, bureau and a signatory per winner, terms, `signedOn` not in the future) ' +
      'is recorded. Each winner’s milestones get amount × share in whole yuan (the last takes the remainder), and the ' +
      'ledger a commitment per winner. Winners become `winner`, the others `not_selected`; everyone is told.',
  })
  @ApiOkResponse({ type: AwardView })
  @ApiErrors(400, 401, 403, 404, 409)
  award(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string, @Body() dto: AwardDto): Promise<AwardView> {
    return this.awards.award(user, id, dto);
  }

  @Get('challenges/:id/award')
  @ApiOperation({
    summary: '授榜信息 / The award',
    description: 'Coordinators, the issuer’s members and the winners’ organisations: the agreement and the split.',
  })
  @ApiOkResponse({ type: AwardView })
  @ApiErrors(401, 403, 404)
  awardView(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string): Promise<AwardView> {
    return this.awards.awardView(user, id);
  }

  // ── Milestones and ledger ──────────────────────────────────────────────────────────────────────────────────

  @Get('challenges/:id/milestones')
  @ApiOperation({
    summary: '验收节点 / Milestones',
    description:
      'Coordinators and the issuer’s members: every winner’s milestones; a winner’s organisations: their own. Each ' +
      'with its amount, status, report, both acceptances, the last return reason, and whether it was released.',
  })
  @ApiOkResponse({ type: MilestoneList })
  @ApiErrors(401, 403, 404)
  milestones(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string): Promise<MilestoneList> {
    return this.awards.milestones(user, id);
  }

  @Post('challenges/:id/milestones/:mid/deliver')
  @HttpCode(200)
  @ApiOperation({
    summary: '提交验收 / Deliver a milestone',
    description:
      'Members of the winner’s lead organisation, while `awarded`: open or returned → delivered, with a report. ' +
      '409 with `details.allowed` from another status; the issuer and coordinators are told.',
  })
  @ApiOkResponse({ type: AwardMilestoneView })
  @ApiErrors(400, 401, 403, 404, 409)
  deliver(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Param('mid', IdPipe) mid: string,
    @Body() dto: DeliverDto,
  ): Promise<AwardMilestoneView> {
    return this.awards.deliver(user, id, mid, dto);
  }

  @Post('challenges/:id/milestones/:mid/accept')
  @HttpCode(200)
  @ApiOperation({
    summary: '验收 / Accept a milestone',
    description:
      'The issuer’s members and coordinators, a delivered milestone: both sides must accept (409 when the caller’s ' +
      'side already has), and by two different people: the issuer side is signed by a member of the issuing ' +
      'organisation, the coordinator side by a coordinator, and whoever signed one side never signs the other (409 ' +
      'with `details.signedAs`). A coordinator who is also a member of the issuing organisation signs the ' +
      'coordinator side by default, or the side named in `side`. The second acceptance makes it `accepted` and ' +
      'releases its amount into the ledger (never above the winner’s commitment nor the funding, checked under the ' +
      'challenge’s row lock and again by the database); when every milestone is accepted the challenge is ' +
      '`completed`. A milestone `closed` because the challenge failed: 409.',
  })
  @ApiOkResponse({ type: AwardMilestoneView })
  @ApiErrors(400, 401, 403, 404, 409)
  accept(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Param('mid', IdPipe) mid: string,
    @Body() dto: AcceptDto,
  ): Promise<AwardMilestoneView> {
    return this.awards.accept(user, id, mid, dto);
  }

  @Post('challenges/:id/milestones/:mid/return')
  @HttpCode(200)
  @ApiOperation({
    summary: '退回 / Return a milestone',
    description:
      'The issuer’s members or coordinators, a delivered milestone: → returned with the reasons (any acceptance so ' +
      'far is cleared); the winner delivers again. 409 from another status.',
  })
  @ApiOkResponse({ type: AwardMilestoneView })
  @ApiErrors(400, 401, 403, 404, 409)
  returnMilestone(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Param('mid', IdPipe) mid: string,
    @Body() dto: ReturnDto,
  ): Promise<AwardMilestoneView> {
    return this.awards.returnMilestone(user, id, mid, dto);
  }

  @Get('challenges/:id/ledger')
  @ApiOperation({
    summary: '资金台账 / The funding ledger',
    description:
      'Coordinators and the issuer’s members: every entry; a winner’s organisations: their own. Append-only entries ' +
      '(a commitment per winner at the award, a release per accepted milestone, and when the challenge fails after ' +
      'the award a cancellation per winner of what was committed and not released; whole yuan) and their totals: ' +
      'outstanding = committed − released − cancelled.',
  })
  @ApiOkResponse({ type: LedgerView })
  @ApiErrors(401, 403, 404)
  ledger(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string): Promise<LedgerView> {
    return this.awards.ledgerView(user, id);
  }
}
