import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/http/api-errors.decorator.js';
import { IdPipe } from '../../common/http/id-param.pipe.js';
import { PageQuery } from '../../common/pagination/pagination.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, MinRole } from '../auth/auth.decorators.js';
import { ChallengesService } from './challenges.service.js';
import {
  ChallengeEventList,
  ChallengePage,
  ChallengeQuery,
  ChallengeTransitionDto,
  ChallengeView,
  CreateChallengeDto,
  InvitationList,
  UpdateChallengeDto,
} from './dto/challenge.dto.js';

@ApiTags('challenges 揭榜挂帅')
@ApiBearerAuth()
@Controller('challenges')
export class ChallengesController {
  constructor(private readonly challenges: ChallengesService) {}

  @Post()
  @ApiOperation({
    summary: '发榜 / Post a challenge',
    description:
      'Coordinators: a draft, or published at once with `publish: true`, from `sourceNeedId` (any need), ' +
      '`commonProblemId` (a confirmed common problem) or free text. The issuer must be an enterprise (发榜企业): ' +
      "`issuerOrganizationId`, else the source need's organisation, else the common problem's lead (only when its " +
      'lead need is public); 400 naming issuerOrganizationId when none is given or it is not an enterprise (never ' +
      "the coordinator's own organisation). Members of an enterprise: a draft for their own " +
      'organisation (then `POST /challenges/:id/transitions {to: pending_approval}`). Title and problem default to ' +
      "the source's, except for a restricted need (write them for the public). 400 names each field: at least one " +
      'indicator; funding sources summing to the total; milestone shares summing to 100, each due after the ' +
      'deadline and in date order; a future deadline; maxWinners ≥ 2 only with multipleWinners; weights summing to 100.',
  })
  @ApiCreatedResponse({ type: ChallengeView })
  @ApiErrors(400, 401, 403)
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateChallengeDto): Promise<ChallengeView> {
    return this.challenges.create(user, dto);
  }

  @Get()
  @ApiOperation({
    summary: '榜单列表 / Challenges',
    description:
      'Signed-in users: the public statuses (published and after; a failed challenge only if it had been ' +
      'published) and their own organisation’s drafts; ' +
      'coordinators: all. Filters: status, sector (with sub-sectors), q (words in the title or problem). Newest first.',
  })
  @ApiOkResponse({ type: ChallengePage })
  @ApiErrors(400, 401)
  list(@CurrentUser() user: AuthUser, @Query() q: ChallengeQuery): Promise<ChallengePage> {
    return this.challenges.list(user, q);
  }

  @Get(':id')
  @ApiOperation({
    summary: '榜单详情 / One challenge',
    description:
      'Drafts, challenges awaiting approval, and challenges closed as failed before publication: their issuer and ' +
      'coordinators only (404 for others). `sourceNeed` is ' +
      'shown to coordinators and the issuer, to others only when the need is public. `viewerRole` and ' +
      '`allowedTransitions` say what the caller may do.',
  })
  @ApiOkResponse({ type: ChallengeView })
  @ApiErrors(401, 404)
  get(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string): Promise<ChallengeView> {
    return this.challenges.get(user, id);
  }

  @Patch(':id')
  @ApiOperation({
    summary: '修改榜单 / Edit a challenge',
    description:
      'Draft: the issuer’s members or coordinators, every field. Pending approval: coordinators only (the issuer ' +
      'gets 409 telling it to take the challenge back to draft first). Published: coordinators only, the texts ' +
      '(title, problem, ipTerms, keywords), a later deadline, and the milestones’ dates (send `milestones` with ' +
      'the same titles and shares: 409 naming milestones otherwise), checked together with the deadline (each due ' +
      'after it, in date order: 400 naming milestones[i].dueOn); 409 naming other fields. Under review ' +
      'and after: coordinators, the texts. Every change is in the audit trail; after publication the issuer and the ' +
      'applicants are told. `version`: 409 when it has changed.',
  })
  @ApiOkResponse({ type: ChallengeView })
  @ApiErrors(400, 401, 403, 404, 409)
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: UpdateChallengeDto,
  ): Promise<ChallengeView> {
    return this.challenges.update(user, id, dto);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @ApiOperation({
    summary: '榜单状态流转 / Move a challenge on',
    description:
      'The issuer: draft → pending_approval, and back. Coordinators: pending_approval → draft (returned, with a ' +
      'note), → published (the best capability owners are then invited by a job), published → reviewing (closes ' +
      'applications; before the deadline only with `force` and a note), → failed (with `reason`). Illegal steps: ' +
      '409 with `details.allowed`; notice and awarded have their own routes, and notice → reviewing goes through an ' +
      'upheld objection (400 naming `to`). Every step is audited and notified to the issuer, the applicants or the ' +
      'coordinators as it concerns them. Moving to reviewing lapses the consortium invitations still unanswered ' +
      '(declined, audited, told). `expectedStatus` / `expectedVersion`: 409 when the challenge has changed.',
  })
  @ApiOkResponse({ type: ChallengeView })
  @ApiErrors(400, 401, 403, 404, 409)
  transition(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: ChallengeTransitionDto,
  ): Promise<ChallengeView> {
    return this.challenges.transition(user, id, dto);
  }

  @Get(':id/events')
  @ApiOperation({
    summary: '榜单记录 / The audit trail',
    description:
      'Coordinators: every step (status, edits, applications, attachments, invitations, review, award, ledger). The ' +
      'issuer: status changes, edits, award, milestones and ledger, without data or applicants. Others: 403. ' +
      'Oldest first, paginated (`page`, `pageSize` ≤ 100; `total`).',
  })
  @ApiOkResponse({ type: ChallengeEventList })
  @ApiErrors(400, 401, 403, 404)
  events(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Query() q: PageQuery,
  ): Promise<ChallengeEventList> {
    return this.challenges.events(user, id, q);
  }

  @Get(':id/invitations')
  @MinRole('coordinator')
  @ApiOperation({
    summary: '揭榜邀请 / Invitations sent at publication',
    description:
      'Coordinators. The capability owners the matching engine ranked best for the challenge (at most 10, above ' +
      'the suggestion floor, eligible by kind and location), each told why in the engine’s words. `state` pending ' +
      'until the worker has run the job.',
  })
  @ApiOkResponse({ type: InvitationList })
  @ApiErrors(401, 403, 404)
  invitations(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string): Promise<InvitationList> {
    return this.challenges.invitations(user, id);
  }
}
