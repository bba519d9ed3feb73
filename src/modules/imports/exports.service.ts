import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { sendCsv, toCsv } from '../../common/csv/csv.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CapabilitiesService } from '../capabilities/capabilities.service.js';
import type { CapabilityView } from '../capabilities/dto/capability.dto.js';
import type { NeedView } from '../needs/dto/need.dto.js';
import { NeedsService } from '../needs/needs.service.js';

/** Rows per export: a bureau's whole catalogue, but not without bound. */
const MAX_ROWS = 50_000;
const PAGE = 100;

/** CSV exports that Excel opens correctly (UTF-8 with BOM), of exactly what the lists show the caller. */
@Injectable()
export class ExportsService {
  constructor(
    private readonly needsService: NeedsService,
    private readonly capabilitiesService: CapabilitiesService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async needs(user: AuthUser, res: Response): Promise<string> {
    const rows = await all((page) => this.needsService.list(user, { page, pageSize: PAGE }));
    return sendCsv(
      res,
      'needs.csv',
      toCsv<NeedView>(rows, [
        { header: '标题 title', value: (r) => r.title },
        { header: '描述 description', value: (r) => r.description },
        { header: '类型 kind', value: (r) => r.kind },
        { header: '领域 sectors', value: (r) => r.sectors },
        { header: '关键词 keywords', value: (r) => r.keywords },
        { header: '合作方式 cooperationModes', value: (r) => r.cooperationModes },
        { header: '预算下限 budgetMin', value: (r) => r.budget?.min ?? null },
        { header: '预算上限 budgetMax', value: (r) => r.budget?.max ?? null },
        { header: '截止日期 deadline', value: (r) => r.deadline },
        { header: '区县 district', value: (r) => r.district },
        { header: '公开范围 visibility', value: (r) => r.visibility },
        { header: '状态 status', value: (r) => r.status },
        { header: '组织名称 organizationName', value: (r) => r.organizationName },
        { header: 'ID', value: (r) => r.id },
        { header: '发布时间 createdAt', value: (r) => r.createdAt },
      ]),
    );
  }

  async capabilities(user: AuthUser, res: Response): Promise<string> {
    const rows = await all((page) => this.capabilitiesService.list(user, { page, pageSize: PAGE }));
    return sendCsv(
      res,
      'capabilities.csv',
      toCsv<CapabilityView>(rows, [
        { header: '标题 title', value: (r) => r.title },
        { header: '描述 description', value: (r) => r.description },
        { header: '类型 kind', value: (r) => r.kind },
        { header: '领域 sectors', value: (r) => r.sectors },
        { header: '关键词 keywords', value: (r) => r.keywords },
        { header: '技术就绪度 trl', value: (r) => r.trl },
        { header: '知识产权 ipStatus', value: (r) => r.ipStatus },
        { header: '合作方式 cooperationModes', value: (r) => r.cooperationModes },
        { header: '区县 district', value: (r) => r.district },
        { header: '同时对接上限 maxActiveIntroductions', value: (r) => r.maxActiveIntroductions },
        { header: '状态 status', value: (r) => r.status },
        { header: '组织名称 organizationName', value: (r) => r.organizationName },
        { header: 'ID', value: (r) => r.id },
        { header: '发布时间 createdAt', value: (r) => r.createdAt },
      ]),
    );
  }

  /** Coordinators: every match, best first within each need. */
  async matches(res: Response): Promise<string> {
    const rows = await this.dataSource.query<Array<Record<string, unknown>>>(
      `SELECT m.id, m.status, m.score, m.rank, n.title AS need, no.name AS need_org, n.district AS need_district,
              c.title AS capability, co.name AS capability_org, c.district AS capability_district,
              m.contract_mode, m.contract_amount_cny, m.contract_signed_on::text AS contract_signed_on,
              m.contract_registration_no, m.close_reason, m.created_at, m.introduced_at, m.closed_at
         FROM matches m
         JOIN needs n ON n.id = m.need_id JOIN organizations no ON no.id = n.organization_id
         JOIN capabilities c ON c.id = m.capability_id JOIN organizations co ON co.id = c.organization_id
        ORDER BY m.created_at DESC, m.need_id, m.rank LIMIT $1`,
      [MAX_ROWS],
    );
    const col = (header: string, key: string) => ({ header, value: (r: Record<string, unknown>) => r[key] });
    return sendCsv(
      res,
      'matches.csv',
      toCsv(rows, [
        col('需求 need', 'need'),
        col('需求方 needOrganization', 'need_org'),
        col('需求区县 needDistrict', 'need_district'),
        col('成果 capability', 'capability'),
        col('成果方 capabilityOrganization', 'capability_org'),
        col('成果区县 capabilityDistrict', 'capability_district'),
        col('得分 score', 'score'),
        col('排名 rank', 'rank'),
        col('状态 status', 'status'),
        col('合作方式 contractMode', 'contract_mode'),
        col('合同金额（元） contractAmountCny', 'contract_amount_cny'),
        col('签订日期 signedOn', 'contract_signed_on'),
        col('技术合同登记号 registrationNo', 'contract_registration_no'),
        col('未成交原因 closeReason', 'close_reason'),
        col('推荐时间 createdAt', 'created_at'),
        col('对接时间 introducedAt', 'introduced_at'),
        col('结束时间 closedAt', 'closed_at'),
        col('ID', 'id'),
      ]),
    );
  }
}

async function all<T>(page: (n: number) => Promise<{ items: T[]; total: number }>): Promise<T[]> {
  const out: T[] = [];
  for (let n = 1; out.length < MAX_ROWS; n++) {
    const p = await page(n);
    out.push(...p.items);
    if (p.items.length < PAGE || out.length >= p.total) break;
  }
  return out;
}
