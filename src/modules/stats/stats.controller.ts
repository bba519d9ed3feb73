import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { sendCsv, toCsv, type CsvColumn } from '../../common/csv/csv.js';
import { ApiErrors } from '../../common/http/api-errors.decorator.js';
import { MinRole } from '../auth/auth.decorators.js';
import { StatsQuery } from './dto/stats.dto.js';
import { StatsService, type DistrictRow, type FlowRow, type RejectionRow, type SectorRow } from './stats.service.js';
import { ChallengeStatsService, type ChallengeGroupRow, type ChallengeRow } from './challenge-stats.service.js';

const COUNT_COLUMNS = <
  T extends { suggested: number; approved: number; introduced: number; contracted: number; amountCny: number },
>(): Array<CsvColumn<T>> => [
  { header: '推荐 suggested', value: (r) => r.suggested },
  { header: '通过 approved', value: (r) => r.approved },
  { header: '对接 introduced', value: (r) => r.introduced },
  { header: '签约 contracted', value: (r) => r.contracted },
  { header: '合同金额（元） amountCny', value: (r) => r.amountCny },
];

const RANGE =
  'Coordinators. `?from=&to=` (Harbin days, inclusive) filter by when the match was suggested; `?format=csv` for Excel.';

@ApiTags('stats 统计')
@ApiBearerAuth()
@MinRole('coordinator')
@Controller('stats')
export class StatsController {
  constructor(
    private readonly stats: StatsService,
    private readonly challengeStats: ChallengeStatsService,
  ) {}

  @Get('funnel')
  @ApiOperation({
    summary: '转化漏斗 / The funnel',
    description: `suggested → approved → introduced → contracted with conversion rates, contract amounts and the local-conversion rate (both parties in Harbin). ${RANGE}`,
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: 'The funnel' })
  @ApiErrors(400, 401, 403)
  async funnel(@Query() q: StatsQuery, @Res({ passthrough: true }) res: Response): Promise<unknown> {
    const f = await this.stats.funnel(q);
    if (q.format !== 'csv') return f;
    const rows: Array<{ metric: string; count: number | null; rate: number | null; amount: number | null }> = [
      ...f.stages.map((s) => ({ metric: s.stage, count: s.count, rate: s.rate, amount: null })),
      { metric: 'rejected', count: f.rejected, rate: null, amount: null },
      { metric: 'closed_no_deal', count: f.closedNoDeal, rate: null, amount: null },
      { metric: 'overall (contracted/suggested)', count: null, rate: f.overallRate, amount: null },
      { metric: 'contracts', count: f.contracts.count, rate: null, amount: f.contracts.amountCny },
      {
        metric: 'local contracts',
        count: f.localConversion.local,
        rate: f.localConversion.rate,
        amount: f.localConversion.amountCny,
      },
    ];
    return sendCsv(
      res,
      'funnel.csv',
      toCsv(rows, [
        { header: '指标 metric', value: (r) => r.metric },
        { header: '数量 count', value: (r) => r.count },
        { header: '比率 rate', value: (r) => r.rate },
        { header: '金额（元） amountCny', value: (r) => r.amount },
      ]),
    );
  }

  @Get('sectors')
  @ApiOperation({ summary: '按领域 / By sector', description: `By the need’s sectors. ${RANGE}` })
  @ApiProduces('application/json', 'text/csv')
  @ApiErrors(400, 401, 403)
  async sectors(@Query() q: StatsQuery, @Res({ passthrough: true }) res: Response): Promise<unknown> {
    const items = await this.stats.sectors(q);
    if (q.format !== 'csv') return { items };
    return sendCsv(
      res,
      'sectors.csv',
      toCsv<SectorRow>(items, [
        { header: '领域 sector', value: (r) => r.sector },
        { header: '名称 name', value: (r) => r.nameZh },
        ...COUNT_COLUMNS<SectorRow>(),
      ]),
    );
  }

  @Get('districts')
  @ApiOperation({
    summary: '按区县 / By district',
    description: `Listings posted in each district, and matches by the need’s district (local: both parties in Harbin). ${RANGE}`,
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiErrors(400, 401, 403)
  async districts(@Query() q: StatsQuery, @Res({ passthrough: true }) res: Response): Promise<unknown> {
    const items = await this.stats.districts(q);
    if (q.format !== 'csv') return { items };
    return sendCsv(
      res,
      'districts.csv',
      toCsv<DistrictRow>(items, [
        { header: '区县 district', value: (r) => r.district },
        { header: '需求 needs', value: (r) => r.needs },
        { header: '成果 capabilities', value: (r) => r.capabilities },
        ...COUNT_COLUMNS<DistrictRow>(),
        { header: '本地签约 localContracts', value: (r) => r.localContracts },
      ]),
    );
  }

  @Get('flows')
  @ApiOperation({
    summary: '区县流向 / District-to-district flows',
    description: `Which district’s research goes where: the capability’s district → the need’s district, for introductions and contracts. ${RANGE}`,
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiErrors(400, 401, 403)
  async flows(@Query() q: StatsQuery, @Res({ passthrough: true }) res: Response): Promise<unknown> {
    const items = await this.stats.flows(q);
    if (q.format !== 'csv') return { items };
    return sendCsv(
      res,
      'flows.csv',
      toCsv<FlowRow>(items, [
        { header: '成果所在 from', value: (r) => r.from },
        { header: '需求所在 to', value: (r) => r.to },
        { header: '对接 introduced', value: (r) => r.introduced },
        { header: '签约 contracted', value: (r) => r.contracted },
        { header: '合同金额（元） amountCny', value: (r) => r.amountCny },
      ]),
    );
  }

  @Get('rejections')
  @ApiOperation({
    summary: '驳回原因 / Why suggestions were rejected',
    description:
      `Rejections by the reason the coordinator gave: not_relevant 技术不对口, stage_mismatch 阶段不匹配, unclear_need 需求不清, ` +
      `already_cooperating 已有合作, other 其他 (every one listed, zero too), and \`unspecified\` for rejections without a ` +
      `reason when there are any. They add up to the funnel’s \`rejected\`. ${RANGE}`,
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    description: 'The reasons',
    schema: {
      example: { items: [{ reason: 'not_relevant', labelZh: '技术不对口', labelEn: 'Not relevant', count: 12 }] },
    },
  })
  @ApiErrors(400, 401, 403)
  async rejections(@Query() q: StatsQuery, @Res({ passthrough: true }) res: Response): Promise<unknown> {
    const items = await this.stats.rejections(q);
    if (q.format !== 'csv') return { items };
    return sendCsv(
      res,
      'rejections.csv',
      toCsv<RejectionRow>(items, [
        { header: '原因 reason', value: (r) => r.reason },
        { header: '名称 labelZh', value: (r) => r.labelZh },
        { header: 'Name labelEn', value: (r) => r.labelEn },
        { header: '数量 count', value: (r) => r.count },
      ]),
    );
  }

  @Get('time-to-approval')
  @ApiOperation({
    summary: '首次通过用时 / Time from need posted to first approval',
    description: 'Median and 90th percentile in hours, over the needs posted in the range. `?format=csv` for Excel.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiErrors(400, 401, 403)
  async timeToApproval(@Query() q: StatsQuery, @Res({ passthrough: true }) res: Response): Promise<unknown> {
    const t = await this.stats.timeToApproval(q);
    if (q.format !== 'csv') return t;
    return sendCsv(
      res,
      'time-to-approval.csv',
      toCsv(
        [t],
        [
          { header: '需求数 needs', value: (r) => r.needs },
          { header: '已有通过 approvedNeeds', value: (r) => r.approvedNeeds },
          { header: '中位数（小时） medianHours', value: (r) => r.medianHours },
          { header: '90分位（小时） p90Hours', value: (r) => r.p90Hours },
        ],
      ),
    );
  }

  @Get('challenges')
  @ApiOperation({
    summary: '揭榜挂帅统计 / Challenges',
    description:
      'Challenges published in the range (by the day of publication; drafts and those awaiting approval are not ' +
      'counted): how many in each status, funding in yuan from the funding ledger (the challenges’ total; committed ' +
      'at award, less what a failed challenge cancelled; released at accepted milestones; cancelled), applications (withdrawn ones not counted) in all and per ' +
      'challenge, days from publication to award (median and longest), and the local winners’ share (就地转化: the ' +
      'winning lead organisation is in Harbin); `items` has one row per challenge. `?format=csv`: the rows. ' +
      'Coordinators. `?from=&to=` are Harbin days, inclusive.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: 'The challenge figures' })
  @ApiErrors(400, 401, 403)
  async challenges(@Query() q: StatsQuery, @Res({ passthrough: true }) res: Response): Promise<unknown> {
    const summary = await this.challengeStats.summary(q);
    if (q.format !== 'csv') return summary;
    return sendCsv(
      res,
      'challenges.csv',
      toCsv<ChallengeRow>(summary.items, [
        { header: '榜单 title', value: (r) => r.title },
        { header: '状态 status', value: (r) => r.status },
        { header: '发榜单位 issuer', value: (r) => r.issuerName },
        { header: '区县 district', value: (r) => r.district },
        { header: '领域 sectors', value: (r) => r.sectors },
        { header: '发布日期 publishedOn', value: (r) => r.publishedOn },
        { header: '申请 applications', value: (r) => r.applications },
        { header: '揭榜方 winners', value: (r) => r.winners },
        { header: '本地揭榜方 localWinners', value: (r) => r.localWinners },
        { header: '榜额（元） fundingYuan', value: (r) => r.fundingYuan },
        { header: '已承诺（元） committedYuan', value: (r) => r.committedYuan },
        { header: '已拨付（元） releasedYuan', value: (r) => r.releasedYuan },
        { header: '已撤销（元） cancelledYuan', value: (r) => r.cancelledYuan },
        { header: '发布至授榜（天） daysToAward', value: (r) => r.daysToAward },
      ]),
    );
  }

  @Get('challenges/districts')
  @ApiOperation({
    summary: '揭榜挂帅按区县 / Challenges by district',
    description: `By the issuing organisation’s district (\`outside\`: outside Harbin). ${RANGE.replace('the match was suggested', 'the challenge was published')}`,
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiErrors(400, 401, 403)
  async challengeDistricts(@Query() q: StatsQuery, @Res({ passthrough: true }) res: Response): Promise<unknown> {
    const items = await this.challengeStats.districts(q);
    if (q.format !== 'csv') return { items: items.map(({ key, nameZh: _n, ...r }) => ({ district: key, ...r })) };
    return sendCsv(res, 'challenge-districts.csv', toCsv(items, CHALLENGE_GROUP_COLUMNS('区县 district')));
  }

  @Get('challenges/sectors')
  @ApiOperation({
    summary: '揭榜挂帅按领域 / Challenges by sector',
    description: `By the challenge’s sectors (one in two sectors counts in both). ${RANGE.replace('the match was suggested', 'the challenge was published')}`,
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiErrors(400, 401, 403)
  async challengeSectors(@Query() q: StatsQuery, @Res({ passthrough: true }) res: Response): Promise<unknown> {
    const items = await this.challengeStats.sectors(q);
    if (q.format !== 'csv') return { items: items.map(({ key, ...r }) => ({ sector: key, ...r })) };
    return sendCsv(res, 'challenge-sectors.csv', toCsv(items, CHALLENGE_GROUP_COLUMNS('领域 sector', true)));
  }
}

function CHALLENGE_GROUP_COLUMNS(keyHeader: string, named = false): Array<CsvColumn<ChallengeGroupRow>> {
  return [
    { header: keyHeader, value: (r) => r.key },
    ...(named ? [{ header: '名称 name', value: (r: ChallengeGroupRow) => r.nameZh }] : []),
    { header: '榜单 challenges', value: (r) => r.challenges },
    { header: '申请 applications', value: (r) => r.applications },
    { header: '揭榜方 winners', value: (r) => r.winners },
    { header: '本地揭榜方 localWinners', value: (r) => r.localWinners },
    { header: '榜额（元） fundingYuan', value: (r) => r.fundingYuan },
    { header: '已承诺（元） committedYuan', value: (r) => r.committedYuan },
    { header: '已拨付（元） releasedYuan', value: (r) => r.releasedYuan },
  ];
}
