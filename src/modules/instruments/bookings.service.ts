import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { conflict, forbidden, invalidField, notFound } from '../../common/errors/app-errors.js';
import { pageOf, skipTake } from '../../common/pagination/pagination.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { UnitOfWork, type Tx } from '../../jobs/unit-of-work.js';
import { isCoordinator, type AuthUser } from '../auth/auth-user.js';
import type {
  BookingPage,
  BookingQuery,
  BookingTransitionDto,
  BookingView,
  CreateBookingDto,
} from './dto/booking.dto.js';
import type { BookingStatus } from './entities/booking.entity.js';
import { InstrumentEventsService, InstrumentsNotifier } from './instrument-events.js';
import { InstrumentsService } from './instruments.service.js';
import { allowedBookingSteps, BOOKING_STATUS_LABELS, checkBookingStep, illegalStep, type Side } from './lifecycle.js';
import { bookingAmount, bookingWindowError, harbinIso } from './rules.js';
import { ServiceRecordsService } from './service-records.service.js';

const BOOKING = '预约 / booking';
const HOUR_MS = 3_600_000;

export interface BookingRow {
  id: string;
  instrumentId: string;
  instrumentName: string;
  instrumentAddress: string;
  instrumentDistrict: string;
  /** Whether the instrument is open for bookings (active, and its capability active): not shown. */
  instrumentOpen: boolean;
  unit: 'hour' | 'sample';
  priceYuan: number;
  capabilityId: string;
  providerOrganizationId: string;
  providerName: string;
  enterpriseOrganizationId: string;
  enterpriseName: string;
  requestedBy: string | null;
  from: Date;
  to: Date;
  samples: number | null;
  purpose: string;
  amountYuan: number;
  status: BookingStatus;
  reason: string | null;
  actualMinutes: number | null;
  decidedAt: Date | null;
  cancelledAt: Date | null;
  completedAt: Date | null;
  serviceRecordId: string | null;
  createdAt: Date;
}

export const BOOKING_SELECT = `
  SELECT b.id, b.instrument_id AS "instrumentId", i.name AS "instrumentName", i.address AS "instrumentAddress",
         i.district::text AS "instrumentDistrict",
         (i.active AND EXISTS (SELECT 1 FROM capabilities c WHERE c.id = i.capability_id AND c.status = 'active'))
           AS "instrumentOpen",
         i.unit, i.price_yuan AS "priceYuan",
         i.capability_id AS "capabilityId", i.organization_id AS "providerOrganizationId", po.name AS "providerName",
         b.enterprise_organization_id AS "enterpriseOrganizationId", eo.name AS "enterpriseName",
         b.requested_by AS "requestedBy", lower(b.period) AS "from", upper(b.period) AS "to", b.samples, b.purpose,
         b.amount_yuan AS "amountYuan", b.status, b.reason, b.actual_minutes AS "actualMinutes",
         b.decided_at AS "decidedAt", b.cancelled_at AS "cancelledAt", b.completed_at AS "completedAt",
         (SELECT sr.id FROM service_records sr WHERE sr.booking_id = b.id) AS "serviceRecordId",
         b.created_at AS "createdAt"
    FROM instrument_bookings b
    JOIN instruments i ON i.id = b.instrument_id
    JOIN organizations po ON po.id = i.organization_id
    JOIN organizations eo ON eo.id = b.enterprise_organization_id`;

/** A PostgreSQL error's SQLSTATE, through TypeORM's wrapping. */
export function sqlState(err: unknown): string | undefined {
  const e = err as { code?: unknown; driverError?: { code?: unknown } };
  const code = e?.code ?? e?.driverError?.code;
  return typeof code === 'string' ? code : undefined;
}

const overlapConflict = (from: Date, to: Date) =>
  conflict(
    `该时段已被其他预约占用（${harbinIso(from)} – ${harbinIso(to)}）/ the slot overlaps a confirmed booking ` +
      `(${harbinIso(from)} – ${harbinIso(to)})`,
    { from: harbinIso(from), to: harbinIso(to) },
  );

/**
 * Bookings of instruments: requested by an enterprise, confirmed (or declined) by the provider, cancelled by either
 * side within the rules, completed by the provider (creating the service record). That two confirmed bookings never
 * overlap is PostgreSQL's to guarantee (`ex_instrument_bookings_no_overlap`): confirming is a plain UPDATE, and the
 * exclusion violation (23P01) is answered 409.
 */
@Injectable()
export class BookingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly uow: UnitOfWork,
    private readonly instruments: InstrumentsService,
    private readonly events: InstrumentEventsService,
    private readonly notifier: InstrumentsNotifier,
    private readonly records: ServiceRecordsService,
  ) {}

  async create(user: AuthUser, instrumentId: string, dto: CreateBookingDto): Promise<BookingView> {
    const from = new Date(dto.from);
    const to = new Date(dto.to);
    const id = await this.uow.run(async (tx) => {
      // Locks the instrument (not its key): one request at a time per instrument, for the overlap check below.
      const i = await this.instruments.readable(tx.manager, user, instrumentId, true);
      if (user.organizationKind !== 'enterprise') {
        throw forbidden('只有企业成员可以预约仪器 / only members of an enterprise book instruments');
      }
      if (i.organizationId === user.organizationId) {
        throw forbidden('不能预约本单位的仪器 / an organisation does not book its own instruments');
      }
      if (!i.active || i.capabilityStatus !== 'active') {
        throw conflict('该仪器已停用，不可预约 / the instrument is not open for bookings');
      }
      const err = bookingWindowError(i, from, to, new Date());
      if (err) throw invalidField(err.field, err.message);
      if (i.unit === 'sample' && dto.samples === undefined) {
        throw invalidField(
          'samples',
          '按样品计价的仪器须填写样品数 / samples is required: this instrument is priced per sample',
        );
      }
      if (i.unit === 'hour' && dto.samples !== undefined) {
        throw invalidField('samples', '按小时计价的仪器不填样品数 / samples is only for instruments priced per sample');
      }
      const [own] = await tx.manager.query<Array<{ id: string; from: Date; to: Date }>>(
        `SELECT id, lower(period) AS "from", upper(period) AS "to" FROM instrument_bookings
          WHERE instrument_id = $1 AND enterprise_organization_id = $2 AND status = 'requested'
            AND period && tstzrange($3, $4, '[)') LIMIT 1`,
        [i.id, user.organizationId, from, to],
      );
      if (own) {
        throw conflict(
          `贵单位已有与该时段重叠的待确认预约（${harbinIso(own.from)} – ${harbinIso(own.to)}）/ your organisation ` +
            'already has a requested booking overlapping this period',
          { bookingId: own.id },
        );
      }
      const [taken] = await tx.manager.query<Array<{ from: Date; to: Date }>>(
        `SELECT lower(period) AS "from", upper(period) AS "to" FROM instrument_bookings
          WHERE instrument_id = $1 AND status IN ('confirmed', 'completed') AND period && tstzrange($2, $3, '[)') LIMIT 1`,
        [i.id, from, to],
      );
      if (taken) throw overlapConflict(taken.from, taken.to);
      const minutes = (to.getTime() - from.getTime()) / 60_000;
      const amount = bookingAmount(i.unit as 'hour' | 'sample', i.priceYuan, minutes, dto.samples ?? null);
      const [{ id: newId }] = await tx.manager.query<Array<{ id: string }>>(
        `INSERT INTO instrument_bookings (instrument_id, enterprise_organization_id, requested_by, period, samples,
                                          purpose, amount_yuan)
         VALUES ($1, $2, $3, tstzrange($4, $5, '[)'), $6, $7, $8) RETURNING id`,
        [i.id, user.organizationId, user.id, from, to, dto.samples ?? null, dto.purpose, amount],
      );
      await this.events.record(tx, {
        subject: 'booking',
        subjectId: newId,
        actorId: user.id,
        kind: 'status',
        toStatus: 'requested',
        data: { instrumentId: i.id, from: harbinIso(from), to: harbinIso(to), amountYuan: amount },
      });
      await this.notifier.notify(tx, {
        type: 'booking.requested',
        organizationIds: [i.organizationId],
        title: `新的仪器预约申请：${i.name} / new booking request`,
        body: `${user.organizationName}：${harbinIso(from)} – ${harbinIso(to)}\n${dto.purpose}`,
        payload: { bookingId: newId, instrumentId: i.id, status: 'requested' },
        exceptUserId: user.id,
      });
      return newId;
    });
    return this.get(user, id);
  }

  async list(user: AuthUser, q: BookingQuery): Promise<BookingPage> {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (q.role === 'provider') where.push(`i.organization_id = ${p(user.organizationId)}`);
    else if (q.role === 'enterprise') where.push(`b.enterprise_organization_id = ${p(user.organizationId)}`);
    else if (!isCoordinator(user)) {
      const o = p(user.organizationId);
      where.push(`(i.organization_id = ${o} OR b.enterprise_organization_id = ${o})`);
    }
    if (q.status) where.push(`b.status = ${p(q.status)}`);
    if (q.instrumentId) where.push(`b.instrument_id = ${p(q.instrumentId)}::uuid`);
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ n }] = await this.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM instrument_bookings b JOIN instruments i ON i.id = b.instrument_id ${w}`,
      params,
    );
    const { skip, take } = skipTake(q);
    const rows = await this.dataSource.query<BookingRow[]>(
      `${BOOKING_SELECT} ${w} ORDER BY lower(b.period) DESC, b.id LIMIT ${p(take)} OFFSET ${p(skip)}`,
      params,
    );
    return pageOf(
      rows.map((r) => this.view(user, r)),
      n,
      q,
    );
  }

  async get(user: AuthUser, id: string): Promise<BookingView> {
    return this.view(user, await this.readable(this.dataSource.manager, user, id));
  }

  async transition(user: AuthUser, id: string, dto: BookingTransitionDto): Promise<BookingView> {
    try {
      await this.uow.run(async (tx) => {
        const b = await this.readable(tx.manager, user, id, true);
        await this.move(tx, user, b, dto);
      });
    } catch (err) {
      if (sqlState(err) === '23P01') {
        const [b] = await this.dataSource.query<Array<{ from: Date; to: Date }>>(
          `SELECT lower(period) AS "from", upper(period) AS "to" FROM instrument_bookings WHERE id = $1`,
          [id],
        );
        throw overlapConflict(b.from, b.to);
      }
      throw err;
    }
    return this.get(user, id);
  }

  private async move(tx: Tx, user: AuthUser, b: BookingRow, dto: BookingTransitionDto): Promise<void> {
    const side = this.side(user, b);
    const to = dto.to;
    const step = checkBookingStep(side, b.status, to);
    if (!step.ok && step.reason === 'illegal') {
      throw illegalStep(BOOKING_STATUS_LABELS, b.status, to, allowedBookingSteps(side, b.status));
    }
    if (!step.ok) {
      throw forbidden(
        to === 'cancelled'
          ? '服务方不能取消待确认的预约，请拒绝它 / the provider declines a requested booking rather than cancelling it'
          : '只有服务方可以确认、拒绝或完成预约 / only the provider confirms, declines or completes a booking',
      );
    }
    const reason = dto.reason?.trim() || null;
    const now = Date.now();
    const m = tx.manager;
    let amount = b.amountYuan;
    let actualMinutes: number | null = null;
    const bookedMinutes = (b.to.getTime() - b.from.getTime()) / 60_000;
    if (to === 'declined' && !reason) {
      throw invalidField('reason', '拒绝预约需要说明原因 / declining a booking needs a reason');
    }
    if (to === 'confirmed' && !b.instrumentOpen) {
      throw conflict('仪器已停止预约，不能确认 / the instrument is not open for bookings', {
        currentStatus: b.status,
      });
    }
    if (to === 'confirmed' && b.from.getTime() <= now) {
      throw conflict('预约开始时间已过，不能再确认 / the booking’s start has passed: it can no longer be confirmed', {
        currentStatus: b.status,
      });
    }
    if (to === 'cancelled' && b.status === 'confirmed') {
      if (side === 'enterprise') {
        const cutoff = b.from.getTime() - this.config.bookingCancelCutoffHours * HOUR_MS;
        if (now > cutoff) {
          throw conflict(
            `已过取消截止时间（开始前 ${this.config.bookingCancelCutoffHours} 小时，即 ${harbinIso(new Date(cutoff))}），` +
              `请联系服务方 / too late to cancel: the cut-off was ${this.config.bookingCancelCutoffHours} hours before ` +
              `the start (${harbinIso(new Date(cutoff))}); ask the provider`,
            { cancelBefore: harbinIso(new Date(cutoff)) },
          );
        }
      } else if (!reason) {
        throw invalidField(
          'reason',
          '服务方取消已确认的预约需要说明原因 / the provider cancels a confirmed booking with a reason',
        );
      }
    }
    if (to === 'completed') {
      if (b.from.getTime() > now) {
        throw conflict('预约尚未开始，不能标记完成 / the booking has not started yet', { start: harbinIso(b.from) });
      }
      if (dto.actualMinutes !== undefined) {
        if (dto.actualMinutes > bookedMinutes) {
          throw invalidField(
            'actualMinutes',
            `实际时长不能超过预约时长 ${bookedMinutes} 分钟 / actualMinutes must be at most the ${bookedMinutes} booked`,
          );
        }
        actualMinutes = dto.actualMinutes;
        if (b.unit === 'hour') amount = bookingAmount('hour', b.priceYuan, actualMinutes, null);
      }
    } else if (dto.actualMinutes !== undefined) {
      throw invalidField('actualMinutes', 'actualMinutes 仅用于完成预约 / actualMinutes is only for completing');
    }
    // Confirming may be refused by the exclusion constraint (23P01): the caller answers 409.
    await m.query(
      `UPDATE instrument_bookings
          SET status = $2, updated_at = now(), amount_yuan = $3, actual_minutes = coalesce($4, actual_minutes),
              reason = CASE WHEN $2 IN ('declined', 'cancelled') THEN $5 ELSE reason END,
              decided_by = CASE WHEN $2 IN ('confirmed', 'declined') THEN $6::uuid ELSE decided_by END,
              decided_at = CASE WHEN $2 IN ('confirmed', 'declined') THEN now() ELSE decided_at END,
              cancelled_by = CASE WHEN $2 = 'cancelled' THEN $6::uuid ELSE cancelled_by END,
              cancelled_at = CASE WHEN $2 = 'cancelled' THEN now() ELSE cancelled_at END,
              completed_by = CASE WHEN $2 = 'completed' THEN $6::uuid ELSE completed_by END,
              completed_at = CASE WHEN $2 = 'completed' THEN now() ELSE completed_at END
        WHERE id = $1`,
      [b.id, to, amount, actualMinutes, reason, user.id],
    );
    await this.events.record(tx, {
      subject: 'booking',
      subjectId: b.id,
      actorId: user.id,
      kind: 'status',
      fromStatus: b.status,
      toStatus: to,
      note: reason,
      data: { side, ...(actualMinutes !== null ? { actualMinutes, amountYuan: amount } : {}) },
    });
    let serviceRecordId: string | null = null;
    if (to === 'completed') {
      const minutes = actualMinutes ?? bookedMinutes;
      serviceRecordId = await this.records.create(tx, user.id, {
        source: 'booking',
        bookingId: b.id,
        capabilityId: b.capabilityId,
        capabilityKind: 'equipment',
        providerOrganizationId: b.providerOrganizationId,
        enterpriseOrganizationId: b.enterpriseOrganizationId,
        description: `${b.instrumentName}：${b.purpose}`.slice(0, 2000),
        quantity: b.unit === 'sample' ? (b.samples ?? 1) : Math.round((minutes / 60) * 100) / 100,
        unit: b.unit,
        amountYuan: amount,
        servedFrom: b.from,
        servedTo: new Date(b.from.getTime() + minutes * 60_000),
      });
    }
    const tell = side === 'enterprise' ? [b.providerOrganizationId] : [b.enterpriseOrganizationId];
    if (side === 'coordinator') tell.push(b.providerOrganizationId);
    await this.notifier.notify(tx, {
      type: `booking.${to}`,
      organizationIds: tell,
      title: `仪器预约${BOOKING_STATUS_LABELS[to].split(' / ')[0]}：${b.instrumentName} / booking ${to}`,
      body: [`${harbinIso(b.from)} – ${harbinIso(b.to)}`, reason ?? ''].filter(Boolean).join('\n'),
      payload: { bookingId: b.id, instrumentId: b.instrumentId, status: to, serviceRecordId },
      exceptUserId: user.id,
    });
  }

  private side(user: AuthUser, b: Pick<BookingRow, 'providerOrganizationId' | 'enterpriseOrganizationId'>): Side {
    if (b.providerOrganizationId === user.organizationId) return 'provider';
    if (b.enterpriseOrganizationId === user.organizationId) return 'enterprise';
    return 'coordinator';
  }

  /** The booking if the caller may see it (its provider, its enterprise, coordinators): 404 otherwise. */
  private async readable(
    m: Pick<EntityManager, 'query'>,
    user: AuthUser,
    id: string,
    lock = false,
  ): Promise<BookingRow> {
    const [row] = await m.query<BookingRow[]>(`${BOOKING_SELECT} WHERE b.id = $1 ${lock ? 'FOR UPDATE OF b' : ''}`, [
      id,
    ]);
    if (
      !row ||
      !(
        isCoordinator(user) ||
        row.providerOrganizationId === user.organizationId ||
        row.enterpriseOrganizationId === user.organizationId
      )
    ) {
      throw notFound(BOOKING);
    }
    return row;
  }

  private view(user: AuthUser, r: BookingRow): BookingView {
    const side = this.side(user, r);
    const { priceYuan: _p, capabilityId: _c, instrumentOpen: _o, from, to, ...rest } = r;
    return {
      ...rest,
      from: harbinIso(from),
      to: harbinIso(to),
      viewerRole: side,
      allowedTransitions: allowedBookingSteps(side, r.status),
      cancelBefore: harbinIso(new Date(from.getTime() - this.config.bookingCancelCutoffHours * HOUR_MS)),
    };
  }
}
