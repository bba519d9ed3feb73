import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { District, OrganizationKind } from '../../common/domain/vocabulary.js';
import { conflict, forbidden, invalidField, notFound } from '../../common/errors/app-errors.js';
import { pageOf, skipTake } from '../../common/pagination/pagination.js';
import { UnitOfWork, type Tx } from '../../jobs/unit-of-work.js';
import { isCoordinator, type AuthUser } from '../auth/auth-user.js';
import type { ServiceKind, ServiceRecordSource, ServiceUnit } from './entities/service-record.entity.js';
import type {
  PaymentDto,
  RatingDto,
  ServiceRecordPage,
  ServiceRecordQuery,
  ServiceRecordView,
} from './dto/service-record.dto.js';
import { InstrumentEventsService, InstrumentsNotifier } from './instrument-events.js';

const RECORD = '服务记录 / service record';

/** A service record as module B (vouchers) reads it to claim it, locked FOR UPDATE. */
export interface ServiceRecordForClaim {
  id: string;
  source: ServiceRecordSource;
  bookingId: string | null;
  testingOrderId: string | null;
  capabilityId: string;
  capabilityKind: ServiceKind;
  providerOrganizationId: string;
  providerName: string;
  /** The provider organisation's kind (university, research_institute, lab, enterprise, …). */
  providerKind: OrganizationKind;
  providerDistrict: District;
  enterpriseOrganizationId: string;
  enterpriseName: string;
  enterpriseDistrict: District;
  description: string;
  quantity: number;
  unit: ServiceUnit;
  amountYuan: number;
  servedFrom: Date;
  servedTo: Date;
  /** The Harbin date (YYYY-MM-DD) the service ended on. */
  servedOn: string;
  completedAt: Date;
  paidAt: Date | null;
  paymentRef: string | null;
  rating: number | null;
}

/** What creates a record (a completed booking, an issued report), in that step's transaction. */
export interface NewServiceRecord {
  source: ServiceRecordSource;
  bookingId?: string | null;
  testingOrderId?: string | null;
  capabilityId: string;
  capabilityKind: ServiceKind;
  providerOrganizationId: string;
  enterpriseOrganizationId: string;
  description: string;
  quantity: number;
  unit: ServiceUnit;
  amountYuan: number;
  servedFrom: Date | string;
  servedTo: Date | string;
}

type Row = Omit<ServiceRecordView, 'viewerRole' | 'mayRecordPayment' | 'mayRate' | 'quantity'> & { quantity: string };

const SELECT = `
  SELECT sr.id, sr.source, sr.booking_id AS "bookingId", sr.testing_order_id AS "testingOrderId",
         sr.capability_id AS "capabilityId", c.title AS "capabilityTitle", sr.capability_kind AS "capabilityKind",
         sr.provider_organization_id AS "providerOrganizationId", po.name AS "providerName",
         sr.enterprise_organization_id AS "enterpriseOrganizationId", eo.name AS "enterpriseName",
         sr.description, sr.quantity, sr.unit, sr.amount_yuan AS "amountYuan", sr.served_from AS "servedFrom",
         sr.served_to AS "servedTo", to_char(sr.served_to AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS "servedOn",
         sr.completed_at AS "completedAt", sr.paid_at AS "paidAt", sr.payment_ref AS "paymentRef", sr.rating,
         sr.rating_comment AS "ratingComment", sr.rated_at AS "ratedAt"
    FROM service_records sr
    JOIN capabilities c ON c.id = sr.capability_id
    JOIN organizations po ON po.id = sr.provider_organization_id
    JOIN organizations eo ON eo.id = sr.enterprise_organization_id`;

/**
 * Service records: created by bookings and testing orders (`create`, in their step's transaction), marked paid by the
 * provider, rated once by the enterprise, and claimed by module B through `findForClaim`. Exported by
 * InstrumentsModule.
 */
@Injectable()
export class ServiceRecordsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly events: InstrumentEventsService,
    private readonly notifier: InstrumentsNotifier,
  ) {}

  /**
   * For module B: the record locked `FOR UPDATE` (in the caller's transaction), with its provider's kind and
   * district and its enterprise's district; null when it does not exist. Access is the caller's to check.
   */
  async findForClaim(tx: Tx | Pick<EntityManager, 'query'>, id: string): Promise<ServiceRecordForClaim | null> {
    const m = 'manager' in tx ? tx.manager : tx;
    const [row] = await m.query<Array<Omit<ServiceRecordForClaim, 'quantity'> & { quantity: string }>>(
      `SELECT sr.id, sr.source, sr.booking_id AS "bookingId", sr.testing_order_id AS "testingOrderId",
              sr.capability_id AS "capabilityId", sr.capability_kind AS "capabilityKind",
              sr.provider_organization_id AS "providerOrganizationId", po.name AS "providerName",
              po.kind::text AS "providerKind", po.district::text AS "providerDistrict",
              sr.enterprise_organization_id AS "enterpriseOrganizationId", eo.name AS "enterpriseName",
              eo.district::text AS "enterpriseDistrict", sr.description, sr.quantity, sr.unit,
              sr.amount_yuan AS "amountYuan", sr.served_from AS "servedFrom", sr.served_to AS "servedTo",
              to_char(sr.served_to AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS "servedOn",
              sr.completed_at AS "completedAt", sr.paid_at AS "paidAt", sr.payment_ref AS "paymentRef", sr.rating
         FROM service_records sr
         JOIN organizations po ON po.id = sr.provider_organization_id
         JOIN organizations eo ON eo.id = sr.enterprise_organization_id
        WHERE sr.id = $1
        FOR UPDATE OF sr`,
      [id],
    );
    return row ? { ...row, quantity: Number(row.quantity) } : null;
  }

  /** Writes the record (once per booking / order: UNIQUE), its audit row and the notice, in the step's transaction. */
  async create(tx: Tx, actorId: string | null, r: NewServiceRecord): Promise<string> {
    const [{ id }] = await tx.manager.query<Array<{ id: string }>>(
      `INSERT INTO service_records (source, booking_id, testing_order_id, capability_id, capability_kind,
                                    provider_organization_id, enterprise_organization_id, description, quantity, unit,
                                    amount_yuan, served_from, served_to)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
      [
        r.source,
        r.bookingId ?? null,
        r.testingOrderId ?? null,
        r.capabilityId,
        r.capabilityKind,
        r.providerOrganizationId,
        r.enterpriseOrganizationId,
        r.description,
        r.quantity,
        r.unit,
        r.amountYuan,
        r.servedFrom,
        r.servedTo,
      ],
    );
    await this.events.record(tx, {
      subject: 'service_record',
      subjectId: id,
      actorId,
      kind: 'created',
      toStatus: 'unpaid',
      data: {
        source: r.source,
        bookingId: r.bookingId ?? null,
        testingOrderId: r.testingOrderId ?? null,
        amountYuan: r.amountYuan,
      },
    });
    return id;
  }

  /** `exclude`: records left out (the voucher module's claimed ones: it owns that knowledge, we own the records). */
  async list(user: AuthUser, q: ServiceRecordQuery, exclude: readonly string[] = []): Promise<ServiceRecordPage> {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (q.role === 'provider') where.push(`sr.provider_organization_id = ${p(user.organizationId)}`);
    else if (q.role === 'enterprise') where.push(`sr.enterprise_organization_id = ${p(user.organizationId)}`);
    else if (!isCoordinator(user)) {
      const o = p(user.organizationId);
      where.push(`(sr.provider_organization_id = ${o} OR sr.enterprise_organization_id = ${o})`);
    }
    if (q.paid !== undefined) where.push(q.paid ? `sr.paid_at IS NOT NULL` : `sr.paid_at IS NULL`);
    if (q.kind) where.push(`sr.capability_kind = ${p(q.kind)}`);
    if (exclude.length) where.push(`NOT (sr.id = ANY(${p(exclude)}::uuid[]))`);
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const m = this.dataSource.manager;
    const [{ n }] = await m.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM service_records sr ${w}`,
      params,
    );
    const { skip, take } = skipTake(q);
    const rows = await m.query<Row[]>(
      `${SELECT} ${w} ORDER BY sr.completed_at DESC, sr.id LIMIT ${p(take)} OFFSET ${p(skip)}`,
      params,
    );
    return pageOf(
      rows.map((r) => this.view(user, r)),
      n,
      q,
    );
  }

  async get(user: AuthUser, id: string): Promise<ServiceRecordView> {
    const row = await this.readable(this.dataSource.manager, user, id);
    return this.view(user, row);
  }

  /** The provider (or a coordinator) records the payment: 409 when already paid. */
  async pay(user: AuthUser, id: string, dto: PaymentDto): Promise<ServiceRecordView> {
    let paidAt = new Date();
    if (dto.paidAt !== undefined) {
      paidAt = new Date(dto.paidAt);
      if (Number.isNaN(paidAt.getTime()))
        throw invalidField('paidAt', 'paidAt 应为 ISO-8601 时间 / paidAt must be an ISO-8601 time');
      if (paidAt.getTime() > Date.now() + 60_000) {
        throw invalidField('paidAt', '付款时间不能晚于现在 / paidAt must not be in the future');
      }
    }
    await this.uow.run(async (tx) => {
      const r = await this.readable(tx.manager, user, id, true);
      if (r.providerOrganizationId !== user.organizationId && !isCoordinator(user)) {
        throw forbidden('只有服务方可以登记付款 / only the provider records the payment');
      }
      if (r.paidAt) {
        throw conflict(
          `该服务已登记付款（发票号 ${r.paymentRef}）/ already recorded as paid (invoice ${r.paymentRef})`,
          {
            paidAt: r.paidAt,
            paymentRef: r.paymentRef,
          },
        );
      }
      if (paidAt.getTime() < new Date(r.servedFrom).getTime()) {
        throw invalidField('paidAt', '付款时间不能早于服务开始 / paidAt must not be before the service started');
      }
      await tx.manager.query(`UPDATE service_records SET paid_at = $2, payment_ref = $3, paid_by = $4 WHERE id = $1`, [
        id,
        paidAt,
        dto.invoiceNo,
        user.id,
      ]);
      await this.events.record(tx, {
        subject: 'service_record',
        subjectId: id,
        actorId: user.id,
        kind: 'payment',
        fromStatus: 'unpaid',
        toStatus: 'paid',
        data: { invoiceNo: dto.invoiceNo, paidAt: paidAt.toISOString() },
      });
      await this.notifier.notify(tx, {
        type: 'service_record.paid',
        organizationIds: [r.enterpriseOrganizationId, r.providerOrganizationId],
        title: '服务已登记付款 / service recorded as paid',
        body: `${r.description}\n发票号 / invoice: ${dto.invoiceNo}，金额 / amount: ${r.amountYuan} 元`,
        payload: { serviceRecordId: id, invoiceNo: dto.invoiceNo, amountYuan: r.amountYuan },
        exceptUserId: user.id,
      });
    });
    return this.get(user, id);
  }

  /** The enterprise rates the service once (409 the second time). */
  async rate(user: AuthUser, id: string, dto: RatingDto): Promise<ServiceRecordView> {
    await this.uow.run(async (tx) => {
      const r = await this.readable(tx.manager, user, id, true);
      if (r.enterpriseOrganizationId !== user.organizationId) {
        throw forbidden('只有委托企业可以评价 / only the enterprise served rates the service');
      }
      if (r.rating !== null) {
        throw conflict(`该服务已评价（${r.rating} 分），不能再次评价 / already rated (${r.rating})`, {
          rating: r.rating,
        });
      }
      const comment = dto.comment?.trim() || null;
      await tx.manager.query(
        `UPDATE service_records SET rating = $2, rating_comment = $3, rated_at = now(), rated_by = $4 WHERE id = $1`,
        [id, dto.rating, comment, user.id],
      );
      await this.events.record(tx, {
        subject: 'service_record',
        subjectId: id,
        actorId: user.id,
        kind: 'rating',
        note: comment,
        data: { rating: dto.rating },
      });
      await this.notifier.notify(tx, {
        type: 'service_record.rated',
        organizationIds: [r.providerOrganizationId],
        title: `企业评价了服务：${dto.rating} 分 / the enterprise rated the service ${dto.rating}/5`,
        body: [r.description, comment ?? ''].filter(Boolean).join('\n'),
        payload: { serviceRecordId: id, rating: dto.rating },
        exceptUserId: user.id,
      });
    });
    return this.get(user, id);
  }

  /** The record if the caller may see it (its provider, its enterprise, coordinators): 404 otherwise. */
  private async readable(m: Pick<EntityManager, 'query'>, user: AuthUser, id: string, lock = false): Promise<Row> {
    const [row] = await m.query<Row[]>(`${SELECT} WHERE sr.id = $1 ${lock ? 'FOR UPDATE OF sr' : ''}`, [id]);
    if (
      !row ||
      !(
        isCoordinator(user) ||
        row.providerOrganizationId === user.organizationId ||
        row.enterpriseOrganizationId === user.organizationId
      )
    ) {
      throw notFound(RECORD);
    }
    return row;
  }

  private view(user: AuthUser, r: Row): ServiceRecordView {
    const viewerRole =
      r.providerOrganizationId === user.organizationId
        ? 'provider'
        : r.enterpriseOrganizationId === user.organizationId
          ? 'enterprise'
          : 'coordinator';
    return {
      ...r,
      quantity: Number(r.quantity),
      viewerRole,
      mayRecordPayment: !r.paidAt && (viewerRole === 'provider' || isCoordinator(user)),
      mayRate: r.rating === null && viewerRole === 'enterprise',
    };
  }
}
