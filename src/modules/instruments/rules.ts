// Pure rules of instruments: Harbin time (UTC+8, no DST), opening hours, the booking window, amounts, the week
// calendar and open hours for the statistics. No I/O: unit-tested in rules.spec.ts.

import { addDays } from '../../common/domain/dates.js';
import type { FieldError } from '../../common/errors/error-body.js';
import type { InstrumentUnit, OpeningWindow } from './entities/instrument.entity.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Harbin is UTC+8 all year. */
export const HARBIN_OFFSET_MS = 8 * HOUR_MS;
/** Bookings may be requested at most this many days ahead. */
export const MAX_DAYS_AHEAD = 90;
/** Slot granularity in minutes. */
export const SLOT_MINUTES = 30;

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

/** Minutes since midnight of `HH:MM` (24:00 → 1440). */
export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** `HH:MM` of minutes since midnight (1440 → 24:00). */
export function hhmmOf(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** The Harbin calendar date, weekday (1 = Monday … 7 = Sunday) and minute of the day of an instant. */
export function harbinParts(at: Date): { date: string; weekday: number; minutes: number; seconds: number } {
  const local = new Date(at.getTime() + HARBIN_OFFSET_MS);
  const dow = local.getUTCDay();
  return {
    date: local.toISOString().slice(0, 10),
    weekday: dow === 0 ? 7 : dow,
    minutes: local.getUTCHours() * 60 + local.getUTCMinutes(),
    seconds: local.getUTCSeconds() * 1000 + local.getUTCMilliseconds(),
  };
}

/** The instant of a Harbin date (YYYY-MM-DD) plus `minutes` after its midnight. */
export function harbinInstant(date: string, minutes = 0): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - HARBIN_OFFSET_MS + minutes * 60_000);
}

/** An instant written in Harbin time: `2026-12-07T09:00:00+08:00`. */
export function harbinIso(at: Date): string {
  return `${new Date(at.getTime() + HARBIN_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/** The weekday (1 = Monday … 7 = Sunday) of a date YYYY-MM-DD. */
export function weekdayOf(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** The Monday of the Harbin week of an instant. */
export function mondayOf(at: Date): string {
  const { date, weekday } = harbinParts(at);
  return addDays(date, 1 - weekday);
}

/**
 * Checks weekly opening hours: each `{weekday 1..7, from "HH:MM", to "HH:MM"}` on 30-minute boundaries with
 * from < to (to may be 24:00), no two windows of one weekday overlapping. Answers the problems, naming each field
 * (`openingHours[2].to`); empty when fine.
 */
export function openingHoursErrors(value: unknown, field = 'openingHours'): FieldError[] {
  if (!Array.isArray(value)) return [{ field, message: `${field} 应为数组 / ${field} must be an array` }];
  if (value.length > 50) return [{ field, message: `${field} 最多50个时段 / ${field} holds at most 50 windows` }];
  const errors: FieldError[] = [];
  const ok: Array<{ i: number; weekday: number; from: number; to: number }> = [];
  value.forEach((w: unknown, i) => {
    const f = `${field}[${i}]`;
    if (!w || typeof w !== 'object') {
      errors.push({ field: f, message: `${f} 应为 {weekday, from, to} / ${f} must be {weekday, from, to}` });
      return;
    }
    const { weekday, from, to } = w as Record<string, unknown>;
    let bad = false;
    if (!Number.isInteger(weekday) || (weekday as number) < 1 || (weekday as number) > 7) {
      errors.push({
        field: `${f}.weekday`,
        message: 'weekday 应为 1（周一）到 7（周日）/ weekday must be 1 (Monday) to 7 (Sunday)',
      });
      bad = true;
    }
    for (const [k, v] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (typeof v !== 'string' || !HHMM.test(v) || (k === 'from' && v === '24:00')) {
        errors.push({ field: `${f}.${k}`, message: `${k} 应为 HH:MM / ${k} must be HH:MM (e.g. 08:30)` });
        bad = true;
      } else if (minutesOf(v) % SLOT_MINUTES !== 0) {
        errors.push({
          field: `${f}.${k}`,
          message: `${k} 应在整点或半点 / ${k} must be on the hour or half hour`,
        });
        bad = true;
      }
    }
    if (bad) return;
    const [a, b] = [minutesOf(from as string), minutesOf(to as string)];
    if (a >= b) {
      errors.push({ field: `${f}.to`, message: '结束时间应晚于开始时间 / to must be after from' });
      return;
    }
    ok.push({ i, weekday: weekday as number, from: a, to: b });
  });
  ok.sort((x, y) => x.weekday - y.weekday || x.from - y.from);
  for (let k = 1; k < ok.length; k++) {
    const [prev, cur] = [ok[k - 1], ok[k]];
    if (prev.weekday === cur.weekday && cur.from < prev.to) {
      errors.push({
        field: `${field}[${cur.i}]`,
        message: `与 ${field}[${prev.i}] 在同一天重叠 / overlaps ${field}[${prev.i}] on the same weekday`,
      });
    }
  }
  return errors;
}

/** Opening windows sorted, for storing. */
export function normalizeOpeningHours(windows: OpeningWindow[]): OpeningWindow[] {
  return windows
    .map((w) => ({ weekday: w.weekday, from: w.from, to: w.to }))
    .sort((a, b) => a.weekday - b.weekday || minutesOf(a.from) - minutesOf(b.from));
}

export interface BookingRules {
  openingHours: OpeningWindow[];
  blackoutDates: string[];
  minNoticeHours: number;
}

/**
 * Whether a period may be requested: on 30-minute boundaries, inside one opening window of one Harbin day, not on
 * a blackout date, at least `minNoticeHours` ahead and at most 90 days ahead. Answers the first problem (naming
 * `from` or `to`), or null.
 */
export function bookingWindowError(rules: BookingRules, from: Date, to: Date, now: Date): FieldError | null {
  const placed = periodPlacementError(rules, from, to);
  if (placed) return placed;
  if (from.getTime() < now.getTime() + rules.minNoticeHours * HOUR_MS) {
    return {
      field: 'from',
      message: `须至少提前 ${rules.minNoticeHours} 小时预约 / book at least ${rules.minNoticeHours} hours ahead`,
    };
  }
  if (from.getTime() > now.getTime() + MAX_DAYS_AHEAD * DAY_MS) {
    return {
      field: 'from',
      message: `最多提前 ${MAX_DAYS_AHEAD} 天预约 / book at most ${MAX_DAYS_AHEAD} days ahead`,
    };
  }
  return null;
}

/**
 * Whether a period fits the instrument's calendar, whatever the time now: on 30-minute boundaries, inside one
 * opening window of one Harbin day, not on a blackout date (no notice rule). Answers the first problem, or null.
 */
export function periodPlacementError(
  rules: Pick<BookingRules, 'openingHours' | 'blackoutDates'>,
  from: Date,
  to: Date,
): FieldError | null {
  const a = harbinParts(from);
  const b = harbinParts(to);
  if (to.getTime() <= from.getTime()) return { field: 'to', message: '结束时间应晚于开始时间 / to must be after from' };
  if (a.seconds || a.minutes % SLOT_MINUTES) {
    return { field: 'from', message: '开始时间应在整点或半点 / from must be on the hour or half hour' };
  }
  if (b.seconds || b.minutes % SLOT_MINUTES) {
    return { field: 'to', message: '结束时间应在整点或半点 / to must be on the hour or half hour' };
  }
  // The end's minute within the start's day: midnight after it is 24:00.
  const end = Math.round((to.getTime() - harbinInstant(a.date).getTime()) / 60_000);
  if (end > 24 * 60) {
    return { field: 'to', message: '预约不能跨天（哈尔滨时间）/ a booking must stay within one Harbin day' };
  }
  if (rules.blackoutDates.includes(a.date)) {
    return { field: 'from', message: `${a.date} 为停用日，不可预约 / ${a.date} is a blackout date` };
  }
  const inside = rules.openingHours.some(
    (w) => w.weekday === a.weekday && minutesOf(w.from) <= a.minutes && end <= minutesOf(w.to),
  );
  if (!inside) {
    const today = rules.openingHours
      .filter((w) => w.weekday === a.weekday)
      .map((w) => `${w.from}-${w.to}`)
      .join('、');
    return {
      field: 'from',
      message:
        `预约时段须在同一开放时段内（该日开放：${today || '不开放'}）/ the period must lie within one opening ` +
        `window of that day (open: ${today || 'closed'})`,
    };
  }
  return null;
}

/**
 * What a booking costs, in whole yuan: per hour, minutes / 60 × price rounded half up; per sample, price × samples.
 */
export function bookingAmount(
  unit: InstrumentUnit,
  priceYuan: number,
  minutes: number,
  samples: number | null,
): number {
  if (unit === 'sample') return priceYuan * (samples ?? 0);
  return Math.floor((2 * minutes * priceYuan + 60) / 120);
}

export interface Interval {
  from: Date;
  to: Date;
}

/** `windows` minus `taken`: what is left, in order (both as instants). */
export function subtractIntervals(windows: Interval[], taken: Interval[]): Interval[] {
  const out: Interval[] = [];
  const sorted = [...taken].sort((x, y) => x.from.getTime() - y.from.getTime());
  for (const w of windows) {
    let start = w.from.getTime();
    const end = w.to.getTime();
    for (const t of sorted) {
      const [ta, tb] = [t.from.getTime(), t.to.getTime()];
      if (tb <= start || ta >= end) continue;
      if (ta > start) out.push({ from: new Date(start), to: new Date(ta) });
      start = Math.max(start, tb);
      if (start >= end) break;
    }
    if (start < end) out.push({ from: new Date(start), to: new Date(end) });
  }
  return out;
}

/** The opening windows of a Harbin date as instants (none on a blackout date). */
export function windowsOn(rules: Pick<BookingRules, 'openingHours' | 'blackoutDates'>, date: string): Interval[] {
  if (rules.blackoutDates.includes(date)) return [];
  const wd = weekdayOf(date);
  return rules.openingHours
    .filter((w) => w.weekday === wd)
    .sort((x, y) => minutesOf(x.from) - minutesOf(y.from))
    .map((w) => ({ from: harbinInstant(date, minutesOf(w.from)), to: harbinInstant(date, minutesOf(w.to)) }));
}

/**
 * Open hours over the Harbin dates `from`..`to` (inclusive): the opening windows minus blackout dates, and, when
 * `active` is given, only the parts of the windows inside those intervals (when the instrument existed and was
 * active).
 */
export function openHoursBetween(
  rules: Pick<BookingRules, 'openingHours' | 'blackoutDates'>,
  from: string,
  to: string,
  active?: Interval[],
): number {
  let minutes = 0;
  for (let d = from; d <= to; d = addDays(d, 1)) {
    for (const w of windowsOn(rules, d)) {
      if (!active) minutes += (w.to.getTime() - w.from.getTime()) / 60_000;
      else for (const a of active) minutes += overlapHours(w, a.from, a.to) * 60;
    }
  }
  return minutes / 60;
}

/** An edit of an instrument's calendar, as its audit records it: each changed field `{from, to}`. */
export interface CalendarEdit {
  at: Date;
  openingHours?: { from: OpeningWindow[] };
  blackoutDates?: { from: string[] };
}

/** A stretch of an instrument's history with one calendar in force, and the intervals it was active within it. */
export interface CalendarPeriod {
  rules: Pick<BookingRules, 'openingHours' | 'blackoutDates'>;
  active: Interval[];
}

/**
 * The calendars an instrument had over time: `current` back to the last edit, each edit's `from` before it, and so
 * on back; `active` (when it was active) split among them. Open hours counted this way offer each day what was
 * offered that day, not what the calendar says today.
 */
export function calendarPeriods(
  current: Pick<BookingRules, 'openingHours' | 'blackoutDates'>,
  edits: CalendarEdit[],
  active: Interval[],
): CalendarPeriod[] {
  const sorted = [...edits].sort((a, b) => a.at.getTime() - b.at.getTime());
  const clip = (from: number, to: number): Interval[] =>
    active
      .map((a) => ({ from: new Date(Math.max(a.from.getTime(), from)), to: new Date(Math.min(a.to.getTime(), to)) }))
      .filter((a) => a.to > a.from);
  const out: CalendarPeriod[] = [];
  let rules = current;
  let end = Infinity;
  for (let k = sorted.length - 1; k >= 0; k--) {
    const e = sorted[k];
    out.push({ rules, active: clip(e.at.getTime(), end) });
    rules = {
      openingHours: e.openingHours ? e.openingHours.from : rules.openingHours,
      blackoutDates: e.blackoutDates ? e.blackoutDates.from : rules.blackoutDates,
    };
    end = e.at.getTime();
  }
  out.push({ rules, active: clip(-Infinity, end) });
  return out.reverse().filter((p) => p.active.length > 0);
}

/** One change of an instrument's `active` flag (or its creation), in time order. */
export interface ActiveChange {
  at: Date;
  active: boolean;
}

/**
 * The intervals in which an instrument was active, up to `until`: from the Harbin midnight of its creation day
 * (`changes[0]` is its creation, with its initial flag), switched by later changes. Open intervals end at `until`.
 */
export function activeIntervals(changes: ActiveChange[], until: Date): Interval[] {
  const out: Interval[] = [];
  if (!changes.length) return out;
  let since: Date | null = null;
  for (let k = 0; k < changes.length; k++) {
    const c = changes[k];
    const at = k === 0 ? harbinInstant(harbinParts(c.at).date) : c.at;
    if (c.active && !since) since = at;
    else if (!c.active && since) {
      if (at > since) out.push({ from: since, to: at });
      since = null;
    }
  }
  if (since && until > since) out.push({ from: since, to: until });
  return out;
}

/**
 * The free intervals a caller could still request: `free` cut to [`from`, `until`) (the minimum notice and the
 * 90-day horizon), on 30-minute boundaries (a start rounded up).
 */
export function bookableIntervals(free: Interval[], from: Date, until: Date): Interval[] {
  const step = SLOT_MINUTES * 60_000;
  const start = Math.ceil(from.getTime() / step) * step;
  const out: Interval[] = [];
  for (const f of free) {
    const a = Math.max(f.from.getTime(), start);
    const b = Math.min(f.to.getTime(), until.getTime());
    if (b > a) out.push({ from: new Date(a), to: new Date(b) });
  }
  return out;
}

/** Hours of an interval that fall within [from, to). */
export function overlapHours(i: Interval, from: Date, to: Date): number {
  const a = Math.max(i.from.getTime(), from.getTime());
  const b = Math.min(i.to.getTime(), to.getTime());
  return b > a ? (b - a) / HOUR_MS : 0;
}

/** Booked / open hours, to four decimals; null when never open. */
export function utilisation(bookedHours: number, openHours: number): number | null {
  return openHours > 0 ? Math.round((bookedHours / openHours) * 10_000) / 10_000 : null;
}
