import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiErrors } from '../../common/http/api-errors.decorator.js';
import { IdPipe } from '../../common/http/id-param.pipe.js';
import { PageQuery } from '../../common/pagination/pagination.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/auth.decorators.js';
import { ApplicationsService } from './applications.service.js';
import { AttachmentsService } from './attachments.service.js';
import {
  ApplicationList,
  ApplicationView,
  AttachmentQuery,
  AttachmentView,
  CreateApplicationDto,
  MembershipAnswerDto,
  UpdateApplicationDto,
} from './dto/application.dto.js';
import { WithdrawDto } from './dto/withdraw.dto.js';

@ApiTags('challenges 揭榜挂帅')
@ApiBearerAuth()
@Controller('challenges/:id/applications')
export class ApplicationsController {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly attachments: AttachmentsService,
  ) {}

  @Post()
  @ApiOperation({
    summary: '揭榜申请 / Apply',
    description:
      'Members of any organisation but the issuer, while the challenge is published and before its deadline (409 ' +
      'after). The caller’s organisation leads; `members` lists the organisations invited to the consortium with ' +
      'their roles: each is `invited` and told, and joins only when its own members accept (`POST ' +
      '…/applications/:appId/membership`); it is not named publicly nor bound until then. Eligibility is checked ' +
      'now: 422 whose message and `details` name each failed rule (`rule`: organization_kind (the lead and every ' +
      'invited member), district, outside, trl, team_size). An organisation is in at most one live application per ' +
      'challenge as lead or accepted member (409 naming it). The coordinators are told.',
  })
  @ApiCreatedResponse({ type: ApplicationView })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  submit(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: CreateApplicationDto,
  ): Promise<ApplicationView> {
    return this.applications.submit(user, id, dto);
  }

  @Get()
  @ApiOperation({
    summary: '申请列表 / Applications',
    description:
      'Coordinators: every application. Anyone else: only the applications their organisation is part of (lead, ' +
      'accepted member, or invited and not yet answered), withdrawn ones included; never another applicant’s. ' +
      'Oldest first, paginated (`page`, `pageSize` ≤ 100; `total`).',
  })
  @ApiOkResponse({ type: ApplicationList })
  @ApiErrors(400, 401, 404)
  list(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Query() q: PageQuery,
  ): Promise<ApplicationList> {
    return this.applications.list(user, id, q);
  }

  @Get(':appId')
  @ApiOperation({
    summary: '申请详情 / One application',
    description:
      'Coordinators, the lead and the accepted members, invited organisations (read-only, to decide), and panel ' +
      'experts without a conflict; 404 for anyone else (an organisation that declined or left too).',
  })
  @ApiOkResponse({ type: ApplicationView })
  @ApiErrors(401, 404)
  get(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Param('appId', IdPipe) appId: string,
  ): Promise<ApplicationView> {
    return this.applications.get(user, id, appId);
  }

  @Patch(':appId')
  @ApiOperation({
    summary: '修改申请 / Change an application',
    description:
      'The lead organisation’s members, until the deadline (409 after, or once withdrawn); eligibility is checked ' +
      'again (422). `version`: 409 when it has changed.',
  })
  @ApiOkResponse({ type: ApplicationView })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Param('appId', IdPipe) appId: string,
    @Body() dto: UpdateApplicationDto,
  ): Promise<ApplicationView> {
    return this.applications.update(user, id, appId, dto);
  }

  @Post(':appId/withdraw')
  @HttpCode(200)
  @ApiOperation({
    summary: '撤回申请 / Withdraw an application',
    description:
      'The lead organisation’s members, until the deadline (409 after). The organisations are then free to apply ' +
      'again, alone or in another consortium.',
  })
  @ApiOkResponse({ type: ApplicationView })
  @ApiErrors(400, 401, 403, 404, 409)
  withdraw(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Param('appId', IdPipe) appId: string,
    @Body() dto: WithdrawDto,
  ): Promise<ApplicationView> {
    return this.applications.withdraw(user, id, appId, dto.note);
  }

  @Post(':appId/membership')
  @HttpCode(200)
  @ApiOperation({
    summary: '答复联合体邀请 / Accept or decline a consortium invitation',
    description:
      'Members of an organisation the lead listed in `members` (403 for anyone else who may read the application). ' +
      '`accept: true`: invited → accepted (the organisation must be of an eligible kind, 422, and in no other live ' +
      'application as lead or accepted member, 409 naming it). `accept: false`: invited → declined, or accepted → ' +
      'declined (it leaves). Only while applications are open (published, before the deadline) and the application ' +
      'is live; otherwise 409, as for an answer already given (`details.allowed`). Invitations unanswered when ' +
      'applications close lapse (declined). Audited; the lead and the coordinators are told.',
  })
  @ApiOkResponse({ type: ApplicationView })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  respond(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Param('appId', IdPipe) appId: string,
    @Body() dto: MembershipAnswerDto,
  ): Promise<ApplicationView> {
    return this.applications.respond(user, id, appId, dto);
  }

  @Post(':appId/attachments')
  @ApiOperation({
    summary: '上传附件 / Upload a PDF attachment',
    description:
      'The lead organisation’s members, until the deadline. The body is the file itself (`Content-Type: ' +
      'application/pdf`, 415 otherwise), at most 20 MB (413), starting with `%PDF-` (400 naming body); ' +
      '`?filename=` names it; `?sha256=` (optional) is checked against what arrived (400 naming sha256). Stored ' +
      'with its SHA-256 in PostgreSQL, or in ATTACHMENTS_DIR. At most 20 per application.',
  })
  @ApiConsumes('application/pdf')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ type: AttachmentView })
  @ApiErrors(400, 401, 403, 404, 409, 413, 415)
  upload(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Param('appId', IdPipe) appId: string,
    @Query() q: AttachmentQuery,
    @Req() req: Request,
  ): Promise<AttachmentView> {
    return this.attachments.upload(user, id, appId, q, req);
  }

  @Get(':appId/attachments/:attId')
  @ApiOperation({
    summary: '下载附件 / Download an attachment',
    description:
      'Those who may read the application (coordinators, the consortium, panel experts without a conflict). The ' +
      'checksum is verified first (409 when the stored file is damaged); `X-Checksum-SHA256` carries it.',
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiErrors(401, 404, 409)
  async download(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Param('appId', IdPipe) appId: string,
    @Param('attId', IdPipe) attId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { view, bytes } = await this.attachments.download(user, id, appId, attId);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Length', String(bytes.length));
    res.setHeader('X-Checksum-SHA256', view.sha256);
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="${view.filename.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(view.filename)}`,
    );
    return new StreamableFile(bytes);
  }
}
