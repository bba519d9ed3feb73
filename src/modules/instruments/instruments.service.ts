import { addDays } from '../../common/domain/dates.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { conflict, forbidden, invalidField, invalidInput, notFound } from '../../common/errors/app-errors.js';
import { likeContaining } from '../../common/text/like.js';
import { pageOf, skipTake } from '../../common/pagination/pagination.js';
import { UnitOfWork } from '../../jobs/unit-of-work.js';
import { isCoordinator, type AuthUser } from '../auth/auth-user.js';
import type {
  CalendarBooking,
  CalendarView,
  CreateInstrumentDto,
  InstrumentList,
  InstrumentPage,
  InstrumentQuery,
  InstrumentView,
  UpdateInstrumentDto,
} from './dto/instrument.dto.js';
import { InstrumentEventsService } from './instrument-events.js';
import {
  harbinInstant,
  harbinIso,
  mondayOf,
  bookableIntervals,
  MAX_DAYS_AHEAD,
  normalizeOpeningHours,
  openingHoursErrors,
  periodPlacementError,
  SLOT_MINUTES,
  subtractIntervals,
  weekdayOf,
  windowsOn,
} from './rules.js';

export const INSTRUMENT = '仪器 / instrument';

/** An instrument row as the services read it. */
export type InstrumentRow = Omit<InstrumentView, 'mayEdit' | 'mayBook'>;

export const INSTRUMENT_SELECT = `
  SELECT i.id, i.capability_id AS "capabilityId", c.title AS "capabilityTitle", c.status::text AS "capabilityStatus",
         i.organization_id AS "organizationId", o.name AS "organizationName", i.name, i.model,
         i.district::text AS district, i.address, i.mode, i.unit, i.price_yuan AS "priceYuan",
         i.opening_hours AS "openingHours", i.blackout_dates::text[] AS "blackoutDates",
         i.min_notice_hours AS "minNoticeHours", i.active, i.created_at AS "createdAt", i.updated_at AS "updatedAt"
    FROM instruments i
    JOIN capabilities c ON c.id = i.capability_id
    JOIN organizations o ON o.id = i.organization_id`;

/**
 * May the caller see the instrument: its organisation and coordinators always, an organisation that has bookings
 * on it always (`hasBookings`: it must know where to go); others while it is bookable.
 */
export function instrumentVisible(user: AuthUser, i: InstrumentRow, hasBookings = false): boolean {
  return (
    isCoordinator(user) ||
    i.organizationId === user.organizationId ||
    hasBookings ||
    (i.active && i.capabilityStatus === 'active')
  );
}

/** The instrument's fields as the API names them, per column, for the edit audit. */
const AUDITED: Record<string, keyof InstrumentRow> = {
  name: 'name',
  model: 'model',
  district: 'district',
  address: 'address',
  mode: 'mode',
  unit: 'unit',
  price_yuan: 'priceYuan',
  opening_hours: 'openingHours',
  blackout_dates: 'blackoutDates',
  min_notice_hours: 'minNoticeHours',
  active: 'active',
};

/** A future booking that the edited calendar would no longer hold. */
export interface StrandedBooking {
  id: string;
  from: string;
  to: string;
  status: string;
}

/** Instruments of `equipment` capabilities: created and edited by their organisation, browsed by everyone. */
@Injectable()
export class InstrumentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly events: InstrumentEventsService,
  ) {}

  async create(user: AuthUser, capabilityId: string, dto: CreateInstrumentDto): Promise<InstrumentView> {
    const errors = openingHoursErrors(dto.openingHours);
    if (errors.length) throw invalidInput(errors);
    const id = await this.uow.run(async (tx) => {
      const [cap] = await tx.manager.query<
        Array<{ id: string; kind: string; organizationId: string; district: string; status: string }>
      >(
        `SELECT id, kind::text AS kind, organization_id AS "organizationId", district::text AS district,
                status::text AS status
           FROM capabilities WHERE id = $1 FOR SHARE`,
        [capabilityId],
      );
      if (!cap) throw notFound('能力 / capability');
      if (cap.organizationId !== user.organizationId && !isCoordinator(user)) {
        throw forbidden(
          '只有能力所属单位的成员或协调员可以添加仪器 / only the capability’s organisation adds instruments',
        );
      }
      if (cap.kind !== 'equipment') {
        throw invalidField(
          'capabilityId',
          `只有“仪器设备”类能力可以添加仪器（该能力为 ${cap.kind}）/ instruments belong to equipment capabilities (this one is ${cap.kind})`,
        );
      }
      const [{ id: newId }] = await tx.manager.query<Array<{ id: string }>>(
        `INSERT INTO instruments (capability_id, organization_id, name, model, district, address, mode, unit, price_yuan,
                                  opening_hours, blackout_dates, min_notice_hours, active, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::date[], $12, $13, $14) RETURNING id`,
        [
          cap.id,
          cap.organizationId,
          dto.name,
          dto.model?.trim() || null,
          dto.district ?? cap.district,
          dto.address,
          dto.mode,
          dto.unit,
          dto.priceYuan,
          JSON.stringify(normalizeOpeningHours(dto.openingHours)),
          [...new Set(dto.blackoutDates ?? [])].sort(),
          dto.minNoticeHours ?? 24,
          dto.active ?? true,
          user.id,
        ],
      );
      await this.events.record(tx, {
        subject: 'instrument',
        subjectId: newId,
        actorId: user.id,
        kind: 'created',
        data: { capabilityId: cap.id, name: dto.name, active: dto.active ?? true },
      });
      return newId;
    });
    return this.get(user, id);
  }

  async update(user: AuthUser, id: string, dto: UpdateInstrumentDto): Promise<InstrumentView> {
    if (dto.openingHours !== undefined) {
      const errors = openingHoursErrors(dto.openingHours);
      if (errors.length) throw invalidInput(errors);
    }
    const fields: Array<[string, unknown, string?]> = [];
    if (dto.name !== undefined) fields.push(['name', dto.name]);
    if (dto.model !== undefined) fields.push(['model', dto.model?.trim() || null]);
    if (dto.district !== undefined) fields.push(['district', dto.district, '::district']);
    if (dto.address !== undefined) fields.push(['address', dto.address]);
    if (dto.mode !== undefined) fields.push(['mode', dto.mode]);
    if (dto.unit !== undefined) fields.push(['unit', dto.unit]);
    if (dto.priceYuan !== undefined) fields.push(['price_yuan', dto.priceYuan]);
    if (dto.openingHours !== undefined) {
      fields.push(['opening_hours', JSON.stringify(normalizeOpeningHours(dto.openingHours)), '::jsonb']);
    }
    if (dto.blackoutDates !== undefined)
      fields.push(['blackout_dates', [...new Set(dto.blackoutDates)].sort(), '::date[]']);
    if (dto.minNoticeHours !== undefined) fields.push(['min_notice_hours', dto.minNoticeHours]);
    if (dto.active !== undefined) fields.push(['active', dto.active]);
    await this.uow.run(async (tx) => {
      const i = await this.readable(tx.manager, user, id, true);
      if (i.organizationId !== user.organizationId && !isCoordinator(user)) {
        throw forbidden('只有仪器所属单位的成员或协调员可以修改 / only the instrument’s organisation edits it');
      }
      if (!fields.length) return;
      if (dto.unit !== undefined && dto.unit !== i.unit) {
        const [{ n }] = await tx.manager.query<Array<{ n: number }>>(
          `SELECT count(*)::int AS n FROM instrument_bookings WHERE instrument_id = $1 AND status IN ('requested', 'confirmed')`,
          [id],
        );
        if (n) {
          throw invalidField(
            'unit',
            `仍有 ${n} 个未完成的预约，不能更改计价单位 / ${n} open bookings: the unit cannot change now`,
          );
        }
      }
      const next = {
        openingHours: dto.openingHours !== undefined ? normalizeOpeningHours(dto.openingHours) : i.openingHours,
        blackoutDates: dto.blackoutDates ?? i.blackoutDates,
        active: dto.active ?? i.active,
      };
      if (dto.openingHours !== undefined || dto.blackoutDates !== undefined || dto.active === false) {
        const stranded = await this.stranded(tx.manager, id, next);
        if (stranded.length) {
          throw conflict(
            `仍有 ${stranded.length} 个未来的预约不符合修改后的开放安排（${stranded.map((b) => `${b.from} – ${b.to}`).join('、')}），` +
              '请先拒绝或说明原因取消它们 / future bookings no longer fit the new calendar: decline or cancel them ' +
              '(with a reason) first',
            { bookings: stranded },
          );
        }
      }
      await tx.manager.query(
        `UPDATE instruments SET ${fields.map(([c, , cast], k) => `${c} = $${k + 2}${cast ?? ''}`).join(', ')},
                updated_at = now() WHERE id = $1`,
        [id, ...fields.map(([, v]) => v)],
      );
      // Each field as {from, to}: the statistics rebuild the instrument's inactive periods from `active`.
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const [column, value] of fields) {
        const key = AUDITED[column];
        const before: unknown = i[key] ?? null;
        const after: unknown = column === 'opening_hours' ? next.openingHours : value;
        if (JSON.stringify(before) !== JSON.stringify(after)) changes[key] = { from: before, to: after };
      }
      if (!Object.keys(changes).length) return;
      await this.events.record(tx, {
        subject: 'instrument',
        subjectId: id,
        actorId: user.id,
        kind: 'edit',
        data: changes,
      });
    });
    return this.get(user, id);
  }

  async get(user: AuthUser, id: string): Promise<InstrumentView> {
    return this.view(user, await this.readable(this.dataSource.manager, user, id));
  }

  async listOfCapability(user: AuthUser, capabilityId: string): Promise<InstrumentList> {
    const [cap] = await this.dataSource.query<Array<{ id: string }>>(`SELECT id FROM capabilities WHERE id = $1`, [
      capabilityId,
    ]);
    if (!cap) throw notFound('能力 / capability');
    const rows = await this.dataSource.query<InstrumentRow[]>(
      `${INSTRUMENT_SELECT} WHERE i.capability_id = $1 ORDER BY i.created_at, i.id`,
      [capabilityId],
    );
    return { items: rows.filter((r) => instrumentVisible(user, r)).map((r) => this.view(user, r)) };
  }

  async list(user: AuthUser, q: InstrumentQuery): Promise<InstrumentPage> {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (q.mine) where.push(`i.organization_id = ${p(user.organizationId)}`);
    else where.push(`i.active AND c.status = 'active'`);
    if (q.district) where.push(`i.district = ${p(q.district)}::district`);
    if (q.mode) where.push(`i.mode = ${p(q.mode)}`);
    if (q.unit) where.push(`i.unit = ${p(q.unit)}`);
    if (q.q) {
      const like = p(likeContaining(q.q));
      where.push(`(i.name ILIKE ${like} OR coalesce(i.model, '') ILIKE ${like} OR c.title ILIKE ${like})`);
    }
    const w = `WHERE ${where.join(' AND ')}`;
    const [{ n }] = await this.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM instruments i JOIN capabilities c ON c.id = i.capability_id ${w}`,
      params,
    );
    const { skip, take } = skipTake(q);
    const rows = await this.dataSource.query<InstrumentRow[]>(
      `${INSTRUMENT_SELECT} ${w} ORDER BY i.created_at DESC, i.id LIMIT ${p(take)} OFFSET ${p(skip)}`,
      params,
    );
    return pageOf(
      rows.map((r) => this.view(user, r)),
      n,
      q,
    );
  }

  /**
   * The week (Monday `week`, Harbin) of an instrument: per day its windows, blackout flag, the confirmed and
   * completed bookings (who booked only for the provider, coordinators and the booking's own enterprise), the
   * caller's organisation's requested bookings, and the free intervals (windows minus taken).
   */
  async calendar(user: AuthUser, id: string, week?: string): Promise<CalendarView> {
    const i = await this.readable(this.dataSource.manager, user, id);
    const monday = week ?? mondayOf(new Date());
    if (weekdayOf(monday) !== 1) throw invalidField('week', 'week 应为周一的日期 / week must be a Monday (YYYY-MM-DD)');
    const start = harbinInstant(monday);
    const end = harbinInstant(addDays(monday, 7));
    const seesAll = isCoordinator(user) || i.organizationId === user.organizationId;
    const now = Date.now();
    // What may still be requested: from now + the minimum notice (on a half hour) to the 90-day horizon.
    const halfHour = SLOT_MINUTES * 60_000;
    const bookable = {
      from: new Date(Math.ceil((now + i.minNoticeHours * 3_600_000) / halfHour) * halfHour),
      to: new Date(now + MAX_DAYS_AHEAD * 86_400_000),
    };
    const rows = await this.dataSource.query<
      Array<{ id: string; from: Date; to: Date; status: string; enterpriseId: string; enterpriseName: string }>
    >(
      `SELECT b.id, lower(b.period) AS "from", upper(b.period) AS "to", b.status,
              b.enterprise_organization_id AS "enterpriseId", o.name AS "enterpriseName"
         FROM instrument_bookings b JOIN organizations o ON o.id = b.enterprise_organization_id
        WHERE b.instrument_id = $1 AND b.period && tstzrange($2, $3, '[)')
          AND (b.status IN ('confirmed', 'completed') OR (b.status = 'requested' AND b.enterprise_organization_id = $4))
        ORDER BY lower(b.period)`,
      [id, start, end, user.organizationId],
    );
    const show = (r: (typeof rows)[number]): CalendarBooking => {
      const mine = r.enterpriseId === user.organizationId;
      return {
        from: harbinIso(r.from),
        to: harbinIso(r.to),
        status: r.status,
        mine,
        ...(seesAll || mine ? { bookingId: r.id, enterpriseName: r.enterpriseName } : {}),
      };
    };
    const days = [];
    for (let k = 0; k < 7; k++) {
      const date = addDays(monday, k);
      const dayStart = harbinInstant(date).getTime();
      const dayEnd = harbinInstant(addDays(date, 1)).getTime();
      const onDay = rows.filter((r) => r.from.getTime() < dayEnd && r.to.getTime() > dayStart);
      const taken = onDay.filter((r) => r.status !== 'requested');
      const windows = windowsOn(i, date);
      days.push({
        date,
        weekday: k + 1,
        blackout: i.blackoutDates.includes(date),
        windows: windows.map((w) => ({ from: harbinIso(w.from), to: harbinIso(w.to) })),
        taken: taken.map(show),
        requested: onDay.filter((r) => r.status === 'requested').map(show),
        free: bookableIntervals(subtractIntervals(windows, taken), bookable.from, bookable.to).map((w) => ({
          from: harbinIso(w.from),
          to: harbinIso(w.to),
        })),
      });
    }
    return {
      instrumentId: id,
      week: monday,
      timeZone: 'Asia/Shanghai',
      minNoticeHours: i.minNoticeHours,
      bookableFrom: harbinIso(bookable.from),
      bookableUntil: harbinIso(bookable.to),
      days,
    };
  }

  /**
   * Future requested or confirmed bookings of an instrument that would not fit `next` (its new opening hours,
   * blackout dates and active flag; the notice rule aside): all of them when it becomes inactive.
   */
  private async stranded(
    m: Pick<EntityManager, 'query'>,
    id: string,
    next: { openingHours: InstrumentRow['openingHours']; blackoutDates: string[]; active: boolean },
  ): Promise<StrandedBooking[]> {
    const rows = await m.query<Array<{ id: string; from: Date; to: Date; status: string }>>(
      `SELECT id, lower(period) AS "from", upper(period) AS "to", status FROM instrument_bookings
        WHERE instrument_id = $1 AND status IN ('requested', 'confirmed') AND lower(period) > now()
        ORDER BY lower(period), id`,
      [id],
    );
    return rows
      .filter((b) => !next.active || periodPlacementError(next, b.from, b.to) !== null)
      .map((b) => ({ id: b.id, from: harbinIso(b.from), to: harbinIso(b.to), status: b.status }));
  }

  /** The instrument if the caller may see it (404 otherwise), optionally locked. */
  async readable(m: Pick<EntityManager, 'query'>, user: AuthUser, id: string, lock = false): Promise<InstrumentRow> {
    const [row] = await m.query<InstrumentRow[]>(
      `${INSTRUMENT_SELECT} WHERE i.id = $1 ${lock ? 'FOR NO KEY UPDATE OF i' : ''}`,
      [id],
    );
    if (!row) throw notFound(INSTRUMENT);
    if (!instrumentVisible(user, row)) {
      const [booked] = await m.query<unknown[]>(
        `SELECT 1 FROM instrument_bookings WHERE instrument_id = $1 AND enterprise_organization_id = $2 LIMIT 1`,
        [id, user.organizationId],
      );
      if (!instrumentVisible(user, row, booked !== undefined)) throw notFound(INSTRUMENT);
    }
    return row;
  }

  view(user: AuthUser, r: InstrumentRow): InstrumentView {
    const own = r.organizationId === user.organizationId;
    return {
      ...r,
      mayEdit: own || isCoordinator(user),
      mayBook: !own && user.organizationKind === 'enterprise' && r.active && r.capabilityStatus === 'active',
    };
  }
}
