import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiErrors } from '../../common/http/api-errors.decorator.js';
import { IdPipe } from '../../common/http/id-param.pipe.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/auth.decorators.js';
import {
  AgreementPage,
  AgreementQuery,
  AgreementTransitionDto,
  AgreementView,
  EvaluationDto,
  WorkLogDto,
  WorkLogView,
} from './dto/envoys.dto.js';
import { AgreementRecordsService } from './agreement-records.service.js';
import { AgreementsService } from './agreements.service.js';

@ApiTags('envoys 科技特派员')
@ApiBearerAuth()
@Controller('secondment-agreements')
export class SecondmentAgreementsController {
  constructor(
    private readonly agreements: AgreementsService,
    private readonly records: AgreementRecordsService,
  ) {}

  @Get()
  @ApiOperation({
    summary: '我的协议 / My agreements',
    description:
      'Members: the agreements of their organisation, as the enterprise or the nominating side; coordinators: all. ' +
      'Filter: status. Newest first, paginated (without logs).',
  })
  @ApiOkResponse({ type: AgreementPage })
  @ApiErrors(400, 401)
  list(@CurrentUser() user: AuthUser, @Query() q: AgreementQuery): Promise<AgreementPage> {
    return this.agreements.listAgreements(user, q);
  }

  @Get(':id')
  @ApiOperation({
    summary: '协议详情 / One agreement',
    description: 'Both sides and coordinators (404 for others), with its monthly logs and the evaluation.',
  })
  @ApiOkResponse({ type: AgreementView })
  @ApiErrors(401, 404)
  get(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string): Promise<AgreementView> {
    return this.agreements.getAgreement(user, id);
  }

  @Post(':id/sign')
  @HttpCode(200)
  @ApiOperation({
    summary: '签署协议 / Sign the agreement',
    description:
      'A member of the enterprise signs for it, a member of the nominating organisation for it (coordinators: 403). ' +
      'When both have signed the agreement is `active`; the post becomes `filled` when its active agreements reach ' +
      'its positions. 409 when already signed by this side, or not a draft, or the post is not open, or (the ' +
      'signature that would bring it into force) all the post’s positions are taken by active agreements.',
  })
  @ApiOkResponse({ type: AgreementView })
  @ApiErrors(401, 403, 404, 409)
  sign(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string): Promise<AgreementView> {
    return this.agreements.sign(user, id);
  }

  @Put(':id/logs/:month')
  @ApiParam({ name: 'month', example: '2027-03', description: 'YYYY-MM' })
  @ApiOperation({
    summary: '填写月度工作记录 / Write a monthly work log',
    description:
      'The envoy: the nominee user, or, when the nomination names none, a member of the nominating organisation ' +
      '(others on the agreement: 403). The agreement active, or terminated or completed after having been in force: ' +
      'then only for the months up to the one it ended in (409 after; a draft, or one terminated before it came ' +
      'into force: 409). A month of the agreement (400 naming month), not still to come (400), until the end of the ' +
      'following month (409 after). Only its author edits it. 201 when written, 200 when edited; the enterprise is ' +
      'told. `logMonths` on the agreement lists the months the caller may write now.',
  })
  @ApiCreatedResponse({ type: WorkLogView })
  @ApiOkResponse({ type: WorkLogView })
  @ApiErrors(400, 401, 403, 404, 409)
  async log(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Param('month') month: string,
    @Body() dto: WorkLogDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WorkLogView> {
    const r = await this.records.putLog(user, id, month, dto);
    res.status(r.created ? 201 : 200);
    return r.log;
  }

  @Post(':id/evaluation')
  @HttpCode(200)
  @ApiOperation({
    summary: '评价特派员 / Evaluate the secondment',
    description:
      'A member of the enterprise, once: at or after the agreement’s last day (the agreement becomes `completed`), ' +
      'or after its termination if it had come into force (both signed). Before: 409 naming `endsOn`; twice, or an ' +
      'agreement that never came into force: 409. The nominating organisation is told.',
  })
  @ApiOkResponse({ type: AgreementView })
  @ApiErrors(400, 401, 403, 404, 409)
  evaluate(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: EvaluationDto,
  ): Promise<AgreementView> {
    return this.records.evaluate(user, id, dto);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @ApiOperation({
    summary: '终止协议 / Terminate the agreement',
    description:
      'Either side or a coordinator: draft|active → terminated with a `reason` (400 without). Illegal steps: 409 ' +
      'with `details.allowed`. The other side is told. Terminating an active agreement of a `filled` post opens the ' +
      'post again (the system’s step, audited; `secondment.post_reopened` to the enterprise, the nominating ' +
      'organisations and the coordinators).',
  })
  @ApiOkResponse({ type: AgreementView })
  @ApiErrors(400, 401, 404, 409)
  transition(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: AgreementTransitionDto,
  ): Promise<AgreementView> {
    return this.agreements.transitionAgreement(user, id, dto);
  }
}
