import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { ORGANIZATION_KIND_LABELS, type OrganizationKind } from '../../common/domain/vocabulary.js';
import { conflict, forbidden, notFound } from '../../common/errors/app-errors.js';
import { pageOf, skipTake, type PageQuery } from '../../common/pagination/pagination.js';
import { UnitOfWork, type Tx } from '../../jobs/unit-of-work.js';
import { isCoordinator, type AuthUser } from '../auth/auth-user.js';
import type { ServiceRecordPage } from '../instruments/dto/service-record.dto.js';
import { ServiceRecordsService, type ServiceRecordForClaim } from '../instruments/service-records.service.js';
import type {
  ClaimDto,
  ClaimPage,
  ClaimPreviewView,
  ClaimQuery,
  ClaimView,
  VoucherLedgerPage,
  VoucherLedgerRow,
  VoucherLedgerTotal,
} from './dto/vouchers.dto.js';
import type { LedgerAccount } from './entities/voucher.entity.js';
import { PROGRAMME_STATUS_LABELS, QUOTA_STATUS_LABELS, type QuotaStatus } from './lifecycle.js';
import { PROGRAMME, ProgrammesService, QUOTA, type ProgrammeRow } from './programmes.service.js';
import { splitReimbursement, type Split } from './split.js';
import { VoucherAudit } from './voucher-audit.js';

type Q = Pick<EntityManager, 'query'>;

const RECORD = '服务记录 / service record';
const CLAIM = '创新券申领 / voucher claim';
const SERVICE_KIND_LABELS: Record<string, string> = {
  equipment: '仪器设备 equipment',
  service: '检验检测服务 service',
};

export const CLAIM_SELECT = `
  SELECT c.id, c.service_record_id AS "serviceRecordId", c.quota_id AS "quotaId", c.programme_id AS "programmeId",
         p.name AS "programmeName", c.enterprise_organization_id AS "enterpriseOrganizationId",
         eo.name AS "enterpriseName", c.provider_organization_id AS "providerOrganizationId",
         po.name AS "providerName", sr.description, c.service_amount_yuan AS "serviceAmountYuan", c.split,
         c.reimbursed_yuan AS "reimbursedYuan", c.status, c.settlement_id AS "settlementId",
         to_char(c.served_on, 'YYYY-MM-DD') AS "servedOn", c.created_at AS "createdAt", c.settled_at AS "settledAt"
    FROM voucher_claims c
    JOIN voucher_programmes p ON p.id = c.programme_id
    JOIN organizations eo ON eo.id = c.enterprise_organization_id
    JOIN organizations po ON po.id = c.provider_organization_id
    JOIN service_records sr ON sr.id = c.service_record_id`;

interface Evaluated {
  record: ServiceRecordForClaim;
  programme: ProgrammeRow;
  quotaId: string;
  split: Split;
  limits: { quotaRemainingYuan: number; capRemainingYuan: number; budgetRemainingYuan: number };
}

function uniqueViolation(err: unknown, constraint: string): boolean {
  const e = err as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = e?.code ?? e?.driverError?.code;
  const name = e?.constraint ?? e?.driverError?.constraint;
  return code === '23505' && name === constraint;
}

/**
 * Claims (申领): an enterprise claims a paid service record against its approved quota; the reimbursement is split
 * between the programme's bodies (floor per body) and booked in the double-entry ledger in the same transaction.
 * Idempotent per service record. Locks: the service record (module A's findForClaim), then the programme, then the
 * quota — always in that order — and the totals are read again under them.
 */
@Injectable()
export class ClaimsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly records: ServiceRecordsService,
    private readonly programmes: ProgrammesService,
    private readonly audit: VoucherAudit,
  ) {}

  /** The split and the limits a claim would meet, nothing written (409 / 404 as the claim itself would). */
  async preview(user: AuthUser, dto: ClaimDto): Promise<ClaimPreviewView> {
    return this.dataSource.transaction(async (manager) => {
      const existing = await this.existing(manager, dto.serviceRecordId);
      const e = await this.evaluate({ manager, enqueue: () => Promise.resolve() }, user, dto, existing);
      if ('replay' in e) throw new Error('unreachable: a preview never replays');
      return {
        serviceAmountYuan: e.record.amountYuan,
        split: e.split.lines,
        reimbursedYuan: e.split.totalYuan,
        servedOn: e.record.servedOn,
        limits: e.limits,
      };
    });
  }

  /** `created`: false when the service record had been claimed already with this quota (the same claim back). */
  async claim(user: AuthUser, dto: ClaimDto): Promise<{ created: boolean; claim: ClaimView }> {
    let outcome: { created: boolean; id: string };
    try {
      outcome = await this.uow.run((tx) => this.book(tx, user, dto));
    } catch (err) {
      // A racing duplicate that got past the record's lock (it should not): the UNIQUE key decides.
      if (!uniqueViolation(err, 'uq_voucher_claims_service_record')) throw err;
      const existing = await this.existing(this.dataSource, dto.serviceRecordId);
      if (!existing) throw err;
      this.sameQuota(existing, dto);
      outcome = { created: false, id: existing.id };
    }
    return { created: outcome.created, claim: await this.get(user, outcome.id) };
  }

  private async existing(m: Q, serviceRecordId: string): Promise<{ id: string; quotaId: string } | null> {
    const [row] = await m.query<Array<{ id: string; quotaId: string }>>(
      `SELECT id, quota_id AS "quotaId" FROM voucher_claims WHERE service_record_id = $1`,
      [serviceRecordId],
    );
    return row ?? null;
  }

  private sameQuota(existing: { id: string; quotaId: string }, dto: ClaimDto): void {
    if (existing.quotaId !== dto.quotaId) {
      throw conflict('该服务记录已用另一额度申领 / this service record was already claimed with another quota', {
        claimId: existing.id,
        quotaId: existing.quotaId,
      });
    }
  }

  private async book(tx: Tx, user: AuthUser, dto: ClaimDto): Promise<{ created: boolean; id: string }> {
    const m = tx.manager;
    // The record's lock (in evaluate) queues replays of the same claim; this read after it sees the first's commit.
    const e = await this.evaluate(tx, user, dto, null, async () => {
      const existing = await this.existing(m, dto.serviceRecordId);
      if (existing) this.sameQuota(existing, dto);
      return existing;
    });
    if ('replay' in e) return { created: false, id: e.replay };
    // created_at is the moment of booking under the programme's lock (clock_timestamp, not the transaction's start):
    // a claim that waited for a month's settlement falls in the next month instead of being left out of both.
    const { record: r, programme: p, split } = e;
    const [claim] = await m.query<Array<{ id: string }>>(
      `INSERT INTO voucher_claims (service_record_id, quota_id, programme_id, enterprise_organization_id,
          provider_organization_id, service_amount_yuan, split, reimbursed_yuan, served_on, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, clock_timestamp()) RETURNING id`,
      [
        r.id,
        dto.quotaId,
        p.id,
        r.enterpriseOrganizationId,
        r.providerOrganizationId,
        r.amountYuan,
        JSON.stringify(split.lines),
        split.totalYuan,
        r.servedOn,
        user.id,
      ],
    );
    const legs: LedgerLeg[] = [];
    for (const l of split.lines.filter((x) => x.amountYuan > 0)) {
      legs.push(
        { account: 'programme_budget', ref: p.id, body: l.body, debit: 0, credit: l.amountYuan },
        { account: 'enterprise_quota', ref: dto.quotaId, body: l.body, debit: l.amountYuan, credit: 0 },
        { account: 'enterprise_quota', ref: dto.quotaId, body: l.body, debit: 0, credit: l.amountYuan },
        { account: 'provider_payable', ref: r.providerOrganizationId, body: l.body, debit: l.amountYuan, credit: 0 },
      );
    }
    await writeLedger(m, { programmeId: p.id, claimId: claim.id, settlementId: null, actorId: user.id }, legs);
    await this.audit.record(tx, {
      programmeId: p.id,
      subject: 'claim',
      subjectId: claim.id,
      actorId: user.id,
      kind: 'booked',
      toStatus: 'booked',
      data: {
        serviceRecordId: r.id,
        quotaId: dto.quotaId,
        serviceAmountYuan: r.amountYuan,
        reimbursedYuan: split.totalYuan,
        split: split.lines,
      },
    });
    await this.audit.notify(tx, p, 'claim_booked', {
      organizationIds: [r.enterpriseOrganizationId, r.providerOrganizationId],
      exceptUserId: user.id,
      title: `创新券补助已登记：${split.totalYuan} 元 / voucher claim booked: ${split.totalYuan} yuan`,
      body: `${r.enterpriseName} ← ${r.providerName}：${r.description}（服务金额 ${r.amountYuan} 元）`,
      payload: { claimId: claim.id, serviceRecordId: r.id, reimbursedYuan: split.totalYuan },
    });
    return { created: true, id: claim.id };
  }

  /**
   * Every rule of a claim, under the locks (record → programme → quota); throws the refusal naming the limit and
   * the yuan remaining. `replayCheck` (booking) runs right after the record's lock.
   */
  private async evaluate(
    tx: Tx,
    user: AuthUser,
    dto: ClaimDto,
    existingForPreview: { id: string; quotaId: string } | null,
    replayCheck?: () => Promise<{ id: string; quotaId: string } | null>,
  ): Promise<Evaluated | { replay: string }> {
    const m = tx.manager;
    const r = await this.records.findForClaim(tx, dto.serviceRecordId);
    if (!r || (!isCoordinator(user) && r.enterpriseOrganizationId !== user.organizationId)) throw notFound(RECORD);
    if (r.enterpriseOrganizationId !== user.organizationId) {
      throw forbidden('只有服务记录所属企业的成员可以申领 / only members of the record’s enterprise may claim it');
    }
    if (replayCheck) {
      const replay = await replayCheck();
      if (replay) return { replay: replay.id };
    } else if (existingForPreview) {
      throw conflict('该服务记录已申领 / this service record has been claimed already', {
        claimId: existingForPreview.id,
      });
    }
    const [qRef] = await m.query<Array<{ programmeId: string; org: string }>>(
      `SELECT programme_id AS "programmeId", enterprise_organization_id AS org FROM voucher_quotas WHERE id = $1`,
      [dto.quotaId],
    );
    if (!qRef || qRef.org !== r.enterpriseOrganizationId) throw notFound(QUOTA);
    const p = await this.programmes.programmeRow(m, qRef.programmeId, true);
    if (!p) throw notFound(PROGRAMME);
    const [quota] = await m.query<Array<{ status: QuotaStatus; approvedYuan: number | null }>>(
      `SELECT status, approved_yuan AS "approvedYuan" FROM voucher_quotas WHERE id = $1 FOR UPDATE`,
      [dto.quotaId],
    );
    if (!r.paidAt) {
      throw conflict(
        '服务记录尚未付款，付款后才能申领创新券 / the service record is not paid yet: claim it once paid',
        {
          limit: 'unpaid',
        },
      );
    }
    if (p.status !== 'open') {
      throw conflict(
        `计划当前为 “${PROGRAMME_STATUS_LABELS[p.status]}”，不能申领 / the programme is ${p.status}, not open`,
        { limit: 'programme_status', status: p.status },
      );
    }
    if (r.servedOn < p.periodStart || r.servedOn > p.periodEnd) {
      throw conflict(
        `服务日期 ${r.servedOn} 不在计划期限 ${p.periodStart} 至 ${p.periodEnd} 内 / the service date ${r.servedOn} is ` +
          `outside the programme period ${p.periodStart}..${p.periodEnd}`,
        { limit: 'period', servedOn: r.servedOn, periodStart: p.periodStart, periodEnd: p.periodEnd },
      );
    }
    if (!p.eligibleProviderKinds.includes(r.providerKind)) {
      throw conflict(
        `服务机构类型 “${ORGANIZATION_KIND_LABELS[r.providerKind]}” 不在本计划支持范围（${p.eligibleProviderKinds
          .map((k) => ORGANIZATION_KIND_LABELS[k as OrganizationKind])
          .join('、')}）/ providers of kind ${r.providerKind} are not eligible`,
        { limit: 'provider_kind', providerKind: r.providerKind, eligible: p.eligibleProviderKinds },
      );
    }
    if (!p.eligibleServiceKinds.includes(r.capabilityKind)) {
      throw conflict(
        `服务类型 “${SERVICE_KIND_LABELS[r.capabilityKind]}” 不在本计划支持范围 / services of kind ${r.capabilityKind} are not eligible`,
        { limit: 'service_kind', serviceKind: r.capabilityKind, eligible: p.eligibleServiceKinds },
      );
    }
    if (quota.status !== 'approved' || quota.approvedYuan === null) {
      throw conflict(
        `额度当前为 “${QUOTA_STATUS_LABELS[quota.status]}”，核定后才能申领 / the quota is ${quota.status}, not approved`,
        { limit: 'quota_status', status: quota.status },
      );
    }
    // Same district only when both are in one Harbin district (`outside` is not a district); a district body pays
    // only for enterprises of its district (split.ts).
    const split = splitReimbursement(r.amountYuan, p.shares, {
      enterpriseDistrict: r.enterpriseDistrict,
      providerDistrict: r.providerDistrict,
    });
    const year = r.servedOn.slice(0, 4);
    const [used] = await m.query<Array<{ quota: number; cap: number; budget: number }>>(
      `SELECT coalesce(sum(reimbursed_yuan) FILTER (WHERE quota_id = $2), 0)::bigint AS quota,
              coalesce(sum(reimbursed_yuan) FILTER (WHERE enterprise_organization_id = $3
                AND extract(year FROM served_on) = $4::int), 0)::bigint AS cap,
              coalesce(sum(reimbursed_yuan), 0)::bigint AS budget
         FROM voucher_claims WHERE programme_id = $1`,
      [p.id, dto.quotaId, r.enterpriseOrganizationId, year],
    );
    const limits = {
      quotaRemainingYuan: quota.approvedYuan - used.quota,
      capRemainingYuan: p.capPerEnterpriseYuan - used.cap,
      budgetRemainingYuan: p.budgetYuan - used.budget,
    };
    const want = split.totalYuan;
    if (want <= 0) {
      throw conflict('按本计划比例，该服务的补助为 0 元 / the reimbursement under this programme’s shares is 0 yuan', {
        limit: 'zero',
        requestedYuan: 0,
      });
    }
    if (want > limits.quotaRemainingYuan) {
      throw conflict(
        `超出企业核定额度：本次补助 ${want} 元，额度剩余 ${limits.quotaRemainingYuan} 元 / exceeds the quota: ` +
          `${want} yuan claimed, ${limits.quotaRemainingYuan} yuan remaining`,
        { limit: 'quota', requestedYuan: want, remainingYuan: limits.quotaRemainingYuan },
      );
    }
    if (want > limits.capRemainingYuan) {
      throw conflict(
        `超出每家企业 ${year} 年度补助上限 ${p.capPerEnterpriseYuan} 元：本次补助 ${want} 元，剩余 ${limits.capRemainingYuan} 元 / ` +
          `exceeds the per-enterprise cap for ${year}: ${want} yuan claimed, ${limits.capRemainingYuan} yuan remaining`,
        { limit: 'cap', year: Number(year), requestedYuan: want, remainingYuan: limits.capRemainingYuan },
      );
    }
    if (want > limits.budgetRemainingYuan) {
      throw conflict(
        `超出计划预算：本次补助 ${want} 元，预算剩余 ${limits.budgetRemainingYuan} 元 / exceeds the programme budget: ` +
          `${want} yuan claimed, ${limits.budgetRemainingYuan} yuan remaining`,
        { limit: 'budget', requestedYuan: want, remainingYuan: limits.budgetRemainingYuan },
      );
    }
    return { record: r, programme: p, quotaId: dto.quotaId, split, limits };
  }

  /** The caller's organisation's paid service records that no claim uses yet: what it may still claim. */
  async claimable(user: AuthUser, q: PageQuery): Promise<ServiceRecordPage> {
    const claimed = await this.dataSource.query<Array<{ id: string }>>(
      `SELECT service_record_id AS id FROM voucher_claims WHERE enterprise_organization_id = $1`,
      [user.organizationId],
    );
    return this.records.list(
      user,
      { ...q, role: 'enterprise', paid: true },
      claimed.map((c) => c.id),
    );
  }

  async list(user: AuthUser, q: ClaimQuery): Promise<ClaimPage> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, v: unknown) => {
      params.push(v);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (!isCoordinator(user)) {
      if (q.side === 'enterprise') add('c.enterprise_organization_id = ?', user.organizationId);
      else if (q.side === 'provider') add('c.provider_organization_id = ?', user.organizationId);
      else {
        params.push(user.organizationId);
        where.push(
          `(c.enterprise_organization_id = $${params.length} OR c.provider_organization_id = $${params.length})`,
        );
      }
    }
    if (q.programmeId) add('c.programme_id = ?', q.programmeId);
    if (q.status) add('c.status = ?', q.status);
    if (q.settlementId) add('c.settlement_id = ?', q.settlementId);
    const w = where.length ? ` WHERE ${where.join(' AND ')}` : '';
    const { skip, take } = skipTake(q);
    const [{ total }] = await this.dataSource.query<Array<{ total: number }>>(
      `SELECT count(*)::int AS total FROM voucher_claims c${w}`,
      params,
    );
    const items = await this.dataSource.query<ClaimView[]>(
      `${CLAIM_SELECT}${w} ORDER BY c.created_at DESC, c.id LIMIT ${take} OFFSET ${skip}`,
      params,
    );
    return pageOf(items, total, q);
  }

  /** Coordinators, and members of the claim's enterprise or provider; 404 for others. */
  async get(user: AuthUser, id: string): Promise<ClaimView> {
    const [row] = await this.dataSource.query<ClaimView[]>(`${CLAIM_SELECT} WHERE c.id = $1`, [id]);
    if (
      !row ||
      (!isCoordinator(user) &&
        row.enterpriseOrganizationId !== user.organizationId &&
        row.providerOrganizationId !== user.organizationId)
    ) {
      throw notFound(CLAIM);
    }
    return row;
  }

  /** Coordinators: the programme's ledger, oldest first, each row with its account's running balance. */
  async ledger(id: string, q: PageQuery): Promise<VoucherLedgerPage> {
    const [p] = await this.dataSource.query<Array<{ id: string }>>(`SELECT id FROM voucher_programmes WHERE id = $1`, [
      id,
    ]);
    if (!p) throw notFound(PROGRAMME);
    const { skip, take } = skipTake(q);
    const [{ total }] = await this.dataSource.query<Array<{ total: number }>>(
      `SELECT count(*)::int AS total FROM voucher_ledger WHERE programme_id = $1`,
      [id],
    );
    const items = await this.dataSource.query<VoucherLedgerRow[]>(
      `SELECT * FROM (
         SELECT l.id, l.entry_id AS "entryId", l.claim_id AS "claimId", l.settlement_id AS "settlementId", l.account,
                l.account_ref AS "accountRef", l.body, l.debit_yuan AS "debitYuan", l.credit_yuan AS "creditYuan",
                (sum(l.debit_yuan - l.credit_yuan) OVER (PARTITION BY l.account, l.account_ref ORDER BY l.id))::bigint
                  AS "balanceYuan",
                l.created_at AS "createdAt"
           FROM voucher_ledger l WHERE l.programme_id = $1) x
        ORDER BY x.id LIMIT ${take} OFFSET ${skip}`,
      [id],
    );
    const totals = await this.dataSource.query<VoucherLedgerTotal[]>(
      `SELECT account, coalesce(sum(debit_yuan), 0)::bigint AS "debitYuan", coalesce(sum(credit_yuan), 0)::bigint AS "creditYuan",
              coalesce(sum(debit_yuan - credit_yuan), 0)::bigint AS "balanceYuan"
         FROM voucher_ledger WHERE programme_id = $1 GROUP BY account
        ORDER BY array_position(ARRAY['programme_budget', 'enterprise_quota', 'provider_payable', 'paid'], account)`,
      [id],
    );
    return { ...pageOf(items, total, q), totals };
  }
}

export interface LedgerLeg {
  account: LedgerAccount;
  ref: string;
  body: string;
  debit: number;
  credit: number;
}

/** One balanced entry (one business event) of the ledger, in a single INSERT. */
export async function writeLedger(
  m: Q,
  e: { programmeId: string; claimId: string | null; settlementId: string | null; actorId: string | null },
  legs: ReadonlyArray<LedgerLeg & { claimId?: string }>,
): Promise<void> {
  if (!legs.length) return;
  const entryId = randomUUID();
  const params: unknown[] = [];
  const values = legs.map((l) => {
    params.push(
      entryId,
      e.programmeId,
      l.claimId ?? e.claimId,
      e.settlementId,
      l.account,
      l.ref,
      l.body,
      l.debit,
      l.credit,
      e.actorId,
    );
    const n = params.length;
    return `(${Array.from({ length: 10 }, (_, i) => `$${n - 9 + i}`).join(', ')})`;
  });
  await m.query(
    `INSERT INTO voucher_ledger (entry_id, programme_id, claim_id, settlement_id, account, account_ref, body,
        debit_yuan, credit_yuan, actor_id)
     VALUES ${values.join(', ')}`,
    params,
  );
}
