import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { csvHead, csvRows, type CsvColumn } from '../../common/csv/csv.js';
import type { ListingCursor } from '../../common/listing/listing-repository.js';
import { isCoordinator, type AuthUser } from '../auth/auth-user.js';
import { CapabilitiesRepository } from '../capabilities/capabilities.repository.js';
import { toCapabilityView } from '../capabilities/capability-view.js';
import type { CapabilityView } from '../capabilities/dto/capability.dto.js';
import type { NeedView } from '../needs/dto/need.dto.js';
import { toNeedView } from '../needs/need-view.js';
import { NeedsRepository } from '../needs/needs.repository.js';
import { OrganizationsService } from '../organizations/organizations.service.js';

/** Rows read from PostgreSQL at a time. */
const PAGE = 200;
/** Text handed to the response at a time: big enough for few writes, small enough that memory stays flat. */
const CHUNK = 64 * 1024;

const NEED_COLUMNS: Array<CsvColumn<NeedView>> = [
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
];

const CAPABILITY_COLUMNS: Array<CsvColumn<CapabilityView>> = [
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
];

type MatchRow = Record<string, unknown> & { id: string; need_id: string; rank: number; cursor_at: string };
const col = (header: string, key: string): CsvColumn<MatchRow> => ({ header, value: (r) => r[key] });
const MATCH_COLUMNS: Array<CsvColumn<MatchRow>> = [
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
];

/**
 * CSV exports that Excel opens correctly (UTF-8 with BOM), of exactly what the lists show the caller, however many
 * rows: each is produced as it is sent, the BOM and header first, then a page at a time read with keyset paging.
 * Only the page in hand is in memory; the next one is read when the response has taken the last (backpressure).
 */
@Injectable()
export class ExportsService {
  constructor(
    private readonly needsRepo: NeedsRepository,
    private readonly capabilitiesRepo: CapabilitiesRepository,
    private readonly organizations: OrganizationsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  needs(user: AuthUser): AsyncGenerator<string> {
    const viewer = isCoordinator(user) ? null : user.organizationId;
    return csvStream(NEED_COLUMNS, async (after: ListingCursor | null) => {
      const page = await this.needsRepo.pageAfter(viewer, after, PAGE);
      const names = await this.organizationNames(page.map((p) => p.row.organizationId));
      return page.map(({ row, cursor }) => ({ row: toNeedView(row, names.get(row.organizationId) ?? ''), cursor }));
    });
  }

  capabilities(): AsyncGenerator<string> {
    return csvStream(CAPABILITY_COLUMNS, async (after: ListingCursor | null) => {
      const page = await this.capabilitiesRepo.pageAfter(after, PAGE);
      const names = await this.organizationNames(page.map((p) => p.row.organizationId));
      return page.map(({ row, cursor }) => ({
        row: toCapabilityView(row, names.get(row.organizationId) ?? ''),
        cursor,
      }));
    });
  }

  /** Coordinators: every match, newest suggestions first, best first within each need. */
  matches(): AsyncGenerator<string> {
    return csvStream(MATCH_COLUMNS, async (after: MatchRow | null) => {
      const rows = await this.dataSource.query<MatchRow[]>(
        `SELECT m.id, m.need_id, m.status, m.score, m.rank, n.title AS need, no.name AS need_org,
                n.district AS need_district, c.title AS capability, co.name AS capability_org,
                c.district AS capability_district, m.contract_mode, m.contract_amount_cny,
                m.contract_signed_on::text AS contract_signed_on, m.contract_registration_no, m.close_reason,
                m.created_at, m.introduced_at, m.closed_at, m.created_at::text AS cursor_at
           FROM matches m
           JOIN needs n ON n.id = m.need_id JOIN organizations no ON no.id = n.organization_id
           JOIN capabilities c ON c.id = m.capability_id JOIN organizations co ON co.id = c.organization_id
          WHERE $1::timestamptz IS NULL
             OR (m.created_at <= $1::timestamptz
                 AND (m.created_at < $1::timestamptz OR (m.need_id, m.rank, m.id) > ($2::uuid, $3::int, $4::uuid)))
          ORDER BY m.created_at DESC, m.need_id, m.rank, m.id
          LIMIT $5`,
        [after?.cursor_at ?? null, after?.need_id ?? null, after?.rank ?? null, after?.id ?? null, PAGE],
      );
      return rows.map((row) => ({ row, cursor: row }));
    });
  }

  private async organizationNames(ids: string[]): Promise<Map<string, string>> {
    const orgs = await this.organizations.findByIds([...new Set(ids)]);
    return new Map(orgs.map((o) => [o.id, o.name]));
  }
}

/**
 * The CSV of every row `page` hands out, page after page until a short one: the head at once (before any query, so
 * the download starts), then each page's rows, in pieces of about CHUNK characters.
 */
async function* csvStream<T, C>(
  columns: ReadonlyArray<CsvColumn<T>>,
  page: (after: C | null) => Promise<Array<{ row: T; cursor: C }>>,
): AsyncGenerator<string> {
  yield csvHead(columns);
  let after: C | null = null;
  let pending = '';
  for (;;) {
    const rows = await page(after);
    for (const { row } of rows) {
      pending += csvRows([row], columns);
      if (pending.length >= CHUNK) {
        yield pending;
        pending = '';
      }
    }
    // What was read goes out before the next page is asked for.
    if (pending) yield pending;
    pending = '';
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1].cursor;
  }
}
