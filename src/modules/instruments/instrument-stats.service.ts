import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { addDays, todayInHarbin } from '../../common/domain/dates.js';
import { invalidField } from '../../common/errors/app-errors.js';
import type { DistrictUsage, InstrumentStatsQuery, InstrumentStatsView, InstrumentUsage } from './dto/stats.dto.js';
import type { OpeningWindow } from './entities/instrument.entity.js';
import {
  activeIntervals,
  calendarPeriods,
  harbinInstant,
  openHoursBetween,
  openingHoursErrors,
  utilisation,
  type ActiveChange,
  type CalendarEdit,
  type CalendarPeriod,
} from './rules.js';

const MAX_RANGE_DAYS = 366;
const round2 = (x: number) => Math.round(x * 100) / 100;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Instrument statistics for coordinators: per instrument and per district where the instrument (or testing
 * service) physically is — its own `district`, which is what sharing by district means — over Harbin dates
 * `from`..`to`: open hours (opening hours minus blackout dates, from the Harbin date the instrument was created,
 * leaving out the periods it was inactive; each moment counted with the calendar in force then), booked hours
 * (confirmed and completed bookings within the range, a completed one counting its actual minutes when recorded),
 * utilisation, bookings, testing orders and service records.
 */
@Injectable()
export class InstrumentStatsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async stats(q: InstrumentStatsQuery): Promise<InstrumentStatsView> {
    const to = q.to ?? todayInHarbin();
    const from = q.from ?? addDays(to, -29);
    if (from > to) throw invalidField('from', 'from 不能晚于 to / from must not be after to');
    if (addDays(from, MAX_RANGE_DAYS - 1) < to) {
      throw invalidField('to', `区间最多 ${MAX_RANGE_DAYS} 天 / the range spans at most ${MAX_RANGE_DAYS} days`);
    }
    const start = harbinInstant(from);
    const end = harbinInstant(addDays(to, 1));
    const rows = await this.dataSource.query<
      Array<{
        id: string;
        name: string;
        organizationId: string;
        organizationName: string;
        district: string;
        active: boolean;
        createdAt: Date;
        openingHours: OpeningWindow[];
        blackoutDates: string[];
        bookedHours: number;
        bookings: number;
        completedBookings: number;
        serviceRecords: number;
        serviceAmountYuan: number;
      }>
    >(
      `SELECT i.id, i.name, i.organization_id AS "organizationId", o.name AS "organizationName",
              i.district::text AS district, i.active, i.created_at AS "createdAt", i.opening_hours AS "openingHours",
              i.blackout_dates::text[] AS "blackoutDates",
              coalesce((SELECT sum(greatest(extract(epoch FROM (least(u.until, $2) - greatest(lower(b.period), $1))), 0) / 3600)
                          FROM instrument_bookings b
                         CROSS JOIN LATERAL (SELECT CASE WHEN b.status = 'completed' AND b.actual_minutes IS NOT NULL
                                                         THEN lower(b.period) + make_interval(mins => b.actual_minutes)
                                                         ELSE upper(b.period) END AS until) u
                         WHERE b.instrument_id = i.id AND b.status IN ('confirmed', 'completed')
                           AND b.period && tstzrange($1, $2, '[)')), 0)::float8 AS "bookedHours",
              (SELECT count(*) FROM instrument_bookings b WHERE b.instrument_id = i.id
                  AND lower(b.period) >= $1 AND lower(b.period) < $2)::int AS bookings,
              (SELECT count(*) FROM instrument_bookings b WHERE b.instrument_id = i.id AND b.status = 'completed'
                  AND lower(b.period) >= $1 AND lower(b.period) < $2)::int AS "completedBookings",
              (SELECT count(*) FROM service_records sr JOIN instrument_bookings b ON b.id = sr.booking_id
                WHERE b.instrument_id = i.id AND sr.completed_at >= $1 AND sr.completed_at < $2)::int AS "serviceRecords",
              (SELECT coalesce(sum(sr.amount_yuan), 0) FROM service_records sr
                 JOIN instrument_bookings b ON b.id = sr.booking_id
                WHERE b.instrument_id = i.id AND sr.completed_at >= $1 AND sr.completed_at < $2)::bigint AS "serviceAmountYuan"
         FROM instruments i JOIN organizations o ON o.id = i.organization_id
        ORDER BY i.district, o.name, i.name, i.id`,
      [start, end],
    );
    const history = await this.history(start, rows, end);
    const openOf = new Map(
      rows.map((r) => [
        r.id,
        (history.get(r.id) ?? []).reduce((sum, p) => sum + openHoursBetween(p.rules, from, to, p.active), 0),
      ]),
    );
    const instruments: InstrumentUsage[] = rows.map((r) => {
      const openHours = openOf.get(r.id) ?? 0;
      return {
        instrumentId: r.id,
        name: r.name,
        organizationId: r.organizationId,
        organizationName: r.organizationName,
        district: r.district,
        active: r.active,
        openHours: round2(openHours),
        bookedHours: round2(r.bookedHours),
        utilisation: utilisation(r.bookedHours, openHours),
        bookings: r.bookings,
        completedBookings: r.completedBookings,
        serviceRecords: r.serviceRecords,
        serviceAmountYuan: r.serviceAmountYuan,
      };
    });
    // Testing orders by the district of their testing service (capability); service records (both sources) by
    // the district of the instrument used, or of the testing service.
    const orders = await this.dataSource.query<Array<{ district: string; n: number; reported: number }>>(
      `SELECT c.district::text AS district, count(*)::int AS n,
              count(*) FILTER (WHERE t.status IN ('report_issued', 'closed'))::int AS reported
         FROM testing_orders t JOIN capabilities c ON c.id = t.capability_id
        WHERE t.created_at >= $1 AND t.created_at < $2 GROUP BY c.district`,
      [start, end],
    );
    const records = await this.dataSource.query<Array<{ district: string; n: number; amount: number }>>(
      `SELECT coalesce(i.district, c.district)::text AS district, count(*)::int AS n,
              coalesce(sum(sr.amount_yuan), 0)::bigint AS amount
         FROM service_records sr
         JOIN capabilities c ON c.id = sr.capability_id
         LEFT JOIN instrument_bookings b ON b.id = sr.booking_id
         LEFT JOIN instruments i ON i.id = b.instrument_id
        WHERE sr.completed_at >= $1 AND sr.completed_at < $2 GROUP BY 1`,
      [start, end],
    );
    const byDistrict = new Map<string, DistrictUsage & { open: number; booked: number }>();
    const slot = (district: string) => {
      let d = byDistrict.get(district);
      if (!d) {
        d = {
          district,
          instruments: 0,
          openHours: 0,
          bookedHours: 0,
          utilisation: null,
          bookings: 0,
          completedBookings: 0,
          testingOrders: 0,
          testingOrdersReported: 0,
          serviceRecords: 0,
          serviceAmountYuan: 0,
          open: 0,
          booked: 0,
        };
        byDistrict.set(district, d);
      }
      return d;
    };
    rows.forEach((r, k) => {
      const d = slot(r.district);
      d.instruments += 1;
      d.open += openOf.get(r.id) ?? 0;
      d.booked += r.bookedHours;
      d.bookings += instruments[k].bookings;
      d.completedBookings += instruments[k].completedBookings;
    });
    for (const o of orders) Object.assign(slot(o.district), { testingOrders: o.n, testingOrdersReported: o.reported });
    for (const r of records) Object.assign(slot(r.district), { serviceRecords: r.n, serviceAmountYuan: r.amount });
    const totals = slot('all');
    byDistrict.delete('all');
    const districts = [...byDistrict.values()].sort((a, b) => a.district.localeCompare(b.district));
    for (const d of districts) {
      totals.instruments += d.instruments;
      totals.open += d.open;
      totals.booked += d.booked;
      totals.bookings += d.bookings;
      totals.completedBookings += d.completedBookings;
      totals.testingOrders += d.testingOrders;
      totals.testingOrdersReported += d.testingOrdersReported;
      totals.serviceRecords += d.serviceRecords;
      totals.serviceAmountYuan += d.serviceAmountYuan;
    }
    const done = ({ open, booked, ...d }: DistrictUsage & { open: number; booked: number }): DistrictUsage => ({
      ...d,
      openHours: round2(open),
      bookedHours: round2(booked),
      utilisation: utilisation(booked, open),
    });
    return { from, to, totals: done(totals), instruments, districts: districts.map(done) };
  }

  /**
   * Each instrument's history, rebuilt from its audit, for the periods from `since` up to `until`: when it was
   * active (created, with its initial flag, on the Harbin date of `created_at`, then every edit of `active`) and
   * which calendar (opening hours and blackout dates) was in force when (every edit of either is `{from, to}`).
   */
  private async history(
    since: Date,
    rows: Array<{
      id: string;
      active: boolean;
      createdAt: Date;
      openingHours: OpeningWindow[];
      blackoutDates: string[];
    }>,
    until: Date,
  ): Promise<Map<string, CalendarPeriod[]>> {
    const events = await this.dataSource.query<
      Array<{
        id: string;
        kind: string;
        at: Date;
        initial: boolean | null;
        from: boolean | null;
        to: boolean | null;
        openingHours: { from: unknown } | null;
        blackoutDates: { from: unknown } | null;
      }>
    >(
      // In the order the edits took the instrument's row lock (the id is drawn after the UPDATE, in the same
      // transaction), not by created_at, the start of each transaction. Calendar edits are needed only from `since`
      // on: walking back from today's calendar through them gives the one in force then.
      `SELECT subject_id AS id, kind, created_at AS at,
              CASE WHEN kind = 'created' THEN (data->>'active')::boolean END AS initial,
              (data->'active'->>'from')::boolean AS "from", (data->'active'->>'to')::boolean AS "to",
              CASE WHEN jsonb_typeof(data->'openingHours') = 'object' THEN data->'openingHours' END AS "openingHours",
              CASE WHEN jsonb_typeof(data->'blackoutDates') = 'object' THEN data->'blackoutDates' END AS "blackoutDates"
         FROM instrument_events
        WHERE subject = 'instrument' AND subject_id = ANY($1::uuid[])
          AND (kind = 'created' OR (kind = 'edit' AND (jsonb_typeof(data->'active') = 'object'
               OR (created_at >= $2 AND (jsonb_typeof(data->'openingHours') = 'object'
                                         OR jsonb_typeof(data->'blackoutDates') = 'object')))))
        ORDER BY instrument_events.id`,
      [rows.map((r) => r.id), since],
    );
    const byId = new Map<string, typeof events>();
    for (const e of events) {
      const list = byId.get(e.id);
      if (list) list.push(e);
      else byId.set(e.id, [e]);
    }
    // A calendar as the audit recorded it before an edit; anything else (a hand-made row) is left out.
    const windows = (x: { from: unknown } | null) =>
      x && openingHoursErrors(x.from).length === 0 ? { from: x.from as OpeningWindow[] } : undefined;
    const dates = (x: { from: unknown } | null) =>
      x && Array.isArray(x.from) && x.from.every((d) => typeof d === 'string' && ISO_DATE.test(d))
        ? { from: x.from as string[] }
        : undefined;
    const out = new Map<string, CalendarPeriod[]>();
    for (const r of rows) {
      // Edit times made monotonic in lock order (two overlapping edits may carry their start times crosswise);
      // the creation counts from `created_at` of the instrument itself.
      let last = 0;
      const all = (byId.get(r.id) ?? []).map((e) => {
        if (e.kind !== 'edit') return e;
        last = Math.max(last, e.at.getTime());
        return { ...e, at: new Date(last) };
      });
      const edits = all.filter((e) => e.kind === 'edit' && e.to !== null);
      const created = all.find((e) => e.kind === 'created');
      const initial = created?.initial ?? edits[0]?.from ?? r.active;
      const changes: ActiveChange[] = [
        { at: r.createdAt, active: initial },
        ...edits.map((e) => ({ at: e.at, active: e.to as boolean })),
      ];
      const calendarEdits: CalendarEdit[] = all
        .filter((e) => e.kind === 'edit')
        .map((e) => ({ at: e.at, openingHours: windows(e.openingHours), blackoutDates: dates(e.blackoutDates) }))
        .filter((e) => e.openingHours || e.blackoutDates);
      // Only the periods that reach into the range are counted (each is walked day by day over the whole range).
      const periods = calendarPeriods(r, calendarEdits, activeIntervals(changes, until)).filter((p) =>
        p.active.some((a) => a.to > since && a.from < until),
      );
      out.set(r.id, periods);
    }
    return out;
  }
}
