import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiErrors } from '../../common/http/api-errors.decorator.js';
import { IdPipe } from '../../common/http/id-param.pipe.js';
import { PageQuery } from '../../common/pagination/pagination.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, MinRole } from '../auth/auth.decorators.js';
import { ServiceRecordPage } from '../instruments/dto/service-record.dto.js';
import { ClaimsService } from './claims.service.js';
import {
  ApplyQuotaDto,
  ClaimDto,
  ClaimPage,
  ClaimPreviewView,
  ClaimQuery,
  ClaimView,
  CreateProgrammeDto,
  SettlementExportQuery,
  ProviderFlagDto,
  VoucherLedgerPage,
  ProgrammePage,
  ProgrammeQuery,
  ProgrammeTransitionDto,
  ProgrammeView,
  VoucherProviderList,
  VoucherProviderView,
  QuotaPage,
  QuotaQuery,
  QuotaTransitionDto,
  QuotaView,
  SettlementDto,
  SettlementPage,
  SettlementQuery,
  SettlementView,
  VoucherStatsQuery,
  UpdateProgrammeDto,
  VoucherStatsView,
} from './dto/vouchers.dto.js';
import { ProgrammesService } from './programmes.service.js';
import { SettlementsService } from './settlements.service.js';

const SPLIT_RULE =
  'Split rule: each reimbursing body pays percent = basePercent + harbinBonusPercent (provider district ≠ outside) + ' +
  'sameDistrictBonusPercent (provider district = enterprise district), and amount = floor(serviceAmount × percent / ' +
  '100) in whole yuan — rounded DOWN per body, so the public purse never pays a fraction over its rule ' +
  '(12,345 yuan at 60/30/10 % → 7,407 + 3,703 + 1,234 = 12,344). 按主体向下取整到元。';

@ApiTags('vouchers 创新券')
@ApiBearerAuth()
@Controller('voucher-programmes')
export class VoucherProgrammesController {
  constructor(
    private readonly programmes: ProgrammesService,
    private readonly claims: ClaimsService,
    private readonly settlements: SettlementsService,
  ) {}

  @Post()
  @MinRole('coordinator')
  @ApiOperation({
    summary: '创建创新券计划 / Create a voucher programme',
    description:
      'Coordinators. A draft. `issuerDistrict` iff `issuerLevel` = district. `shares`: the reimbursing bodies; for ' +
      'every combination of bonuses the total percent must be ≤ 100 (400 naming `shares`). `capPerEnterpriseYuan`: ' +
      'per enterprise, per calendar year of the service date, within this programme. Money in whole yuan. ' +
      SPLIT_RULE,
  })
  @ApiCreatedResponse({ type: ProgrammeView })
  @ApiErrors(400, 401, 403)
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateProgrammeDto): Promise<ProgrammeView> {
    return this.programmes.create(user, dto);
  }

  @Get()
  @ApiOperation({
    summary: '创新券计划列表 / Voucher programmes',
    description:
      'Signed-in users: open programmes. Coordinators: all (filter `status`). Newest period first, paginated.',
  })
  @ApiOkResponse({ type: ProgrammePage })
  @ApiErrors(400, 401)
  list(@CurrentUser() user: AuthUser, @Query() q: ProgrammeQuery): Promise<ProgrammePage> {
    return this.programmes.list(user, q);
  }

  @Get(':id')
  @ApiOperation({
    summary: '创新券计划详情 / One voucher programme',
    description:
      'With the budget used (claims booked) and remaining. Drafts: coordinators only (404 for others). ' + SPLIT_RULE,
  })
  @ApiOkResponse({ type: ProgrammeView })
  @ApiErrors(401, 404)
  get(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string): Promise<ProgrammeView> {
    return this.programmes.get(user, id);
  }

  @Patch(':id')
  @MinRole('coordinator')
  @ApiOperation({
    summary: '修改创新券计划 / Edit a voucher programme',
    description:
      'Coordinators. Draft: every field. Open: `name`, a later `periodEnd`, a larger `budgetYuan` (400 naming the ' +
      'field when smaller/earlier; 409 naming any other field). Closed: 409. Audited.',
  })
  @ApiOkResponse({ type: ProgrammeView })
  @ApiErrors(400, 401, 403, 404, 409)
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: UpdateProgrammeDto,
  ): Promise<ProgrammeView> {
    return this.programmes.update(user, id, dto);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @MinRole('coordinator')
  @ApiOperation({
    summary: '创新券计划状态流转 / Open or close a programme',
    description:
      'Coordinators. draft → open | closed; open → closed. Illegal steps: 409 `不能从 “X” 转到 “Y”` with ' +
      '`details.allowed`. Audited; enterprises holding quotas and coordinators are notified (`voucher.programme_*`).',
  })
  @ApiOkResponse({ type: ProgrammeView })
  @ApiErrors(400, 401, 403, 404, 409)
  transition(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: ProgrammeTransitionDto,
  ): Promise<ProgrammeView> {
    return this.programmes.transition(user, id, dto);
  }

  @Post(':id/quotas')
  @ApiOperation({
    summary: '申请创新券额度 / Apply for a quota',
    description:
      'Members of an enterprise (403 for others), for their own organisation, in an open programme (409 otherwise). ' +
      '`category` must be eligible (400), `requestedYuan` ≤ the per-enterprise cap (400). One live (requested or ' +
      'approved) quota per enterprise and programme: 409 naming the existing one. Coordinators are notified.',
  })
  @ApiCreatedResponse({ type: QuotaView })
  @ApiErrors(400, 401, 403, 404, 409)
  apply(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: ApplyQuotaDto,
  ): Promise<QuotaView> {
    return this.programmes.apply(user, id, dto);
  }

  @Get(':id/ledger')
  @MinRole('coordinator')
  @ApiOperation({
    summary: '创新券台账 / The programme’s ledger',
    description:
      'Coordinators. The append-only double-entry ledger, oldest first, paginated, each row with the running balance ' +
      '(Σdebit − Σcredit) of its account (account + accountRef), and totals per account. Convention: money moves ' +
      'from the credited to the debited account. A claim books per body programme_budget → enterprise_quota → ' +
      'provider_payable; a settlement provider_payable → paid. So programme_budget’s balance is −(budget used), ' +
      'enterprise_quota nets to 0 (its credits are the quota used), provider_payable is what is owed, paid what was settled.',
  })
  @ApiOkResponse({ type: VoucherLedgerPage })
  @ApiErrors(400, 401, 403, 404)
  ledger(@Param('id', IdPipe) id: string, @Query() q: PageQuery): Promise<VoucherLedgerPage> {
    return this.claims.ledger(id, q);
  }

  @Get(':id/providers')
  @MinRole('coordinator')
  @ApiOperation({
    summary: '服务机构后补助参考 / Providers for post-subsidy (后补助)',
    description:
      'Coordinators. Per provider organisation: service records served within the programme period (all, paid, ' +
      'paid amount), claims and reimbursement in this programme, average rating and count, `suggested` (≥ 5 paid ' +
      'records and average rating ≥ 4.5) and the coordinators’ flag. Suggested first.',
  })
  @ApiOkResponse({ type: VoucherProviderList })
  @ApiErrors(401, 403, 404)
  providers(@Param('id', IdPipe) id: string): Promise<VoucherProviderList> {
    return this.settlements.providers(id);
  }

  @Put(':id/providers/:orgId/flag')
  @MinRole('coordinator')
  @ApiOperation({
    summary: '标记后补助 / Flag a provider for post-subsidy',
    description: 'Coordinators. Sets or clears the flag with a note; audited (subject `flag`), coordinators notified.',
  })
  @ApiOkResponse({ type: VoucherProviderView })
  @ApiErrors(400, 401, 403, 404)
  flag(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Param('orgId', IdPipe) orgId: string,
    @Body() dto: ProviderFlagDto,
  ): Promise<VoucherProviderView> {
    return this.settlements.flag(user, id, orgId, dto);
  }
}

@ApiTags('vouchers 创新券')
@ApiBearerAuth()
@Controller('voucher-quotas')
export class VoucherQuotasController {
  constructor(private readonly programmes: ProgrammesService) {}

  @Get()
  @ApiOperation({
    summary: '创新券额度列表 / Voucher quotas',
    description:
      'Members: their own organisation’s quotas. Coordinators: all. Filters programmeId, status. Each with ' +
      'usedYuan / remainingYuan and the caller’s allowedTransitions. Newest first, paginated.',
  })
  @ApiOkResponse({ type: QuotaPage })
  @ApiErrors(400, 401)
  list(@CurrentUser() user: AuthUser, @Query() q: QuotaQuery): Promise<QuotaPage> {
    return this.programmes.quotas(user, q);
  }

  @Get(':id')
  @ApiOperation({
    summary: '创新券额度详情 / One quota',
    description: 'The enterprise’s members and coordinators; 404 for others.',
  })
  @ApiOkResponse({ type: QuotaView })
  @ApiErrors(401, 404)
  get(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string): Promise<QuotaView> {
    return this.programmes.quota(user, id);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @ApiOperation({
    summary: '审核或撤回额度 / Approve, reject or withdraw a quota',
    description:
      'requested → approved (coordinators; `approvedYuan` default the requested amount, ≤ the per-enterprise cap: ' +
      '400 naming approvedYuan; the programme must be open) | rejected (coordinators, `reason`) | withdrawn (the ' +
      'enterprise’s members or coordinators). Others: 404 (not theirs) / 403. Illegal steps: 409 with ' +
      '`details.allowed`. Audited and notified (`voucher.quota_*`).',
  })
  @ApiOkResponse({ type: QuotaView })
  @ApiErrors(400, 401, 403, 404, 409)
  transition(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: QuotaTransitionDto,
  ): Promise<QuotaView> {
    return this.programmes.transitionQuota(user, id, dto);
  }
}

const CLAIM_RULES =
  'Members of the service record’s enterprise (404 for a record or quota not theirs; coordinators get 403). Rules, ' +
  'each refusal a 409 naming the limit (`details.limit`) and, for amounts, `details.remainingYuan` — nothing booked: ' +
  'the record is paid (`unpaid`); the programme is open (`programme_status`) and the service date (Harbin date the ' +
  'service ended) within its period (`period`); the provider’s organisation kind (`provider_kind`) and the ' +
  'capability kind (`service_kind`) are eligible; the quota is approved (`quota_status`); the reimbursement ≤ the ' +
  'quota remaining (`quota`), ≤ the enterprise’s cap remaining for that calendar year within this programme ' +
  '(`cap`), ≤ the programme budget remaining (`budget`). ' +
  SPLIT_RULE;

@ApiTags('vouchers 创新券')
@ApiBearerAuth()
@Controller('voucher-claims')
export class VoucherClaimsController {
  constructor(private readonly claims: ClaimsService) {}

  @Post()
  @ApiOperation({
    summary: '申领创新券 / Claim a voucher for a paid service',
    description:
      `${CLAIM_RULES} Idempotent per service record: the first claim 201, a replay (sequential or parallel) with ` +
      'the same quota returns the same claim with 200 and books nothing more; with another quota 409 naming the ' +
      'existing claim. Booked in the ledger, audited and notified to both organisations (`voucher.claim_booked`).',
  })
  @ApiCreatedResponse({ type: ClaimView, description: 'Booked (201), or the existing claim (200)' })
  @ApiOkResponse({ type: ClaimView, description: 'The same claim, already booked' })
  @ApiErrors(400, 401, 403, 404, 409)
  async claim(
    @CurrentUser() user: AuthUser,
    @Body() dto: ClaimDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ClaimView> {
    const r = await this.claims.claim(user, dto);
    res.status(r.created ? 201 : 200);
    return r.claim;
  }

  @Post('preview')
  @HttpCode(200)
  @ApiOperation({
    summary: '试算补助 / Preview a claim',
    description: `The split and the limits before confirming; nothing written. Same access and refusals as POST /voucher-claims (409 also when already claimed). ${SPLIT_RULE}`,
  })
  @ApiOkResponse({ type: ClaimPreviewView })
  @ApiErrors(400, 401, 403, 404, 409)
  preview(@CurrentUser() user: AuthUser, @Body() dto: ClaimDto): Promise<ClaimPreviewView> {
    return this.claims.preview(user, dto);
  }

  @Get()
  @ApiOperation({
    summary: '创新券申领列表 / Voucher claims',
    description:
      'Members: claims of their organisation as enterprise or provider (`side` to choose). Coordinators: all. ' +
      'Filters programmeId, status, settlementId. Newest first, paginated.',
  })
  @ApiOkResponse({ type: ClaimPage })
  @ApiErrors(400, 401)
  list(@CurrentUser() user: AuthUser, @Query() q: ClaimQuery): Promise<ClaimPage> {
    return this.claims.list(user, q);
  }

  @Get('claimable')
  @ApiOperation({
    summary: '可申领的服务记录 / Service records still to claim',
    description:
      'Members: the paid service records of their organisation (as the enterprise served) that no voucher claim ' +
      'uses yet, newest first, paginated; empty for organisations that buy no services.',
  })
  @ApiOkResponse({ type: ServiceRecordPage })
  @ApiErrors(400, 401)
  claimable(@CurrentUser() user: AuthUser, @Query() q: PageQuery): Promise<ServiceRecordPage> {
    return this.claims.claimable(user, q);
  }

  @Get(':id')
  @ApiOperation({
    summary: '创新券申领详情 / One claim',
    description: 'Members of its enterprise or provider, coordinators; 404 for others.',
  })
  @ApiOkResponse({ type: ClaimView })
  @ApiErrors(401, 404)
  get(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string): Promise<ClaimView> {
    return this.claims.get(user, id);
  }
}

@ApiTags('vouchers 创新券')
@ApiBearerAuth()
@MinRole('coordinator')
@Controller('voucher-settlements')
export class VoucherSettlementsController {
  constructor(private readonly settlements: SettlementsService) {}

  @Post()
  @ApiOperation({
    summary: '月度结算 / Settle a month',
    description:
      'Coordinators. Every `booked` claim of the programme created in that Harbin month becomes `settled` and the ' +
      'ledger books provider_payable → paid, in one transaction. Once per (programme, month): 409 naming the ' +
      'existing batch (`details.settlementId`). 409 too for a month not over yet or without booked claims. Audited; ' +
      'the enterprises and providers are notified (`voucher.settled`).',
  })
  @ApiCreatedResponse({ type: SettlementView })
  @ApiErrors(400, 401, 403, 404, 409)
  settle(@CurrentUser() user: AuthUser, @Body() dto: SettlementDto): Promise<SettlementView> {
    return this.settlements.settle(user, dto);
  }

  @Get()
  @ApiOperation({
    summary: '结算批次 / Settlements',
    description: 'Coordinators. Filter programmeId. Latest month first.',
  })
  @ApiOkResponse({ type: SettlementPage })
  @ApiErrors(400, 401, 403)
  list(@Query() q: SettlementQuery): Promise<SettlementPage> {
    return this.settlements.list(q);
  }

  @Get(':id')
  @ApiOperation({ summary: '结算批次详情 / One settlement', description: 'Coordinators. With the totals per body.' })
  @ApiOkResponse({ type: SettlementView })
  @ApiErrors(401, 403, 404)
  get(@Param('id', IdPipe) id: string): Promise<SettlementView> {
    return this.settlements.get(id);
  }

  @Get(':id/export.csv')
  @ApiOperation({
    summary: '导出结算明细 / Export a settlement for the finance office',
    description:
      'Coordinators. CSV in GBK (cp936, no BOM) by default, as Excel on the finance office’s Chinese Windows opens ' +
      'it; a character GBK cannot encode (a rare character such as 𠀀, an emoji) is written as a visible [U+20000]. ' +
      '`?encoding=gb18030` for GB18030 (encodes every character), `?encoding=utf-8` for UTF-8 with a BOM. CRLF; ' +
      "cells that Excel would run as formulas are written as text, and so is an all-digit credit code (a leading '). " +
      'Columns: 结算批次, 企业名称, 统一社会信用代码, 服务机构, 服务内容, 服务日期, 服务金额(元), one “<body>(元)” per ' +
      'reimbursing body, 合计补助(元).',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The CSV file', schema: { type: 'string', format: 'binary' } })
  @ApiErrors(400, 401, 403, 404)
  async export(@Param('id', IdPipe) id: string, @Query() q: SettlementExportQuery): Promise<StreamableFile> {
    const encoding = q.encoding ?? 'gbk';
    const { filename, bytes } = await this.settlements.export(id, encoding);
    return new StreamableFile(bytes, {
      type: `text/csv; charset=${{ gbk: 'GBK', gb18030: 'GB18030', 'utf-8': 'utf-8' }[encoding]}`,
      disposition: `attachment; filename="settlement.csv"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      length: bytes.length,
    });
  }
}

@ApiTags('stats 统计')
@ApiBearerAuth()
@MinRole('coordinator')
@Controller('stats')
export class VoucherStatsController {
  constructor(private readonly settlements: SettlementsService) {}

  @Get('vouchers')
  @ApiOperation({
    summary: '创新券统计 / Voucher statistics',
    description:
      'Coordinators. `?from=&to=` Harbin dates, inclusive (default this year to today): quotas approved (count, ' +
      'yuan), claims booked (count, service yuan, reimbursed yuan), reimbursed by body, by district of the ' +
      'enterprise and of the provider, the enterprise × provider district matrix (一区研发、全市孵化), settled vs booked.',
  })
  @ApiOkResponse({ type: VoucherStatsView })
  @ApiErrors(400, 401, 403)
  stats(@Query() q: VoucherStatsQuery): Promise<VoucherStatsView> {
    return this.settlements.stats(q);
  }
}
