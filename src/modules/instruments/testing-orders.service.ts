import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import { DataSource, type EntityManager } from 'typeorm';
import { todayInHarbin } from '../../common/domain/dates.js';
import { conflict, forbidden, invalidField, notFound } from '../../common/errors/app-errors.js';
import { PdfUploads, cleanFilename, expectedSha256 } from '../../common/files/pdf-uploads.js';
import { pageOf, skipTake } from '../../common/pagination/pagination.js';
import { UnitOfWork, type Tx } from '../../jobs/unit-of-work.js';
import { isCoordinator, type AuthUser } from '../auth/auth-user.js';
import type {
  CreateTestingOrderDto,
  ReportQuery,
  TestingOrderPage,
  TestingOrderQuery,
  TestingOrderTransitionDto,
  TestingOrderView,
} from './dto/testing-order.dto.js';
import type { TestingOrderStatus } from './entities/testing-order.entity.js';
import { InstrumentEventsService, InstrumentsNotifier } from './instrument-events.js';
import { allowedOrderSteps, checkOrderStep, illegalStep, ORDER_STATUS_LABELS, type Side } from './lifecycle.js';
import { ServiceRecordsService } from './service-records.service.js';

const ORDER = '检测订单 / testing order';
const REPORT_LABEL = { zh: '检测报告', en: 'report', enPlural: 'reports' };

interface OrderRow {
  id: string;
  capabilityId: string;
  capabilityTitle: string;
  providerOrganizationId: string;
  providerName: string;
  enterpriseOrganizationId: string;
  enterpriseName: string;
  requestedBy: string | null;
  samples: string;
  sampleCount: number;
  standard: string;
  quantity: number;
  unitPriceYuan: number | null;
  amountYuan: number | null;
  dueDate: string | null;
  status: TestingOrderStatus;
  reason: string | null;
  reportFilename: string | null;
  reportSha256: string | null;
  reportSizeBytes: number | null;
  reportIssuedAt: Date | null;
  acceptedAt: Date | null;
  closedAt: Date | null;
  serviceRecordId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const SELECT = `
  SELECT o.id, o.capability_id AS "capabilityId", c.title AS "capabilityTitle",
         o.provider_organization_id AS "providerOrganizationId", po.name AS "providerName",
         o.enterprise_organization_id AS "enterpriseOrganizationId", eo.name AS "enterpriseName",
         o.requested_by AS "requestedBy", o.samples, o.sample_count AS "sampleCount", o.standard, o.quantity,
         o.unit_price_yuan AS "unitPriceYuan", o.amount_yuan AS "amountYuan", o.due_date AS "dueDate", o.status,
         o.reason, o.report_filename AS "reportFilename", o.report_sha256 AS "reportSha256",
         o.report_size_bytes AS "reportSizeBytes", o.report_issued_at AS "reportIssuedAt",
         o.accepted_at AS "acceptedAt", o.closed_at AS "closedAt",
         (SELECT sr.id FROM service_records sr WHERE sr.testing_order_id = o.id) AS "serviceRecordId",
         o.created_at AS "createdAt", o.updated_at AS "updatedAt"
    FROM testing_orders o
    JOIN capabilities c ON c.id = o.capability_id
    JOIN organizations po ON po.id = o.provider_organization_id
    JOIN organizations eo ON eo.id = o.enterprise_organization_id`;

/**
 * Testing orders (检验检测) of `service` capabilities: requested by an enterprise, accepted with a quote and a due
 * date by the provider, samples received, tested, the PDF report uploaded (report_issued: the service record is
 * created), closed by the enterprise. Every step audited and notified in its transaction.
 */
@Injectable()
export class TestingOrdersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly events: InstrumentEventsService,
    private readonly notifier: InstrumentsNotifier,
    private readonly records: ServiceRecordsService,
    private readonly pdfs: PdfUploads,
  ) {}

  async create(user: AuthUser, capabilityId: string, dto: CreateTestingOrderDto): Promise<TestingOrderView> {
    const id = await this.uow.run(async (tx) => {
      const [cap] = await tx.manager.query<
        Array<{ id: string; kind: string; organizationId: string; status: string; title: string }>
      >(
        `SELECT id, kind::text AS kind, organization_id AS "organizationId", status::text AS status, title
           FROM capabilities WHERE id = $1`,
        [capabilityId],
      );
      if (!cap || (cap.status !== 'active' && cap.organizationId !== user.organizationId && !isCoordinator(user))) {
        throw notFound('能力 / capability');
      }
      if (cap.kind !== 'service') {
        throw invalidField(
          'capabilityId',
          `只有“检验检测服务”类能力可以下检测订单（该能力为 ${cap.kind}）/ testing orders are for service capabilities (this one is ${cap.kind})`,
        );
      }
      if (user.organizationKind !== 'enterprise') {
        throw forbidden('只有企业成员可以委托检测 / only members of an enterprise order tests');
      }
      if (cap.organizationId === user.organizationId) {
        throw forbidden('不能向本单位委托检测 / an organisation does not order tests from itself');
      }
      if (cap.status !== 'active') throw conflict('该能力已撤下 / the capability has been withdrawn');
      const [{ id: newId }] = await tx.manager.query<Array<{ id: string }>>(
        `INSERT INTO testing_orders (capability_id, provider_organization_id, enterprise_organization_id, requested_by,
                                     samples, sample_count, standard, quantity)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [
          cap.id,
          cap.organizationId,
          user.organizationId,
          user.id,
          dto.samples,
          dto.sampleCount,
          dto.standard,
          dto.quantity,
        ],
      );
      await this.events.record(tx, {
        subject: 'testing_order',
        subjectId: newId,
        actorId: user.id,
        kind: 'status',
        toStatus: 'requested',
        data: { capabilityId: cap.id, standard: dto.standard, sampleCount: dto.sampleCount },
      });
      await this.notifier.notify(tx, {
        type: 'testing_order.requested',
        organizationIds: [cap.organizationId],
        title: `新的检测委托：${cap.title} / new testing order`,
        body: `${user.organizationName}：${dto.samples}（${dto.sampleCount} 件，${dto.standard}）`,
        payload: { testingOrderId: newId, capabilityId: cap.id, status: 'requested' },
        exceptUserId: user.id,
      });
      return newId;
    });
    return this.get(user, id);
  }

  async list(user: AuthUser, q: TestingOrderQuery): Promise<TestingOrderPage> {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (q.role === 'provider') where.push(`o.provider_organization_id = ${p(user.organizationId)}`);
    else if (q.role === 'enterprise') where.push(`o.enterprise_organization_id = ${p(user.organizationId)}`);
    else if (!isCoordinator(user)) {
      const o = p(user.organizationId);
      where.push(`(o.provider_organization_id = ${o} OR o.enterprise_organization_id = ${o})`);
    }
    if (q.status) where.push(`o.status = ${p(q.status)}`);
    if (q.capabilityId) where.push(`o.capability_id = ${p(q.capabilityId)}::uuid`);
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ n }] = await this.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM testing_orders o ${w}`,
      params,
    );
    const { skip, take } = skipTake(q);
    const rows = await this.dataSource.query<OrderRow[]>(
      `${SELECT} ${w} ORDER BY o.created_at DESC, o.id LIMIT ${p(take)} OFFSET ${p(skip)}`,
      params,
    );
    return pageOf(
      rows.map((r) => this.view(user, r)),
      n,
      q,
    );
  }

  async get(user: AuthUser, id: string): Promise<TestingOrderView> {
    return this.view(user, await this.readable(this.dataSource.manager, user, id));
  }

  async transition(user: AuthUser, id: string, dto: TestingOrderTransitionDto): Promise<TestingOrderView> {
    const to = dto.to as TestingOrderStatus;
    if (to === 'report_issued') {
      throw invalidField(
        'to',
        '出具报告请上传 PDF：PUT /testing-orders/:id/report / issue the report by uploading it: PUT /testing-orders/:id/report',
      );
    }
    await this.uow.run(async (tx) => {
      const o = await this.readable(tx.manager, user, id, true);
      const side = this.side(user, o);
      this.check(side, o.status, to);
      const reason = dto.reason?.trim() || null;
      let unitPrice = o.unitPriceYuan;
      let amount = o.amountYuan;
      let dueDate = o.dueDate;
      if (to === 'accepted') {
        if (dto.unitPriceYuan === undefined) {
          throw invalidField('unitPriceYuan', '受理订单须报单价（元）/ accepting needs the unit price (yuan)');
        }
        if (dto.dueDate === undefined) {
          throw invalidField('dueDate', '受理订单须给出完成日期 / accepting needs a due date');
        }
        if (dto.dueDate < todayInHarbin()) {
          throw invalidField('dueDate', '完成日期不能早于今天 / dueDate must not be in the past');
        }
        unitPrice = dto.unitPriceYuan;
        amount = unitPrice * o.quantity;
        dueDate = dto.dueDate;
      } else if (dto.unitPriceYuan !== undefined || dto.dueDate !== undefined) {
        throw invalidField(
          dto.unitPriceYuan !== undefined ? 'unitPriceYuan' : 'dueDate',
          '报价与完成日期只在受理时给出 / the price and due date are given on accepting',
        );
      }
      if (to === 'declined' && !reason) throw invalidField('reason', '拒绝订单需要说明原因 / declining needs a reason');
      if (to === 'cancelled' && side !== 'enterprise' && !reason) {
        throw invalidField('reason', '服务方取消订单需要说明原因 / the provider cancels with a reason');
      }
      await tx.manager.query(
        `UPDATE testing_orders
            SET status = $2, unit_price_yuan = $3, amount_yuan = $4, due_date = $5, updated_at = now(),
                reason = CASE WHEN $2 IN ('declined', 'cancelled') THEN $6 ELSE reason END,
                accepted_at = CASE WHEN $2 = 'accepted' THEN now() ELSE accepted_at END,
                closed_at = CASE WHEN $2 IN ('closed', 'declined', 'cancelled') THEN now() ELSE closed_at END
          WHERE id = $1`,
        [o.id, to, unitPrice, amount, dueDate, reason],
      );
      await this.events.record(tx, {
        subject: 'testing_order',
        subjectId: o.id,
        actorId: user.id,
        kind: 'status',
        fromStatus: o.status,
        toStatus: to,
        note: reason,
        data: { side, ...(to === 'accepted' ? { unitPriceYuan: unitPrice, amountYuan: amount, dueDate } : {}) },
      });
      await this.tell(
        tx,
        user,
        side,
        o,
        to,
        reason ?? (to === 'accepted' ? `报价 / quote: ${amount} 元，${dueDate}` : null),
      );
    });
    return this.get(user, id);
  }

  /** The provider uploads the PDF report: testing → report_issued, the service record created, the enterprise told. */
  async uploadReport(user: AuthUser, id: string, q: ReportQuery, req: Request): Promise<TestingOrderView> {
    // Who and when first, before a byte of the body is read.
    const o = await this.readable(this.dataSource.manager, user, id);
    this.check(this.side(user, o), o.status, 'report_issued');
    const filename = cleanFilename(q.filename);
    if (!filename) throw invalidField('filename', 'filename 不能为空 / filename must not be empty');
    const expected = expectedSha256(q.sha256);
    await this.pdfs.receive(user.id, req, { label: REPORT_LABEL, tempPrefix: 'testing-report', expected }, (file) =>
      this.uow.run(async (tx) => {
        const locked = await this.readable(tx.manager, user, id, true);
        const side = this.side(user, locked);
        this.check(side, locked.status, 'report_issued');
        await tx.manager.query(
          `UPDATE testing_orders
              SET status = 'report_issued', report_filename = $2, report_sha256 = $3, report_size_bytes = $4,
                  report_storage = $5, report_path = $6, report_content = NULL, report_uploaded_by = $7,
                  report_issued_at = now(), updated_at = now()
            WHERE id = $1`,
          [id, filename, file.sha256, file.sizeBytes, file.storage, file.path, user.id],
        );
        if (file.storage === 'database') {
          // Into PostgreSQL a megabyte at a time.
          for await (const chunk of file.chunks()) {
            await tx.manager.query(
              `UPDATE testing_orders SET report_content = coalesce(report_content, ''::bytea) || $2 WHERE id = $1`,
              [id, chunk],
            );
          }
        }
        await this.events.record(tx, {
          subject: 'testing_order',
          subjectId: id,
          actorId: user.id,
          kind: 'status',
          fromStatus: locked.status,
          toStatus: 'report_issued',
          note: `检测报告 / report: ${filename}`,
          data: { filename, sha256: file.sha256, sizeBytes: file.sizeBytes },
        });
        const recordId = await this.records.create(tx, user.id, {
          source: 'testing_order',
          testingOrderId: id,
          capabilityId: locked.capabilityId,
          capabilityKind: 'service',
          providerOrganizationId: locked.providerOrganizationId,
          enterpriseOrganizationId: locked.enterpriseOrganizationId,
          description: `${locked.capabilityTitle}：${locked.samples}（${locked.standard}）`.slice(0, 2000),
          quantity: locked.quantity,
          unit: 'sample',
          amountYuan: locked.amountYuan ?? 0,
          servedFrom: locked.acceptedAt ?? locked.createdAt,
          servedTo: new Date(),
        });
        await this.tell(tx, user, side, locked, 'report_issued', `检测报告 / report: ${filename}`, recordId);
      }),
    );
    return this.get(user, id);
  }

  /** The report's bytes for the enterprise, the provider and coordinators, its checksum verified (409 if damaged). */
  async report(user: AuthUser, id: string): Promise<{ filename: string; sha256: string; bytes: Buffer }> {
    const o = await this.readable(this.dataSource.manager, user, id);
    const [row] = await this.dataSource.query<
      Array<{ storage: 'database' | 'directory' | null; content: Buffer | null; path: string | null }>
    >(
      `SELECT report_storage AS storage, report_content AS content, report_path AS path FROM testing_orders WHERE id = $1`,
      [id],
    );
    if (!o.reportSha256 || !o.reportFilename || !row?.storage) throw notFound('检测报告 / report');
    const bytes = await this.pdfs.read(
      { ...row, storage: row.storage, sha256: o.reportSha256 },
      { testingOrderId: id },
    );
    if (!bytes) {
      throw conflict(
        '检测报告文件缺失或已损坏（校验和不符），请联系管理员 / the stored report is missing or damaged (checksum mismatch); tell an administrator',
        { sha256: o.reportSha256 },
      );
    }
    return { filename: o.reportFilename, sha256: o.reportSha256, bytes };
  }

  private check(side: Side, from: TestingOrderStatus, to: TestingOrderStatus): void {
    const step = checkOrderStep(side, from, to);
    if (!step.ok && step.reason === 'illegal') {
      throw illegalStep(ORDER_STATUS_LABELS, from, to, allowedOrderSteps(side, from));
    }
    if (!step.ok) {
      throw forbidden(
        to === 'closed'
          ? '只有委托企业可以确认收到报告并关闭订单 / only the enterprise closes the order'
          : to === 'cancelled'
            ? from === 'requested' || from === 'accepted'
              ? '收样前只有委托企业可以取消（服务方请拒绝）/ before samples arrive only the enterprise cancels (the provider declines)'
              : '收样后只有服务方可以取消（须说明原因）/ after samples arrived only the provider cancels, with a reason'
            : '只有服务方可以执行这一步 / only the provider takes this step',
      );
    }
  }

  private async tell(
    tx: Tx,
    user: AuthUser,
    side: Side,
    o: OrderRow,
    to: TestingOrderStatus,
    note: string | null,
    serviceRecordId: string | null = null,
  ): Promise<void> {
    const orgs = side === 'enterprise' ? [o.providerOrganizationId] : [o.enterpriseOrganizationId];
    if (side === 'coordinator') orgs.push(o.providerOrganizationId);
    await this.notifier.notify(tx, {
      type: `testing_order.${to}`,
      organizationIds: orgs,
      title: `检测订单${ORDER_STATUS_LABELS[to].split(' / ')[0]}：${o.capabilityTitle} / testing order ${to}`,
      body: [`${o.samples}（${o.standard}）`, note ?? ''].filter(Boolean).join('\n'),
      payload: { testingOrderId: o.id, status: to, serviceRecordId },
      exceptUserId: user.id,
    });
  }

  private side(user: AuthUser, o: Pick<OrderRow, 'providerOrganizationId' | 'enterpriseOrganizationId'>): Side {
    if (o.providerOrganizationId === user.organizationId) return 'provider';
    if (o.enterpriseOrganizationId === user.organizationId) return 'enterprise';
    return 'coordinator';
  }

  /** The order if the caller may see it (its provider, its enterprise, coordinators): 404 otherwise. */
  private async readable(m: Pick<EntityManager, 'query'>, user: AuthUser, id: string, lock = false): Promise<OrderRow> {
    const [row] = await m.query<OrderRow[]>(`${SELECT} WHERE o.id = $1 ${lock ? 'FOR UPDATE OF o' : ''}`, [id]);
    if (
      !row ||
      !(
        isCoordinator(user) ||
        row.providerOrganizationId === user.organizationId ||
        row.enterpriseOrganizationId === user.organizationId
      )
    ) {
      throw notFound(ORDER);
    }
    return row;
  }

  private view(user: AuthUser, r: OrderRow): TestingOrderView {
    const side = this.side(user, r);
    const { reportFilename, reportSha256, reportSizeBytes, reportIssuedAt, ...rest } = r;
    return {
      ...rest,
      report:
        reportFilename && reportSha256 && reportIssuedAt
          ? {
              filename: reportFilename,
              sha256: reportSha256,
              sizeBytes: reportSizeBytes ?? 0,
              issuedAt: reportIssuedAt,
            }
          : null,
      viewerRole: side,
      allowedTransitions: allowedOrderSteps(side, r.status),
    };
  }
}
