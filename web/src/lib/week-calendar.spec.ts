import {
  addDays,
  cellAt,
  harbinDateTime,
  harbinIso,
  harbinPeriod,
  hourlyAmount,
  openingProblems,
  openingSummary,
  selectRange,
  selectionPeriod,
  weekdayOf,
  weekMonday,
  weekRows,
  type DayIntervals,
} from './week-calendar';

// Tuesday 8 December 2026 in Harbin, opening 09:00–12:00 and 13:30–17:00.
const day = (over: Partial<DayIntervals> = {}): DayIntervals => ({
  date: '2026-12-08',
  blackout: false,
  windows: [
    { from: '2026-12-08T09:00:00+08:00', to: '2026-12-08T12:00:00+08:00' },
    { from: '2026-12-08T13:30:00+08:00', to: '2026-12-08T17:00:00+08:00' },
  ],
  taken: [{ from: '2026-12-08T01:00:00.000Z', to: '2026-12-08T02:00:00.000Z', enterpriseName: '示例乙' }],
  requested: [{ from: '2026-12-08T14:00:00+08:00', to: '2026-12-08T15:00:00+08:00' }],
  ...over,
});
const NOW = Date.parse('2026-12-01T04:00:00Z');

describe('the week calendar in Harbin time', () => {
  it('finds the Harbin week and its days whatever the instant’s own zone', () => {
    // Sunday 6 Dec 23:30 UTC is already Monday 7 Dec 07:30 in Harbin: that Monday's week.
    expect(weekMonday(new Date('2026-12-06T23:30:00Z'))).toBe('2026-12-07');
    expect(weekMonday(new Date('2026-12-06T15:59:00Z'))).toBe('2026-11-30');
    expect(weekMonday('2026-12-13')).toBe('2026-12-07');
    expect(weekdayOf('2026-12-13')).toBe(7);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(harbinIso('2026-12-08', 9 * 60 + 30)).toBe('2026-12-08T09:30:00+08:00');
    expect(harbinIso('2026-12-08', 1440)).toBe('2026-12-09T00:00:00+08:00');
    expect(harbinDateTime('2026-12-08T01:30:00Z')).toBe('2026-12-08 09:30');
    expect(harbinPeriod('2026-12-08T01:00:00Z', '2026-12-08T03:00:00Z')).toBe('2026-12-08 09:00–11:00');
  });

  it('spans the rows from the earliest opening to the latest closing of the week', () => {
    const rows = weekRows([day(), { date: '2026-12-09', windows: [{ from: '08:00', to: '10:00' }] }]);
    expect(rows[0]).toBe(8 * 60);
    expect(rows.at(-1)).toBe(16 * 60 + 30);
    expect(rows).toHaveLength(18);
    expect(weekRows([{ date: '2026-12-08', windows: [] }])).toEqual([]);
  });

  it('tells free, taken, own, closed, blackout and too-soon cells apart', () => {
    expect(cellAt(day(), 8 * 60 + 30, NOW).state).toBe('closed');
    expect(cellAt(day(), 12 * 60, NOW).state).toBe('closed');
    expect(cellAt(day(), 9 * 60, NOW)).toEqual({ state: 'taken', who: '示例乙', bookingId: undefined });
    expect(cellAt(day(), 9 * 60 + 30, NOW).state).toBe('taken');
    expect(cellAt(day(), 10 * 60, NOW).state).toBe('free');
    expect(cellAt(day(), 14 * 60 + 30, NOW).state).toBe('requested');
    expect(cellAt(day({ taken: [{ ...day().taken[0], mine: true }] }), 9 * 60, NOW).state).toBe('mine');
    expect(cellAt(day({ blackout: true }), 10 * 60, NOW).state).toBe('blackout');
    expect(cellAt(day({ blackout: true, windows: [] }), 8 * 60, NOW).state).toBe('blackout');
    // Earliest bookable: 8 Dec 11:00 Harbin.
    expect(cellAt(day(), 10 * 60 + 30, Date.parse('2026-12-08T03:00:00Z')).state).toBe('past');
    expect(cellAt(day(), 11 * 60, Date.parse('2026-12-08T03:00:00Z')).state).toBe('free');
  });

  it('selects a run of free cells of one day, in either order, as the ISO period', () => {
    const s = selectRange(day(), 11 * 60 + 30, 10 * 60, NOW);
    expect(s).toEqual({ date: '2026-12-08', from: 600, to: 720 });
    expect(selectionPeriod(s!)).toEqual({ from: '2026-12-08T10:00:00+08:00', to: '2026-12-08T12:00:00+08:00' });
    expect(selectRange(day(), 10 * 60, 10 * 60, NOW)).toEqual({ date: '2026-12-08', from: 600, to: 630 });
    // Across a taken cell, the lunch break, or the caller's own request: refused.
    expect(selectRange(day(), 9 * 60, 10 * 60, NOW)).toBeNull();
    expect(selectRange(day(), 11 * 60, 13 * 60 + 30, NOW)).toBeNull();
    expect(selectRange(day(), 13 * 60 + 30, 14 * 60, NOW)).toBeNull();
  });

  it('prices hours as the server does and checks opening windows as it does', () => {
    expect(hourlyAmount(90, 300)).toBe(450);
    expect(hourlyAmount(30, 25)).toBe(13); // 12.5 → 13
    expect(hourlyAmount(30, 15)).toBe(8); // 7.5 → 8
    expect(
      openingProblems([
        { weekday: 1, from: '09:00', to: '12:00' },
        { weekday: 1, from: '11:30', to: '13:00' },
        { weekday: 2, from: '10:00', to: '09:00' },
        { weekday: 3, from: '09:15', to: '10:00' },
        { weekday: 4, from: '09:00' },
        { weekday: 2, from: '12:00', to: '13:00' },
      ]),
    ).toEqual([
      { index: 1, problem: 'overlap' },
      { index: 2, problem: 'order' },
      { index: 3, problem: 'boundary' },
      { index: 4, problem: 'incomplete' },
    ]);
    expect(
      openingSummary(
        [
          { weekday: 2, from: '13:30', to: '17:00' },
          { weekday: 2, from: '09:00', to: '12:00' },
          { weekday: 1, from: '09:00', to: '17:00' },
        ],
        (d) => '一二三四五六日'[d - 1],
      ),
    ).toBe('一 09:00–17:00；二 09:00–12:00, 13:30–17:00');
  });
});
