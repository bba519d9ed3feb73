import {
  addWorkingDays,
  isWorkingDay,
  rankApplications,
  splitByShares,
  spreadOf,
  weightedScore,
  workingDaysBetween,
} from './rules.js';
import { DEFAULT_CRITERIA_WEIGHTS as DEFAULT_WEIGHTS } from '../challenges/challenge.entity.js';
import { todayInHarbin } from '../../common/domain/dates.js';

describe('working days of the public notice', () => {
  it('skips Saturdays and Sundays', () => {
    // 2026-12-04 is a Friday.
    expect(isWorkingDay('2026-12-04')).toBe(true);
    expect(isWorkingDay('2026-12-05')).toBe(false);
    expect(isWorkingDay('2026-12-06')).toBe(false);
    expect(addWorkingDays('2026-12-04', 1)).toBe('2026-12-07');
    expect(addWorkingDays('2026-12-04', 5)).toBe('2026-12-11');
    // Monday: the five working days are Tuesday to the next Monday.
    expect(addWorkingDays('2026-11-30', 5)).toBe('2026-12-07');
    // Published on a Saturday or Sunday: the period starts on Monday.
    expect(addWorkingDays('2026-12-05', 5)).toBe('2026-12-11');
    expect(addWorkingDays('2026-12-06', 5)).toBe('2026-12-11');
  });

  it('crosses months, years and leap days', () => {
    expect(addWorkingDays('2026-12-30', 5)).toBe('2027-01-06');
    expect(addWorkingDays('2028-02-25', 3)).toBe('2028-03-01'); // Fri → Mon 28, Tue 29, Wed 1
    expect(addWorkingDays('2026-12-04', 10)).toBe('2026-12-18');
  });

  it('always ends on a working day N working days later', () => {
    for (let i = 0; i < 60; i += 1) {
      const from = new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
      for (const n of [1, 5, 7]) {
        const end = addWorkingDays(from, n);
        expect(isWorkingDay(end)).toBe(true);
        expect(workingDaysBetween(from, end)).toBe(n);
      }
    }
  });

  it('counts from the Harbin calendar day (a UTC evening is already the next day in Harbin)', () => {
    // 2026-12-03T17:00Z is Friday 01:00 in Harbin.
    const today = todayInHarbin(new Date('2026-12-03T17:00:00Z'));
    expect(today).toBe('2026-12-04');
    expect(addWorkingDays(today, 5)).toBe('2026-12-11');
  });

  it('refuses a period of no working days', () => {
    expect(() => addWorkingDays('2026-12-04', 0)).toThrow();
    expect(() => addWorkingDays('2026-12-4', 1)).toThrow();
  });
});

describe('splitting a winner’s amount over the milestones', () => {
  it('gives each its share in whole yuan, the last the remainder, summing exactly', () => {
    expect(splitByShares(1_000_000, [30, 30, 40])).toEqual([300_000, 300_000, 400_000]);
    expect(splitByShares(1_000_001, [30, 30, 40])).toEqual([300_000, 300_000, 400_001]);
    expect(splitByShares(100, [33, 33, 34])).toEqual([33, 33, 34]);
    expect(splitByShares(10, [33, 33, 34])).toEqual([3, 3, 4]);
    expect(splitByShares(1, [50, 50])).toEqual([0, 1]);
    expect(splitByShares(7, [100])).toEqual([7]);
  });

  it('is exact for large and awkward amounts', () => {
    const shares = [17, 23, 29, 31];
    for (const amount of [1, 3, 99, 12_345_679, 9_999_999_999_999, 10_000_000_000_000]) {
      const parts = splitByShares(amount, shares);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(amount);
      expect(parts.every((p) => Number.isInteger(p) && p >= 0)).toBe(true);
      // Every part but the last is the floor of its share; the last is within the rounding of the others.
      parts.slice(0, -1).forEach((p, i) => expect(p).toBe(Math.floor((amount * shares[i]) / 100)));
      expect(parts[3] - Math.floor((amount * 31) / 100)).toBeLessThan(shares.length);
    }
  });

  it('refuses shares that do not sum to 100 and amounts that are not whole yuan', () => {
    expect(() => splitByShares(100, [50, 40])).toThrow();
    expect(() => splitByShares(100, [])).toThrow();
    expect(() => splitByShares(100.5, [100])).toThrow();
    expect(() => splitByShares(-1, [100])).toThrow();
  });
});

describe('weighted scores and spread', () => {
  const all = (score: number) =>
    Object.fromEntries(Object.keys(DEFAULT_WEIGHTS).map((k) => [k, { score, comment: '' }]));

  it('weighs each criterion by the challenge’s weights', () => {
    expect(weightedScore(all(4), DEFAULT_WEIGHTS)).toBe(4);
    const s = { ...all(3), technical_merit: { score: 5, comment: '' } };
    // (5×30 + 3×70) / 100
    expect(weightedScore(s, DEFAULT_WEIGHTS)).toBe(3.6);
    expect(weightedScore(s, { technical_merit: 50, team: 50 })).toBe(4);
  });

  it('is null until every weighted criterion is scored (weight 0 needs none)', () => {
    const partial = { technical_merit: { score: 5 } };
    expect(weightedScore(partial, DEFAULT_WEIGHTS)).toBeNull();
    expect(weightedScore(partial, { technical_merit: 100, team: 0 })).toBe(5);
  });

  it('gives mean, min, max and standard deviation', () => {
    expect(spreadOf([])).toEqual({ mean: null, min: null, max: null, stdDev: null });
    expect(spreadOf([4])).toEqual({ mean: 4, min: 4, max: 4, stdDev: 0 });
    expect(spreadOf([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({ mean: 5, min: 2, max: 9, stdDev: 2 });
  });

  it('ranks by mean, unscored last, ties by the smaller spread', () => {
    const row = (id: string, values: number[]) => ({ id, spread: spreadOf(values) });
    const ranked = rankApplications([row('a', []), row('b', [3, 5]), row('c', [4, 4]), row('d', [4.5])]);
    expect(ranked.map((r) => r.id)).toEqual(['d', 'c', 'b', 'a']);
  });
});
