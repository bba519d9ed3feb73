import {
  activeIntervals,
  bookableIntervals,
  bookingAmount,
  bookingWindowError,
  calendarPeriods,
  harbinInstant,
  harbinIso,
  harbinParts,
  mondayOf,
  openHoursBetween,
  openingHoursErrors,
  periodPlacementError,
  subtractIntervals,
  utilisation,
  windowsOn,
} from './rules.js';
import { allowedBookingSteps, allowedOrderSteps, checkBookingStep, checkOrderStep } from './lifecycle.js';

const at = (s: string) => new Date(s);
const rules = {
  openingHours: [
    { weekday: 1, from: '08:00', to: '12:00' },
    { weekday: 1, from: '13:00', to: '18:00' },
    { weekday: 3, from: '20:00', to: '24:00' },
  ],
  blackoutDates: ['2026-12-14'],
  minNoticeHours: 24,
};
// Tuesday 1 December 2026, 10:00 Harbin.
const now = at('2026-12-01T10:00:00+08:00');

describe('Harbin time', () => {
  it('reads dates, weekdays and minutes at UTC+8', () => {
    expect(harbinParts(at('2026-12-06T16:30:00Z'))).toEqual({
      date: '2026-12-07',
      weekday: 1,
      minutes: 30,
      seconds: 0,
    });
    expect(harbinInstant('2026-12-07', 9 * 60).toISOString()).toBe('2026-12-07T01:00:00.000Z');
    expect(harbinIso(at('2026-12-07T01:00:00Z'))).toBe('2026-12-07T09:00:00+08:00');
    expect(mondayOf(at('2026-12-13T15:59:00Z'))).toBe('2026-12-07'); // Sunday 23:59 Harbin
    expect(mondayOf(at('2026-12-13T16:00:00Z'))).toBe('2026-12-14'); // Monday 00:00 Harbin
  });
});

describe('openingHoursErrors', () => {
  it('accepts half-hour windows that do not overlap, 24:00 as an end', () => {
    expect(openingHoursErrors(rules.openingHours)).toEqual([]);
    expect(openingHoursErrors([])).toEqual([]);
  });
  it('names each bad field', () => {
    expect(
      openingHoursErrors([
        { weekday: 0, from: '08:00', to: '09:00' },
        { weekday: 2, from: '08:10', to: '09:00' },
        { weekday: 2, from: '9:00', to: '10:00' },
        { weekday: 4, from: '12:00', to: '12:00' },
        { weekday: 5, from: '08:00', to: '12:00' },
        { weekday: 5, from: '11:30', to: '13:00' },
        { weekday: 6, from: '24:00', to: '24:00' },
        'x',
      ]).map((e) => e.field),
    ).toEqual([
      'openingHours[0].weekday',
      'openingHours[1].from',
      'openingHours[2].from',
      'openingHours[3].to',
      'openingHours[6].from',
      'openingHours[7]',
      'openingHours[5]',
    ]);
    expect(openingHoursErrors('mon-fri')).toEqual([{ field: 'openingHours', message: expect.stringMatching(/数组/) }]);
  });
});

describe('bookingWindowError', () => {
  const check = (from: string, to: string) => bookingWindowError(rules, at(from), at(to), now)?.field ?? null;
  it('accepts a period inside one window of one day, on half hours, with notice', () => {
    expect(check('2026-12-07T08:00:00+08:00', '2026-12-07T12:00:00+08:00')).toBeNull();
    expect(check('2026-12-09T22:30:00+08:00', '2026-12-10T00:00:00+08:00')).toBeNull(); // up to midnight
  });
  it('refuses what breaks a rule, naming the field', () => {
    expect(check('2026-12-07T11:00:00+08:00', '2026-12-07T13:30:00+08:00')).toBe('from'); // across two windows
    expect(check('2026-12-07T07:30:00+08:00', '2026-12-07T09:00:00+08:00')).toBe('from'); // before opening
    expect(check('2026-12-07T08:15:00+08:00', '2026-12-07T09:00:00+08:00')).toBe('from');
    expect(check('2026-12-07T08:00:00+08:00', '2026-12-07T09:10:00+08:00')).toBe('to');
    expect(check('2026-12-07T09:00:00+08:00', '2026-12-07T09:00:00+08:00')).toBe('to');
    expect(check('2026-12-09T23:00:00+08:00', '2026-12-10T00:30:00+08:00')).toBe('to'); // across midnight
    expect(check('2026-12-08T09:00:00+08:00', '2026-12-08T10:00:00+08:00')).toBe('from'); // closed on Tuesdays
    expect(check('2026-12-14T09:00:00+08:00', '2026-12-14T10:00:00+08:00')).toBe('from'); // blackout
    expect(
      bookingWindowError(
        rules,
        at('2026-12-07T09:00:00+08:00'),
        at('2026-12-07T10:00:00+08:00'),
        at('2026-12-06T10:00:00+08:00'),
      ),
    ).toMatchObject({ field: 'from', message: expect.stringMatching(/24 小时/) }); // 23 h ahead
    expect(check('2027-03-08T09:00:00+08:00', '2027-03-08T10:00:00+08:00')).toBe('from'); // > 90 days
  });
});

describe('bookingAmount', () => {
  it('charges minutes / 60 × price rounded half up, or price × samples', () => {
    expect(bookingAmount('hour', 400, 120, null)).toBe(800);
    expect(bookingAmount('hour', 333, 90, null)).toBe(500); // 499.5 → 500
    expect(bookingAmount('hour', 101, 30, null)).toBe(51); // 50.5 → 51
    expect(bookingAmount('hour', 99, 30, null)).toBe(50); // 49.5 → 50
    expect(bookingAmount('hour', 100, 20, null)).toBe(33); // 33.33 → 33
    expect(bookingAmount('hour', 0, 600, null)).toBe(0);
    expect(bookingAmount('sample', 120, 60, 3)).toBe(360);
  });
});

describe('calendar intervals', () => {
  it('subtracts taken periods from windows', () => {
    const w = windowsOn(rules, '2026-12-07');
    expect(w.map((x) => harbinIso(x.from))).toEqual(['2026-12-07T08:00:00+08:00', '2026-12-07T13:00:00+08:00']);
    const free = subtractIntervals(w, [
      { from: at('2026-12-07T09:00:00+08:00'), to: at('2026-12-07T10:00:00+08:00') },
      { from: at('2026-12-07T11:30:00+08:00'), to: at('2026-12-07T14:00:00+08:00') },
      { from: at('2026-12-07T17:00:00+08:00'), to: at('2026-12-07T19:00:00+08:00') },
    ]);
    expect(free.map((x) => `${harbinIso(x.from).slice(11, 16)}-${harbinIso(x.to).slice(11, 16)}`)).toEqual([
      '08:00-09:00',
      '10:00-11:30',
      '14:00-17:00',
    ]);
    expect(windowsOn(rules, '2026-12-14')).toEqual([]); // blackout
  });
  it('counts open hours over a range without blackout dates', () => {
    // 7-20 December: Mondays 7th (9 h) and 14th (blackout), Wednesdays 9th and 16th (4 h each).
    expect(openHoursBetween(rules, '2026-12-07', '2026-12-20')).toBe(17);
    expect(utilisation(4.25, 17)).toBe(0.25);
    expect(utilisation(1, 0)).toBeNull();
  });
});

describe('lifecycles', () => {
  it('let each side take only its steps', () => {
    expect(checkBookingStep('provider', 'requested', 'confirmed')).toEqual({ ok: true });
    expect(checkBookingStep('enterprise', 'requested', 'confirmed')).toEqual({ ok: false, reason: 'forbidden' });
    expect(checkBookingStep('provider', 'declined', 'confirmed')).toEqual({
      ok: false,
      reason: 'illegal',
      allowed: [],
    });
    expect(allowedBookingSteps('enterprise', 'confirmed')).toEqual(['cancelled']);
    expect(allowedBookingSteps('provider', 'requested')).toEqual(['confirmed', 'declined']);
    expect(allowedOrderSteps('enterprise', 'requested')).toEqual(['cancelled']);
    expect(allowedOrderSteps('enterprise', 'samples_received')).toEqual([]);
    expect(allowedOrderSteps('provider', 'samples_received')).toEqual(['testing', 'cancelled']);
    expect(allowedOrderSteps('enterprise', 'report_issued')).toEqual(['closed']);
    expect(checkOrderStep('provider', 'closed', 'testing')).toEqual({ ok: false, reason: 'illegal', allowed: [] });
  });
});

describe('placement, activity and the bookable horizon', () => {
  it('checks a period against the windows and blackout dates whatever the notice', () => {
    // Monday 7 December 2026, 09:00-10:00: inside a window although within a day of `now`-like instants.
    expect(periodPlacementError(rules, at('2026-12-07T09:00:00+08:00'), at('2026-12-07T10:00:00+08:00'))).toBeNull();
    expect(periodPlacementError(rules, at('2026-12-07T11:30:00+08:00'), at('2026-12-07T12:30:00+08:00'))?.field).toBe(
      'from',
    );
    expect(periodPlacementError(rules, at('2026-12-14T09:00:00+08:00'), at('2026-12-14T10:00:00+08:00'))?.field).toBe(
      'from',
    );
  });

  it('rebuilds active intervals from the creation day’s Harbin midnight and the changes', () => {
    const until = at('2026-12-10T00:00:00+08:00');
    expect(
      activeIntervals(
        [
          { at: at('2026-12-01T15:20:00+08:00'), active: true },
          { at: at('2026-12-03T12:00:00+08:00'), active: false },
          { at: at('2026-12-04T00:00:00+08:00'), active: false },
          { at: at('2026-12-05T00:00:00+08:00'), active: true },
        ],
        until,
      ).map((i) => [harbinIso(i.from), harbinIso(i.to)]),
    ).toEqual([
      ['2026-12-01T00:00:00+08:00', '2026-12-03T12:00:00+08:00'],
      ['2026-12-05T00:00:00+08:00', '2026-12-10T00:00:00+08:00'],
    ]);
    expect(activeIntervals([{ at: at('2026-12-01T15:20:00+08:00'), active: false }], until)).toEqual([]);
    // Open hours of a week in which it was active only from Wednesday: Monday's 9 hours do not count.
    const active = activeIntervals([{ at: at('2026-12-09T08:00:00+08:00'), active: true }], until);
    expect(openHoursBetween(rules, '2026-12-07', '2026-12-09', active)).toBe(4);
    expect(openHoursBetween(rules, '2026-12-07', '2026-12-09')).toBe(13);
  });

  it('counts each day’s open hours with the calendar in force that day, not today’s', () => {
    const daily = (from: string, to: string) => [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from, to }));
    const active = [{ from: at('2026-12-01T00:00:00+08:00'), to: at('2026-12-11T00:00:00+08:00') }];
    // 8 hours a day until Dec 6; from then 3 hours; Dec 9 a blackout date, added on Dec 8 and lifted again today.
    const periods = calendarPeriods(
      { openingHours: daily('09:00', '12:00'), blackoutDates: [] },
      [
        { at: at('2026-12-10T12:00:00+08:00'), blackoutDates: { from: ['2026-12-09'] } },
        { at: at('2026-12-06T00:00:00+08:00'), openingHours: { from: daily('09:00', '17:00') } },
        { at: at('2026-12-08T10:00:00+08:00'), blackoutDates: { from: [] } },
      ],
      active,
    );
    expect(
      periods.map((p) => [harbinIso(p.active[0].from), p.rules.openingHours[0].to, p.rules.blackoutDates]),
    ).toEqual([
      ['2026-12-01T00:00:00+08:00', '17:00', []],
      ['2026-12-06T00:00:00+08:00', '12:00', []],
      ['2026-12-08T10:00:00+08:00', '12:00', ['2026-12-09']],
      ['2026-12-10T12:00:00+08:00', '12:00', []],
    ]);
    const open = periods.reduce((sum, p) => sum + openHoursBetween(p.rules, '2026-12-01', '2026-12-10', p.active), 0);
    // Dec 1–5 at 8 h, Dec 6–8 at 3 h, Dec 9 closed (as it was then), Dec 10 at 3 h; today's calendar would say 30.
    expect(open).toBe(5 * 8 + 3 * 3 + 0 + 3);
    // No edits: one period, today's calendar throughout.
    expect(calendarPeriods({ openingHours: daily('09:00', '12:00'), blackoutDates: [] }, [], active)).toHaveLength(1);
  });

  it('cuts free intervals to the bookable horizon, starting on a half hour', () => {
    const free = [{ from: at('2026-12-07T08:00:00+08:00'), to: at('2026-12-07T12:00:00+08:00') }];
    expect(
      bookableIntervals(free, at('2026-12-07T09:10:00+08:00'), at('2026-12-07T11:00:00+08:00')).map((i) => [
        harbinIso(i.from),
        harbinIso(i.to),
      ]),
    ).toEqual([['2026-12-07T09:30:00+08:00', '2026-12-07T11:00:00+08:00']]);
    expect(bookableIntervals(free, at('2026-12-07T12:00:00+08:00'), at('2026-12-08T00:00:00+08:00'))).toEqual([]);
  });
});
