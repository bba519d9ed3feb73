import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import iconv from 'iconv-lite';
import { DataSource } from 'typeorm';
import { asText, csvHead, csvRows, type CsvColumn } from '../../common/csv/csv.js';
import { todayInHarbin } from '../../common/domain/dates.js';
import { ORGANIZATION_KIND_LABELS, type OrganizationKind } from '../../common/domain/vocabulary.js';
import { conflict, invalidField, notFound } from '../../common/errors/app-errors.js';
import { pageOf, skipTake } from '../../common/pagination/pagination.js';
import { UnitOfWork } from '../../jobs/unit-of-work.js';
import type { AuthUser } from '../auth/auth-user.js';
import { writeLedger, type LedgerLeg } from './claims.service.js';
import type {
  ProviderFlagDto,
  VoucherProviderList,
  VoucherProviderView,
  SettlementDto,
  SettlementPage,
  SettlementQuery,
  SettlementView,
  VoucherStatsQuery,
  VoucherStatsView,
} from './dto/vouchers.dto.js';
import { PROGRAMME, ProgrammesService } from './programmes.service.js';
import { harbinMonthRange, monthEnded, type SplitLine } from './split.js';
import { VoucherAudit } from './voucher-audit.js';

const SETTLEMENT = '结算批次 / settlement';
const ORGANIZATION = '机构 / organisation';

const SETTLEMENT_SELECT = `
  SELECT s.id, s.programme_id AS "programmeId", p.name AS "programmeName", to_char(s.month, 'YYYY-MM') AS month,
         s.claims_count AS "claimsCount", s.service_amount_yuan AS "serviceAmountYuan",
         s.reimbursed_yuan AS "reimbursedYuan",
         coalesce((SELECT jsonb_agg(jsonb_build_object('body', b.body, 'level', b.level, 'amountYuan', b.amount)
                                    ORDER BY b.first)
                     FROM (SELECT x->>'body' AS body, min(x->>'level') AS level,
                                  sum((x->>'amountYuan')::bigint) AS amount, min(c.created_at) AS first
                             FROM voucher_claims c, jsonb_array_elements(c.split) x
                            WHERE c.settlement_id = s.id GROUP BY x->>'body') b), '[]') AS "byBody",
         s.created_at AS "createdAt"
    FROM voucher_settlements s JOIN voucher_programmes p ON p.id = s.programme_id`;

export type ExportEncoding = 'gbk' | 'gb18030' | 'utf-8';

const gbkCache = new Map<string, boolean>();
/** Whether GBK (cp936) encodes a character (one code point) and decodes it back unchanged. */
function inGbk(ch: string): boolean {
  let ok = gbkCache.get(ch);
  if (ok === undefined) {
    ok = iconv.decode(iconv.encode(ch, 'cp936'), 'cp936') === ch;
    gbkCache.set(ch, ok);
  }
  return ok;
}

/** Every character GBK cannot encode (𠀀, emoji…) as a visible `[U+20000]`, so nothing is lost silently. */
export function gbkPlaceholders(text: string): string {
  let out = '';
  for (const ch of text) {
    out +=
      ch.charCodeAt(0) < 0x80 || inGbk(ch)
        ? ch
        : `[U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`;
  }
  return out;
}

interface ExportRow {
  settlementId: string;
  enterpriseName: string;
  creditCode: string | null;
  providerName: string;
  description: string;
  servedOn: string;
  serviceAmountYuan: number;
  split: SplitLine[];
  reimbursedYuan: number;
}

/** Monthly settlements (结算) and their GB18030 export, 后补助 provider figures and flags, and voucher statistics. */
@Injectable()
export class SettlementsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly programmes: ProgrammesService,
    private readonly audit: VoucherAudit,
  ) {}

  /**
   * Every `booked` claim of the programme created in that Harbin month becomes `settled`, with the ledger legs
   * provider_payable → paid, in one transaction under the programme's lock. Once per (programme, month): 409 naming
   * the existing batch; 409 too for a month not yet over or without booked claims.
   */
  async settle(user: AuthUser, dto: SettlementDto): Promise<SettlementView> {
    if (!monthEnded(dto.month)) {
      throw conflict(
        `${dto.month} 尚未结束（哈尔滨时间），月末之后才能结算 / ${dto.month} has not ended yet (Harbin time): settle it afterwards`,
        { month: dto.month },
      );
    }
    const id = await this.uow.run(async (tx) => {
      const m = tx.manager;
      const p = await this.programmes.programmeRow(m, dto.programmeId, true);
      if (!p) throw notFound(PROGRAMME);
      const [existing] = await m.query<Array<{ id: string; claimsCount: number }>>(
        `SELECT id, claims_count AS "claimsCount" FROM voucher_settlements WHERE programme_id = $1 AND month = $2`,
        [p.id, `${dto.month}-01`],
      );
      if (existing) {
        throw conflict(
          `${dto.month} 已结算（批次 ${existing.id}，${existing.claimsCount} 笔）/ ${dto.month} was settled already (batch ${existing.id})`,
          { settlementId: existing.id },
        );
      }
      const { from, to } = harbinMonthRange(dto.month);
      const claims = await m.query<
        Array<{ id: string; enterprise: string; provider: string; service: number; reimbursed: number }>
      >(
        `SELECT id, enterprise_organization_id AS enterprise, provider_organization_id AS provider,
                service_amount_yuan AS service, reimbursed_yuan AS reimbursed
           FROM voucher_claims
          WHERE programme_id = $1 AND status = 'booked' AND created_at >= $2 AND created_at < $3
          ORDER BY created_at, id FOR UPDATE`,
        [p.id, from, to],
      );
      if (!claims.length) {
        throw conflict(`${dto.month} 没有待结算的补助 / no booked claims in ${dto.month}`, { month: dto.month });
      }
      // What is paid is what the ledger owes: each claim's provider_payable balance per provider and body (not the
      // claim's split jsonb, a copy for reading).
      const owed = await m.query<Array<{ claimId: string; provider: string; body: string; yuan: number }>>(
        `SELECT claim_id AS "claimId", account_ref AS provider, body, sum(debit_yuan - credit_yuan)::bigint AS yuan
           FROM voucher_ledger
          WHERE claim_id = ANY($1::uuid[]) AND account = 'provider_payable'
          GROUP BY claim_id, account_ref, body HAVING sum(debit_yuan - credit_yuan) <> 0
          ORDER BY min(id)`,
        [claims.map((c) => c.id)],
      );
      const service = claims.reduce((a, c) => a + c.service, 0);
      const reimbursed = claims.reduce((a, c) => a + c.reimbursed, 0);
      const paying = owed.reduce((a, o) => a + o.yuan, 0);
      if (paying !== reimbursed || owed.some((o) => o.yuan < 0)) {
        throw new Error(
          `voucher ledger out of step with the claims of ${dto.month}: ${paying} yuan payable, ${reimbursed} claimed`,
        );
      }
      const [s] = await m.query<Array<{ id: string }>>(
        `INSERT INTO voucher_settlements (programme_id, month, claims_count, service_amount_yuan, reimbursed_yuan, created_by)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [p.id, `${dto.month}-01`, claims.length, service, reimbursed, user.id],
      );
      const legs: Array<LedgerLeg & { claimId: string }> = owed.flatMap((o) => [
        { claimId: o.claimId, account: 'provider_payable', ref: o.provider, body: o.body, debit: 0, credit: o.yuan },
        { claimId: o.claimId, account: 'paid', ref: o.provider, body: o.body, debit: o.yuan, credit: 0 },
      ]);
      await writeLedger(m, { programmeId: p.id, claimId: null, settlementId: s.id, actorId: user.id }, legs);
      await m.query(
        `UPDATE voucher_claims SET status = 'settled', settlement_id = $2, settled_at = now() WHERE id = ANY($1::uuid[])`,
        [claims.map((c) => c.id), s.id],
      );
      await this.audit.record(tx, {
        programmeId: p.id,
        subject: 'settlement',
        subjectId: s.id,
        actorId: user.id,
        kind: 'settled',
        toStatus: 'settled',
        data: { month: dto.month, claims: claims.length, serviceAmountYuan: service, reimbursedYuan: reimbursed },
      });
      for (const c of claims) {
        await this.audit.record(tx, {
          programmeId: p.id,
          subject: 'claim',
          subjectId: c.id,
          actorId: user.id,
          kind: 'status',
          fromStatus: 'booked',
          toStatus: 'settled',
          data: { settlementId: s.id },
        });
      }
      await this.audit.notify(tx, p, 'settled', {
        organizationIds: [...new Set(claims.flatMap((c) => [c.enterprise, c.provider]))],
        exceptUserId: user.id,
        title: `创新券 ${dto.month} 已结算 / vouchers of ${dto.month} settled`,
        body: `${claims.length} 笔，补助合计 ${reimbursed} 元 / ${claims.length} claims, ${reimbursed} yuan`,
        payload: { settlementId: s.id, month: dto.month },
      });
      return s.id;
    });
    return this.get(id);
  }

  async list(q: SettlementQuery): Promise<SettlementPage> {
    const params: unknown[] = [];
    let w = '';
    if (q.programmeId) {
      params.push(q.programmeId);
      w = ` WHERE s.programme_id = $1`;
    }
    const { skip, take } = skipTake(q);
    const [{ total }] = await this.dataSource.query<Array<{ total: number }>>(
      `SELECT count(*)::int AS total FROM voucher_settlements s${w}`,
      params,
    );
    const items = await this.dataSource.query<SettlementView[]>(
      `${SETTLEMENT_SELECT}${w} ORDER BY s.month DESC, s.created_at DESC LIMIT ${take} OFFSET ${skip}`,
      params,
    );
    return pageOf(items, total, q);
  }

  async get(id: string): Promise<SettlementView> {
    const [row] = await this.dataSource.query<SettlementView[]>(`${SETTLEMENT_SELECT} WHERE s.id = $1`, [id]);
    if (!row) throw notFound(SETTLEMENT);
    return row;
  }

  /**
   * The finance office's CSV of a batch: GBK (cp936, what Excel on a Chinese Windows opens; no BOM) by default —
   * a character GBK cannot encode (𠀀, an emoji) is written as a visible `[U+20000]` rather than a silent `?`;
   * GB18030 (a GBK superset that encodes everything) or UTF-8 with a BOM on request. CRLF; formula-guarded cells;
   * the credit code kept as text. One column per reimbursing body.
   */
  async export(id: string, encoding: ExportEncoding = 'gbk'): Promise<{ filename: string; bytes: Buffer }> {
    const s = await this.get(id);
    const [p] = await this.dataSource.query<Array<{ shares: Array<{ body: string }> }>>(
      `SELECT shares FROM voucher_programmes WHERE id = $1`,
      [s.programmeId],
    );
    const rows = await this.dataSource.query<ExportRow[]>(
      `SELECT c.settlement_id AS "settlementId", eo.name AS "enterpriseName", eo.credit_code AS "creditCode",
              po.name AS "providerName", sr.description, to_char(c.served_on, 'YYYY-MM-DD') AS "servedOn",
              c.service_amount_yuan AS "serviceAmountYuan", c.split, c.reimbursed_yuan AS "reimbursedYuan"
         FROM voucher_claims c
         JOIN organizations eo ON eo.id = c.enterprise_organization_id
         JOIN organizations po ON po.id = c.provider_organization_id
         JOIN service_records sr ON sr.id = c.service_record_id
        WHERE c.settlement_id = $1 ORDER BY eo.name, c.served_on, c.id`,
      [id],
    );
    const bodies = [...new Set([...p.shares.map((x) => x.body), ...rows.flatMap((r) => r.split.map((l) => l.body))])];
    const columns: Array<CsvColumn<ExportRow>> = [
      { header: '结算批次', value: () => `${s.month} ${s.id}` },
      { header: '企业名称', value: (r) => r.enterpriseName },
      { header: '统一社会信用代码', value: (r) => asText(r.creditCode) },
      { header: '服务机构', value: (r) => r.providerName },
      { header: '服务内容', value: (r) => r.description },
      { header: '服务日期', value: (r) => r.servedOn },
      { header: '服务金额(元)', value: (r) => r.serviceAmountYuan },
      ...bodies.map((b) => ({
        header: `${b}(元)`,
        value: (r: ExportRow) => r.split.find((l) => l.body === b)?.amountYuan ?? 0,
      })),
      { header: '合计补助(元)', value: (r) => r.reimbursedYuan },
    ];
    const csv = csvHead(columns) + csvRows(rows, columns);
    const filename = `创新券结算-${s.programmeName}-${s.month}.csv`;
    if (encoding === 'utf-8') return { filename, bytes: Buffer.from(csv, 'utf8') };
    // GBK and GB18030 have no byte order mark: the file starts with its first header.
    const text = csv.replace(/^\uFEFF/, '');
    if (encoding === 'gb18030') return { filename, bytes: iconv.encode(text, 'gb18030') };
    return { filename, bytes: iconv.encode(gbkPlaceholders(text), 'cp936') };
  }

  /** 后补助: per provider organisation, its service records in the programme period, claims, ratings and flag. */
  async providers(programmeId: string): Promise<VoucherProviderList> {
    const p = await this.programmes.programmeRow(this.dataSource, programmeId);
    if (!p) throw notFound(PROGRAMME);
    const items = await this.dataSource.query<VoucherProviderView[]>(
      `WITH recs AS (
         SELECT sr.provider_organization_id AS org, count(*)::int AS records,
                count(*) FILTER (WHERE sr.paid_at IS NOT NULL)::int AS paid,
                coalesce(sum(sr.amount_yuan) FILTER (WHERE sr.paid_at IS NOT NULL), 0)::bigint AS amount,
                round(avg(sr.rating)::numeric, 2)::float8 AS rating, count(sr.rating)::int AS ratings
           FROM service_records sr
          WHERE (sr.served_to AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $2::date AND $3::date
          GROUP BY 1),
       cl AS (
         SELECT provider_organization_id AS org, count(*)::int AS claims, sum(reimbursed_yuan)::bigint AS reimbursed
           FROM voucher_claims WHERE programme_id = $1 GROUP BY 1)
       SELECT o.id AS "organizationId", o.name, o.kind, o.district,
              coalesce(r.records, 0) AS "serviceRecords", coalesce(r.paid, 0) AS "paidRecords",
              coalesce(r.amount, 0)::bigint AS "amountYuan", coalesce(cl.claims, 0) AS claims,
              coalesce(cl.reimbursed, 0)::bigint AS "reimbursedYuan", r.rating AS "averageRating",
              coalesce(r.ratings, 0) AS "ratingsCount",
              (coalesce(r.paid, 0) >= 5 AND coalesce(r.rating, 0) >= 4.5) AS suggested,
              coalesce(f.flagged, false) AS flagged, f.note AS "flagNote"
         FROM organizations o
         LEFT JOIN recs r ON r.org = o.id
         LEFT JOIN cl ON cl.org = o.id
         LEFT JOIN voucher_provider_flags f ON f.programme_id = $1 AND f.organization_id = o.id
        WHERE r.org IS NOT NULL OR cl.org IS NOT NULL OR f.organization_id IS NOT NULL
        ORDER BY suggested DESC, "amountYuan" DESC, o.name`,
      [p.id, p.periodStart, p.periodEnd],
    );
    return { items };
  }

  async flag(user: AuthUser, programmeId: string, orgId: string, dto: ProviderFlagDto): Promise<VoucherProviderView> {
    await this.uow.run(async (tx) => {
      const m = tx.manager;
      const p = await this.programmes.programmeRow(m, programmeId, true);
      if (!p) throw notFound(PROGRAMME);
      const [org] = await m.query<Array<{ name: string; kind: OrganizationKind }>>(
        `SELECT name, kind::text AS kind FROM organizations WHERE id = $1`,
        [orgId],
      );
      if (!org) throw notFound(ORGANIZATION);
      if (!p.eligibleProviderKinds.includes(org.kind)) {
        throw invalidField(
          'orgId',
          `“${org.name}” 是${ORGANIZATION_KIND_LABELS[org.kind]}，不是本计划的服务机构类型（${p.eligibleProviderKinds
            .map((k) => ORGANIZATION_KIND_LABELS[k as OrganizationKind])
            .join('、')}）/ organisations of kind ${org.kind} are not eligible providers of this programme`,
        );
      }
      const [before] = await m.query<Array<{ flagged: boolean }>>(
        `SELECT flagged FROM voucher_provider_flags WHERE programme_id = $1 AND organization_id = $2`,
        [programmeId, orgId],
      );
      await m.query(
        `INSERT INTO voucher_provider_flags (programme_id, organization_id, flagged, note, updated_by)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (programme_id, organization_id)
         DO UPDATE SET flagged = EXCLUDED.flagged, note = EXCLUDED.note, updated_by = EXCLUDED.updated_by, updated_at = now()`,
        [programmeId, orgId, dto.flagged, dto.note ?? null, user.id],
      );
      await this.audit.record(tx, {
        programmeId,
        subject: 'flag',
        subjectId: orgId,
        actorId: user.id,
        kind: dto.flagged ? 'flagged' : 'unflagged',
        fromStatus: before ? String(before.flagged) : null,
        toStatus: String(dto.flagged),
        note: dto.note ?? null,
      });
      await this.audit.notify(tx, p, 'provider_flag', {
        coordinators: true,
        exceptUserId: user.id,
        title: dto.flagged
          ? `后补助候选：${org.name} / flagged for post-subsidy`
          : `取消后补助标记：${org.name} / post-subsidy flag removed`,
        body: dto.note ?? undefined,
        payload: { organizationId: orgId, flagged: dto.flagged },
      });
    });
    const list = await this.providers(programmeId);
    const row = list.items.find((i) => i.organizationId === orgId);
    if (!row) throw notFound(ORGANIZATION);
    return row;
  }

  /** Claims booked and quotas approved between two Harbin dates (inclusive). */
  async stats(q: VoucherStatsQuery): Promise<VoucherStatsView> {
    const to = q.to ?? todayInHarbin();
    const from = q.from ?? `${to.slice(0, 4)}-01-01`;
    if (from > to) throw invalidField('from', 'from 不能晚于 to / from must not be after to');
    const range = `(c.created_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $1::date AND $2::date`;
    const db = this.dataSource;
    const [quotas] = await db.query<Array<{ count: number; yuan: number }>>(
      `SELECT count(*)::int AS count, coalesce(sum(approved_yuan), 0)::bigint AS yuan FROM voucher_quotas
        WHERE status = 'approved' AND (decided_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $1::date AND $2::date`,
      [from, to],
    );
    const [claims] = await db.query<
      Array<{
        count: number;
        serviceYuan: number;
        reimbursedYuan: number;
        bookedCount: number;
        bookedYuan: number;
        settledCount: number;
        settledYuan: number;
      }>
    >(
      `SELECT count(*)::int AS count, coalesce(sum(service_amount_yuan), 0)::bigint AS "serviceYuan",
              coalesce(sum(reimbursed_yuan), 0)::bigint AS "reimbursedYuan",
              count(*) FILTER (WHERE status = 'booked')::int AS "bookedCount",
              coalesce(sum(reimbursed_yuan) FILTER (WHERE status = 'booked'), 0)::bigint AS "bookedYuan",
              count(*) FILTER (WHERE status = 'settled')::int AS "settledCount",
              coalesce(sum(reimbursed_yuan) FILTER (WHERE status = 'settled'), 0)::bigint AS "settledYuan"
         FROM voucher_claims c WHERE ${range}`,
      [from, to],
    );
    const byBody = await db.query<VoucherStatsView['byBody']>(
      `SELECT x->>'body' AS body, min(x->>'level') AS level, sum((x->>'amountYuan')::bigint)::bigint AS "amountYuan"
         FROM voucher_claims c, jsonb_array_elements(c.split) x WHERE ${range}
        GROUP BY x->>'body' ORDER BY "amountYuan" DESC, body`,
      [from, to],
    );
    const matrix = await db.query<VoucherStatsView['matrix']>(
      `SELECT eo.district::text AS "enterpriseDistrict", po.district::text AS "providerDistrict", count(*)::int AS claims,
              sum(c.reimbursed_yuan)::bigint AS "reimbursedYuan"
         FROM voucher_claims c
         JOIN organizations eo ON eo.id = c.enterprise_organization_id
         JOIN organizations po ON po.id = c.provider_organization_id
        WHERE ${range} GROUP BY 1, 2 ORDER BY 1, 2`,
      [from, to],
    );
    const fold = (key: 'enterpriseDistrict' | 'providerDistrict') => {
      const m = new Map<string, { district: string; claims: number; reimbursedYuan: number }>();
      for (const c of matrix) {
        const d = m.get(c[key]) ?? { district: c[key], claims: 0, reimbursedYuan: 0 };
        d.claims += c.claims;
        d.reimbursedYuan += c.reimbursedYuan;
        m.set(c[key], d);
      }
      return [...m.values()].sort(
        (a, b) => b.reimbursedYuan - a.reimbursedYuan || a.district.localeCompare(b.district),
      );
    };
    return {
      from,
      to,
      quotas,
      claims: { count: claims.count, serviceYuan: claims.serviceYuan, reimbursedYuan: claims.reimbursedYuan },
      byBody,
      byEnterpriseDistrict: fold('enterpriseDistrict'),
      byProviderDistrict: fold('providerDistrict'),
      matrix,
      booked: { count: claims.bookedCount, yuan: claims.bookedYuan },
      settled: { count: claims.settledCount, yuan: claims.settledYuan },
    };
  }
}
