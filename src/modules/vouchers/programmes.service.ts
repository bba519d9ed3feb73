import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ENTERPRISE_CATEGORY_LABELS, type EnterpriseCategory } from '../../common/domain/vocabulary.js';
import { conflict, forbidden, invalidField, invalidInput, notFound } from '../../common/errors/app-errors.js';
import { pageOf, skipTake } from '../../common/pagination/pagination.js';
import { UnitOfWork } from '../../jobs/unit-of-work.js';
import { isCoordinator, type AuthUser } from '../auth/auth-user.js';
import type {
  ApplyQuotaDto,
  CreateProgrammeDto,
  ProgrammePage,
  ProgrammeQuery,
  ProgrammeTransitionDto,
  ProgrammeView,
  QuotaPage,
  QuotaQuery,
  QuotaTransitionDto,
  QuotaView,
  UpdateProgrammeDto,
} from './dto/vouchers.dto.js';
import {
  checkProgrammeStep,
  checkQuotaStep,
  PROGRAMME_NEXT,
  PROGRAMME_STATUS_LABELS,
  QUOTA_NEXT,
  QUOTA_STATUS_LABELS,
  stepConflict,
  type ProgrammeStatus,
  type QuotaStatus,
} from './lifecycle.js';
import { sharesErrors, type VoucherShare } from './split.js';
import { VoucherAudit } from './voucher-audit.js';

type Q = Pick<EntityManager, 'query'>;

export const PROGRAMME = '创新券计划 / voucher programme';
export const QUOTA = '创新券额度 / voucher quota';

/** The columns of a programme as the API shows it, with its used budget (claims booked). */
export const PROGRAMME_SELECT = `
  SELECT p.id, p.name, p.issuer_level AS "issuerLevel", p.issuer_district AS "issuerDistrict",
         p.issuer_name AS "issuerName", to_char(p.period_start, 'YYYY-MM-DD') AS "periodStart",
         to_char(p.period_end, 'YYYY-MM-DD') AS "periodEnd", p.shares,
         p.cap_per_enterprise_yuan AS "capPerEnterpriseYuan", p.eligible_provider_kinds AS "eligibleProviderKinds",
         p.eligible_service_kinds AS "eligibleServiceKinds",
         p.eligible_enterprise_categories AS "eligibleEnterpriseCategories", p.budget_yuan AS "budgetYuan",
         (SELECT coalesce(sum(c.reimbursed_yuan), 0) FROM voucher_claims c WHERE c.programme_id = p.id)::bigint
           AS "budgetUsedYuan",
         p.status, p.example, p.created_at AS "createdAt", p.updated_at AS "updatedAt"
    FROM voucher_programmes p`;

export interface ProgrammeRow extends Omit<ProgrammeView, 'budgetRemainingYuan' | 'allowedTransitions'> {
  shares: VoucherShare[];
}

const QUOTA_SELECT = `
  SELECT qt.id, qt.programme_id AS "programmeId", p.name AS "programmeName",
         qt.enterprise_organization_id AS "enterpriseOrganizationId", o.name AS "enterpriseName", qt.category,
         qt.category_evidence AS "categoryEvidence", qt.requested_yuan AS "requestedYuan",
         qt.approved_yuan AS "approvedYuan",
         (SELECT coalesce(sum(c.reimbursed_yuan), 0) FROM voucher_claims c WHERE c.quota_id = qt.id)::bigint AS "usedYuan",
         (SELECT count(*) FROM voucher_claims c WHERE c.quota_id = qt.id)::int AS "claimsCount",
         (p.cap_per_enterprise_yuan - (SELECT coalesce(sum(c.reimbursed_yuan), 0) FROM voucher_claims c
            WHERE c.programme_id = qt.programme_id AND c.enterprise_organization_id = qt.enterprise_organization_id))::bigint
           AS "capRemainingYuan",
         qt.status, qt.reason, qt.decided_at AS "decidedAt", qt.created_at AS "createdAt"
    FROM voucher_quotas qt
    JOIN voucher_programmes p ON p.id = qt.programme_id
    JOIN organizations o ON o.id = qt.enterprise_organization_id`;

type QuotaRow = Omit<QuotaView, 'remainingYuan' | 'allowedTransitions'>;

/** Programmes (coordinators create, edit, open and close them) and enterprises' quotas (apply, approve, reject). */
@Injectable()
export class ProgrammesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: VoucherAudit,
  ) {}

  async create(user: AuthUser, dto: CreateProgrammeDto): Promise<ProgrammeView> {
    validateProgramme(dto);
    const id = await this.uow.run(async (tx) => {
      const [row] = await tx.manager.query<Array<{ id: string }>>(
        `INSERT INTO voucher_programmes (name, issuer_level, issuer_district, issuer_name, period_start, period_end,
            shares, cap_per_enterprise_yuan, eligible_provider_kinds, eligible_service_kinds,
            eligible_enterprise_categories, budget_yuan, example, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
        [
          dto.name,
          dto.issuerLevel,
          dto.issuerDistrict ?? null,
          dto.issuerName,
          dto.periodStart,
          dto.periodEnd,
          JSON.stringify(normaliseShares(dto.shares)),
          dto.capPerEnterpriseYuan,
          dto.eligibleProviderKinds ?? ['university', 'research_institute', 'lab'],
          dto.eligibleServiceKinds ?? ['equipment', 'service'],
          dto.eligibleEnterpriseCategories ?? ['tech_sme', 'high_tech', 'sme', 'startup'],
          dto.budgetYuan,
          dto.example ?? false,
          user.id,
        ],
      );
      await this.audit.record(tx, {
        programmeId: row.id,
        subject: 'programme',
        subjectId: row.id,
        actorId: user.id,
        kind: 'created',
        toStatus: 'draft',
        data: { budgetYuan: dto.budgetYuan },
      });
      await this.audit.notify(tx, { id: row.id, name: dto.name }, 'programme_created', {
        coordinators: true,
        exceptUserId: user.id,
        title: '新的创新券计划（草稿）/ new voucher programme (draft)',
        body: `${dto.issuerName}：预算 ${dto.budgetYuan} 元 / budget ${dto.budgetYuan} yuan`,
        payload: { status: 'draft' },
      });
      return row.id;
    });
    return this.get(user, id);
  }

  async list(user: AuthUser, q: ProgrammeQuery): Promise<ProgrammePage> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (!isCoordinator(user)) where.push(`p.status = 'open'`);
    else if (q.status) {
      params.push(q.status);
      where.push(`p.status = $${params.length}`);
    }
    const w = where.length ? ` WHERE ${where.join(' AND ')}` : '';
    const { skip, take } = skipTake(q);
    const [{ total }] = await this.dataSource.query<Array<{ total: number }>>(
      `SELECT count(*)::int AS total FROM voucher_programmes p${w}`,
      params,
    );
    const rows = await this.dataSource.query<ProgrammeRow[]>(
      `${PROGRAMME_SELECT}${w} ORDER BY p.period_start DESC, p.created_at DESC, p.id LIMIT ${take} OFFSET ${skip}`,
      params,
    );
    return pageOf(
      rows.map((r) => programmeView(user, r)),
      total,
      q,
    );
  }

  /** Drafts are coordinators' only (404 for others); open and closed programmes every signed-in user's. */
  async get(user: AuthUser, id: string, m: Q = this.dataSource): Promise<ProgrammeView> {
    const row = await this.programmeRow(m, id);
    if (!row || (!isCoordinator(user) && row.status === 'draft')) throw notFound(PROGRAMME);
    return programmeView(user, row);
  }

  async programmeRow(m: Q, id: string, lock = false): Promise<ProgrammeRow | null> {
    if (lock) await m.query(`SELECT 1 FROM voucher_programmes WHERE id = $1 FOR UPDATE`, [id]);
    const [row] = await m.query<ProgrammeRow[]>(`${PROGRAMME_SELECT} WHERE p.id = $1`, [id]);
    return row ?? null;
  }

  async update(user: AuthUser, id: string, dto: UpdateProgrammeDto): Promise<ProgrammeView> {
    await this.uow.run(async (tx) => {
      const p = await this.programmeRow(tx.manager, id, true);
      if (!p) throw notFound(PROGRAMME);
      const given = Object.entries(dto)
        .filter(([, v]) => v !== undefined)
        .map(([k]) => k);
      if (!given.length) return;
      if (p.status === 'closed') {
        throw conflict('计划已结束，不能修改 / the programme is closed: it cannot be edited', { field: given[0] });
      }
      if (p.status === 'open') {
        const allowed = ['name', 'periodEnd', 'budgetYuan'];
        const other = given.find((k) => !allowed.includes(k));
        if (other) {
          throw conflict(
            `计划已开放申领，只能修改名称、延后结束日期、增加预算；不能修改 ${other} / the programme is open: only name, ` +
              `a later periodEnd and a larger budgetYuan may change, not ${other}`,
            { field: other, allowed },
          );
        }
        if (dto.periodEnd !== undefined && dto.periodEnd < p.periodEnd) {
          throw invalidField(
            'periodEnd',
            `结束日期只能延后（当前 ${p.periodEnd}）/ periodEnd may only move later (now ${p.periodEnd})`,
          );
        }
        if (dto.budgetYuan !== undefined && dto.budgetYuan < p.budgetYuan) {
          throw invalidField(
            'budgetYuan',
            `预算只能增加（当前 ${p.budgetYuan} 元）/ budgetYuan may only grow (now ${p.budgetYuan} yuan)`,
          );
        }
      }
      const next = {
        name: dto.name ?? p.name,
        issuerLevel: dto.issuerLevel ?? p.issuerLevel,
        issuerDistrict: dto.issuerDistrict !== undefined ? dto.issuerDistrict : p.issuerDistrict,
        issuerName: dto.issuerName ?? p.issuerName,
        periodStart: dto.periodStart ?? p.periodStart,
        periodEnd: dto.periodEnd ?? p.periodEnd,
        shares: dto.shares ?? p.shares,
        capPerEnterpriseYuan: dto.capPerEnterpriseYuan ?? p.capPerEnterpriseYuan,
        eligibleProviderKinds: dto.eligibleProviderKinds ?? p.eligibleProviderKinds,
        eligibleServiceKinds: dto.eligibleServiceKinds ?? p.eligibleServiceKinds,
        eligibleEnterpriseCategories: dto.eligibleEnterpriseCategories ?? p.eligibleEnterpriseCategories,
        budgetYuan: dto.budgetYuan ?? p.budgetYuan,
      };
      validateProgramme(next);
      await tx.manager.query(
        `UPDATE voucher_programmes SET name = $2, issuer_level = $3, issuer_district = $4, issuer_name = $5,
            period_start = $6, period_end = $7, shares = $8, cap_per_enterprise_yuan = $9,
            eligible_provider_kinds = $10, eligible_service_kinds = $11, eligible_enterprise_categories = $12,
            budget_yuan = $13, updated_at = now()
          WHERE id = $1`,
        [
          id,
          next.name,
          next.issuerLevel,
          next.issuerDistrict ?? null,
          next.issuerName,
          next.periodStart,
          next.periodEnd,
          JSON.stringify(normaliseShares(next.shares)),
          next.capPerEnterpriseYuan,
          next.eligibleProviderKinds,
          next.eligibleServiceKinds,
          next.eligibleEnterpriseCategories,
          next.budgetYuan,
        ],
      );
      await this.audit.record(tx, {
        programmeId: id,
        subject: 'programme',
        subjectId: id,
        actorId: user.id,
        kind: 'edited',
        data: { fields: given, changes: changes(p as unknown as Record<string, unknown>, next) },
      });
    });
    return this.get(user, id);
  }

  async transition(user: AuthUser, id: string, dto: ProgrammeTransitionDto): Promise<ProgrammeView> {
    await this.uow.run(async (tx) => {
      const p = await this.programmeRow(tx.manager, id, true);
      if (!p) throw notFound(PROGRAMME);
      const from = p.status;
      const check = checkProgrammeStep(from, dto.to);
      if (!check.ok) throw stepConflict(PROGRAMME_STATUS_LABELS, from, dto.to, check.allowed);
      await tx.manager.query(`UPDATE voucher_programmes SET status = $2, updated_at = now() WHERE id = $1`, [
        id,
        dto.to,
      ]);
      await this.audit.record(tx, {
        programmeId: id,
        subject: 'programme',
        subjectId: id,
        actorId: user.id,
        kind: 'status',
        fromStatus: from,
        toStatus: dto.to,
        note: dto.note ?? null,
      });
      // Enterprises holding a quota hear of the close; opening is announced to coordinators.
      const holders = await tx.manager.query<Array<{ org: string }>>(
        `SELECT DISTINCT enterprise_organization_id AS org FROM voucher_quotas WHERE programme_id = $1
            AND status IN ('requested', 'approved')`,
        [id],
      );
      await this.audit.notify(tx, p, `programme_${dto.to}`, {
        organizationIds: holders.map((h) => h.org),
        coordinators: true,
        exceptUserId: user.id,
        title:
          dto.to === 'open'
            ? '创新券计划已开放申领 / voucher programme open'
            : dto.to === 'closed'
              ? '创新券计划已结束 / voucher programme closed'
              : '创新券计划状态变更 / voucher programme status changed',
        payload: { status: dto.to },
      });
    });
    return this.get(user, id);
  }

  // Quotas.

  async apply(user: AuthUser, programmeId: string, dto: ApplyQuotaDto): Promise<QuotaView> {
    const id = await this.uow.run(async (tx) => {
      const p = await this.programmeRow(tx.manager, programmeId, true);
      if (!p || (!isCoordinator(user) && p.status === 'draft')) throw notFound(PROGRAMME);
      if (user.organizationKind !== 'enterprise') {
        throw forbidden('只有企业成员可以申请创新券额度 / only members of an enterprise may apply for a quota');
      }
      if (p.status !== 'open') {
        throw conflict(
          `计划当前为 “${PROGRAMME_STATUS_LABELS[p.status]}”，不接受申请 / the programme is ${p.status}, not open`,
          {
            status: p.status,
          },
        );
      }
      if (!p.eligibleEnterpriseCategories.includes(dto.category)) {
        throw invalidField(
          'category',
          `本计划不适用于 “${ENTERPRISE_CATEGORY_LABELS[dto.category]}”，适用：${p.eligibleEnterpriseCategories
            .map((c) => ENTERPRISE_CATEGORY_LABELS[c as EnterpriseCategory])
            .join('、')} / category ${dto.category} is not eligible`,
        );
      }
      if (dto.requestedYuan > p.capPerEnterpriseYuan) {
        throw invalidField(
          'requestedYuan',
          `申请额度超过每家企业上限 ${p.capPerEnterpriseYuan} 元 / requestedYuan exceeds the per-enterprise cap of ${p.capPerEnterpriseYuan} yuan`,
        );
      }
      const [live] = await tx.manager.query<Array<{ id: string; status: string }>>(
        `SELECT id, status FROM voucher_quotas WHERE programme_id = $1 AND enterprise_organization_id = $2
            AND status IN ('requested', 'approved')`,
        [programmeId, user.organizationId],
      );
      if (live) {
        throw conflict(
          `本企业在该计划已有额度申请（${live.status}）/ your enterprise already has a ${live.status} quota`,
          {
            quotaId: live.id,
            status: live.status,
          },
        );
      }
      const [row] = await tx.manager.query<Array<{ id: string }>>(
        `INSERT INTO voucher_quotas (programme_id, enterprise_organization_id, category, category_evidence,
            requested_yuan, applied_by)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [programmeId, user.organizationId, dto.category, dto.categoryEvidence || null, dto.requestedYuan, user.id],
      );
      await this.audit.record(tx, {
        programmeId,
        subject: 'quota',
        subjectId: row.id,
        actorId: user.id,
        kind: 'applied',
        toStatus: 'requested',
        data: { requestedYuan: dto.requestedYuan, category: dto.category },
      });
      await this.audit.notify(tx, p, 'quota_requested', {
        coordinators: true,
        title: '新的创新券额度申请 / new voucher quota request',
        body: `${user.organizationName}：${dto.requestedYuan} 元`,
        payload: { quotaId: row.id },
      });
      return row.id;
    });
    return this.quota(user, id);
  }

  async quotas(user: AuthUser, q: QuotaQuery): Promise<QuotaPage> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (!isCoordinator(user)) {
      params.push(user.organizationId);
      where.push(`qt.enterprise_organization_id = $${params.length}`);
    }
    if (q.programmeId) {
      params.push(q.programmeId);
      where.push(`qt.programme_id = $${params.length}`);
    }
    if (q.status) {
      params.push(q.status);
      where.push(`qt.status = $${params.length}`);
    }
    const w = where.length ? ` WHERE ${where.join(' AND ')}` : '';
    const { skip, take } = skipTake(q);
    const [{ total }] = await this.dataSource.query<Array<{ total: number }>>(
      `SELECT count(*)::int AS total FROM voucher_quotas qt${w}`,
      params,
    );
    const rows = await this.dataSource.query<QuotaRow[]>(
      `${QUOTA_SELECT}${w} ORDER BY qt.created_at DESC, qt.id LIMIT ${take} OFFSET ${skip}`,
      params,
    );
    return pageOf(
      rows.map((r) => quotaView(user, r)),
      total,
      q,
    );
  }

  async quota(user: AuthUser, id: string): Promise<QuotaView> {
    const [row] = await this.dataSource.query<QuotaRow[]>(`${QUOTA_SELECT} WHERE qt.id = $1`, [id]);
    if (!row || (!isCoordinator(user) && row.enterpriseOrganizationId !== user.organizationId)) throw notFound(QUOTA);
    return quotaView(user, row);
  }

  /** Coordinators approve (≤ the cap) or reject; the enterprise withdraws its own request. */
  async transitionQuota(user: AuthUser, id: string, dto: QuotaTransitionDto): Promise<QuotaView> {
    await this.uow.run(async (tx) => {
      const [q] = await tx.manager.query<
        Array<{ id: string; programmeId: string; org: string; status: QuotaStatus; requestedYuan: number }>
      >(
        `SELECT id, programme_id AS "programmeId", enterprise_organization_id AS org, status,
                requested_yuan AS "requestedYuan"
           FROM voucher_quotas WHERE id = $1 FOR UPDATE`,
        [id],
      );
      const own = q && q.org === user.organizationId;
      if (!q || (!isCoordinator(user) && !own)) throw notFound(QUOTA);
      const p = (await this.programmeRow(tx.manager, q.programmeId))!;
      const check = checkQuotaStep(q.status, dto.to);
      if (!check.ok) throw stepConflict(QUOTA_STATUS_LABELS, q.status, dto.to, check.allowed);
      if (dto.to === 'withdrawn' ? !own && !isCoordinator(user) : !isCoordinator(user)) {
        throw forbidden(
          dto.to === 'withdrawn'
            ? '只有申请企业可以撤回 / only the applying enterprise may withdraw'
            : '只有协调员可以审核额度 / only coordinators approve or reject quotas',
        );
      }
      if (dto.to === 'withdrawn' && q.status === 'approved') {
        // Claims were booked against it: withdrawing it would let a new quota start afresh beside them.
        const [{ claims, yuan }] = await tx.manager.query<Array<{ claims: number; yuan: number }>>(
          `SELECT count(*)::int AS claims, coalesce(sum(reimbursed_yuan), 0)::bigint AS yuan
             FROM voucher_claims WHERE quota_id = $1`,
          [id],
        );
        if (claims > 0) {
          throw conflict(
            `额度 ${id} 已有 ${claims} 笔申领（补助 ${yuan} 元），不能撤回 / quota ${id} has ${claims} claims ` +
              `(${yuan} yuan): it cannot be withdrawn`,
            { quotaId: id, claims, reimbursedYuan: yuan },
          );
        }
      }
      let approved: number | null = null;
      if (dto.to === 'approved') {
        approved = dto.approvedYuan ?? q.requestedYuan;
        // What the enterprise has been reimbursed in this programme already (under any earlier quota) counts too.
        const [{ reimbursed }] = await tx.manager.query<Array<{ reimbursed: number }>>(
          `SELECT coalesce(sum(reimbursed_yuan), 0)::bigint AS reimbursed FROM voucher_claims
            WHERE programme_id = $1 AND enterprise_organization_id = $2`,
          [q.programmeId, q.org],
        );
        const remaining = Math.max(0, p.capPerEnterpriseYuan - reimbursed);
        if (approved > remaining) {
          throw invalidField(
            'approvedYuan',
            `核定额度 ${approved} 元超过该企业在本计划的剩余上限 ${remaining} 元（上限 ${p.capPerEnterpriseYuan} 元，` +
              `已补助 ${reimbursed} 元）/ approvedYuan ${approved} exceeds the ${remaining} yuan remaining of the cap ` +
              `of ${p.capPerEnterpriseYuan} yuan (${reimbursed} yuan reimbursed already)`,
          );
        }
        if (p.status !== 'open') {
          throw conflict(
            `计划当前为 “${PROGRAMME_STATUS_LABELS[p.status]}”，不能核定额度 / the programme is ${p.status}`,
            {
              status: p.status,
            },
          );
        }
      }
      await tx.manager.query(
        `UPDATE voucher_quotas SET status = $2, approved_yuan = coalesce($3, approved_yuan), decided_by = $4, decided_at = now(), reason = $5,
            updated_at = now() WHERE id = $1`,
        [id, dto.to, approved === null ? null : String(approved), user.id, dto.reason ?? null],
      );
      await this.audit.record(tx, {
        programmeId: q.programmeId,
        subject: 'quota',
        subjectId: id,
        actorId: user.id,
        kind: 'status',
        fromStatus: q.status,
        toStatus: dto.to,
        note: dto.reason ?? null,
        data: approved !== null ? { approvedYuan: approved } : {},
      });
      const titles = {
        approved: `创新券额度已核定：${approved} 元 / voucher quota approved: ${approved} yuan`,
        rejected: '创新券额度申请未通过 / voucher quota rejected',
        withdrawn: '创新券额度申请已撤回 / voucher quota withdrawn',
      };
      await this.audit.notify(tx, p, `quota_${dto.to}`, {
        organizationIds: dto.to === 'withdrawn' ? [] : [q.org],
        coordinators: dto.to === 'withdrawn',
        exceptUserId: user.id,
        title: titles[dto.to],
        body: dto.reason ?? undefined,
        payload: { quotaId: id, status: dto.to },
      });
    });
    return this.quota(user, id);
  }
}

export function programmeView(user: AuthUser, r: ProgrammeRow): ProgrammeView {
  return {
    ...r,
    budgetRemainingYuan: r.budgetYuan - r.budgetUsedYuan,
    allowedTransitions: isCoordinator(user) ? [...PROGRAMME_NEXT[r.status]] : [],
  };
}

function quotaView(user: AuthUser, r: QuotaRow): QuotaView {
  const allowed = QUOTA_NEXT[r.status]
    .filter((s) =>
      isCoordinator(user) ? true : s === 'withdrawn' && r.enterpriseOrganizationId === user.organizationId,
    )
    .filter((s) => !(s === 'withdrawn' && r.status === 'approved' && r.claimsCount > 0));
  return {
    ...r,
    remainingYuan: r.status === 'approved' && r.approvedYuan !== null ? r.approvedYuan - r.usedYuan : 0,
    allowedTransitions: allowed,
  };
}

/** The fields a PATCH changed, each with its value before and after. */
function changes(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, { before: unknown; after: unknown }> {
  const out: Record<string, { before: unknown; after: unknown }> = {};
  for (const [k, v] of Object.entries(after)) {
    const was = k === 'shares' ? normaliseShares(before[k] as VoucherShare[]) : (before[k] ?? null);
    const now = k === 'shares' ? normaliseShares(v as VoucherShare[]) : (v ?? null);
    if (JSON.stringify(was) !== JSON.stringify(now)) out[k] = { before: was, after: now };
  }
  return out;
}

function normaliseShares(shares: readonly VoucherShare[]): VoucherShare[] {
  return shares.map((s) => ({
    body: s.body.trim(),
    level: s.level,
    ...(s.district ? { district: s.district } : {}),
    basePercent: s.basePercent,
    harbinBonusPercent: s.harbinBonusPercent,
    sameDistrictBonusPercent: s.sameDistrictBonusPercent,
  }));
}

function validateProgramme(p: {
  issuerLevel: string;
  issuerDistrict?: string | null;
  periodStart: string;
  periodEnd: string;
  shares: readonly VoucherShare[];
}): void {
  const errors = sharesErrors(p.shares);
  if ((p.issuerLevel === 'district') !== Boolean(p.issuerDistrict)) {
    errors.push({
      field: 'issuerDistrict',
      message:
        '区县级计划必须填写区县，其他级别不填 / issuerDistrict is required for a district programme, and only then',
    });
  }
  if (p.periodEnd < p.periodStart) {
    errors.push({ field: 'periodEnd', message: '结束日期不能早于开始日期 / periodEnd must not be before periodStart' });
  }
  if (errors.length) throw invalidInput(errors);
}

export type { ProgrammeStatus };
