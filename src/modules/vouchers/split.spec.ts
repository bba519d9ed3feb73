import {
  harbinDate,
  harbinMonthRange,
  maxTotalPercent,
  monthEnded,
  sharesErrors,
  splitReimbursement,
  type VoucherShare,
} from './split.js';

const SHARES: VoucherShare[] = [
  {
    body: '黑龙江省科学技术厅',
    level: 'province',
    basePercent: 60,
    harbinBonusPercent: 0,
    sameDistrictBonusPercent: 0,
  },
  { body: '哈尔滨市科学技术局', level: 'city', basePercent: 0, harbinBonusPercent: 30, sameDistrictBonusPercent: 0 },
  {
    body: '平房区科技局',
    level: 'district',
    district: '平房',
    basePercent: 0,
    harbinBonusPercent: 0,
    sameDistrictBonusPercent: 10,
  },
];
const SAME = { enterpriseDistrict: '平房', providerDistrict: '平房' };

describe('splitReimbursement', () => {
  it('rounds each body down to the yuan: 12,345 at a same-district provider → 7,407 + 3,703 + 1,234 = 12,344', () => {
    const s = splitReimbursement(12_345, SHARES, SAME);
    expect(s.lines.map((l) => [l.body, l.percent, l.amountYuan])).toEqual([
      ['黑龙江省科学技术厅', 60, 7_407],
      ['哈尔滨市科学技术局', 30, 3_703],
      ['平房区科技局', 10, 1_234],
    ]);
    expect(s.totalYuan).toBe(12_344);
    expect(s.percent).toBe(100);
    expect(s.lines[1].reason).toContain('Harbin provider +30%');
    expect(s.lines[2].reason).toContain('same-district provider +10%');
  });

  it('applies only the bonuses that hold: a Harbin provider in another district, and one outside Harbin', () => {
    const harbin = splitReimbursement(12_345, SHARES, { enterpriseDistrict: '平房', providerDistrict: '南岗' });
    expect(harbin.lines.map((l) => l.amountYuan)).toEqual([7_407, 3_703, 0]);
    expect(harbin.totalYuan).toBe(11_110);
    const outside = splitReimbursement(12_345, SHARES, { enterpriseDistrict: '平房', providerDistrict: 'outside' });
    expect(outside.lines.map((l) => l.amountYuan)).toEqual([7_407, 0, 0]);
    expect(outside.lines[1].reason).not.toContain('Harbin');
  });

  it('never pays more than the service amount, nor a fraction (every amount an integer ≤ the exact share)', () => {
    for (const amount of [0, 1, 2, 3, 7, 99, 101, 999_999, 123_456_789]) {
      const s = splitReimbursement(amount, SHARES, SAME);
      for (const l of s.lines) {
        expect(Number.isInteger(l.amountYuan)).toBe(true);
        expect(l.amountYuan).toBeLessThanOrEqual((amount * l.percent) / 100);
        expect(l.amountYuan).toBeGreaterThan((amount * l.percent) / 100 - 1);
      }
      expect(s.totalYuan).toBeLessThanOrEqual(amount);
    }
  });

  it('pays no same-district bonus when both are outside Harbin (outside is not a district)', () => {
    const cityBonus: VoucherShare[] = [
      { body: '市局', level: 'city', basePercent: 50, harbinBonusPercent: 0, sameDistrictBonusPercent: 20 },
    ];
    const s = splitReimbursement(1_000, cityBonus, { enterpriseDistrict: 'outside', providerDistrict: 'outside' });
    expect(s.lines.map((l) => [l.percent, l.amountYuan])).toEqual([[50, 500]]);
    expect(s.lines[0].reason).not.toContain('same-district');
    const harbin = splitReimbursement(1_000, cityBonus, { enterpriseDistrict: '南岗', providerDistrict: '南岗' });
    expect(harbin.totalYuan).toBe(700);
  });

  it('applies a district body only to enterprises of its district, its bonus only for a provider there too', () => {
    const withBase: VoucherShare[] = [
      ...SHARES.slice(0, 2),
      { ...SHARES[2], basePercent: 5, sameDistrictBonusPercent: 5 },
    ];
    // An enterprise and a provider both in 南岗: 平房's body pays nothing, not even its base.
    const nangang = splitReimbursement(10_000, withBase, { enterpriseDistrict: '南岗', providerDistrict: '南岗' });
    expect(nangang.lines.map((l) => l.amountYuan)).toEqual([6_000, 3_000, 0]);
    expect(nangang.lines[2].reason).toContain('only for enterprises in 平房');
    // A 平房 enterprise at a 南岗 provider: the base, no bonus; at a 平房 provider: both.
    const away = splitReimbursement(10_000, withBase, { enterpriseDistrict: '平房', providerDistrict: '南岗' });
    expect(away.lines[2]).toMatchObject({ percent: 5, amountYuan: 500 });
    expect(splitReimbursement(10_000, withBase, SAME).lines[2]).toMatchObject({ percent: 10, amountYuan: 1_000 });
  });

  it('refuses a negative or fractional amount', () => {
    expect(() => splitReimbursement(-1, SHARES, SAME)).toThrow(RangeError);
    expect(() => splitReimbursement(1.5, SHARES, SAME)).toThrow(RangeError);
  });
});

describe('sharesErrors', () => {
  it('accepts shares totalling 100 % with every bonus', () => {
    expect(maxTotalPercent(SHARES)).toBe(100);
    expect(sharesErrors(SHARES)).toEqual([]);
  });

  it('names shares when some combination of bonuses exceeds 100 %', () => {
    const over = SHARES.map((s, i) => (i === 2 ? { ...s, sameDistrictBonusPercent: 11 } : s));
    expect(sharesErrors(over)).toEqual([
      expect.objectContaining({ field: 'shares', message: expect.stringContaining('101%') }),
    ]);
  });

  it('needs a Harbin district for a district body, and no formula-like body name', () => {
    const { district: _d, ...undistricted } = SHARES[2];
    expect(sharesErrors([SHARES[0], undistricted])).toEqual([expect.objectContaining({ field: 'shares[1].district' })]);
    expect(sharesErrors([{ ...SHARES[2], district: 'outside' }])[0].field).toBe('shares[0].district');
    for (const name of ['=1+1', '+1', '-1', '@SUM(A1)']) {
      expect(sharesErrors([{ ...SHARES[0], body: name }])).toEqual([
        expect.objectContaining({ field: 'shares[0].body', message: expect.stringContaining('= + - @') }),
      ]);
    }
  });

  it('counts every district pair when bounding the total: two district bodies never both apply', () => {
    const two: VoucherShare[] = [
      { body: '省', level: 'province', basePercent: 50, harbinBonusPercent: 0, sameDistrictBonusPercent: 0 },
      {
        body: '平房',
        level: 'district',
        district: '平房',
        basePercent: 30,
        harbinBonusPercent: 0,
        sameDistrictBonusPercent: 20,
      },
      {
        body: '南岗',
        level: 'district',
        district: '南岗',
        basePercent: 30,
        harbinBonusPercent: 0,
        sameDistrictBonusPercent: 20,
      },
    ];
    expect(maxTotalPercent(two)).toBe(100);
    expect(maxTotalPercent([{ ...two[0], sameDistrictBonusPercent: 1 }, ...two.slice(1)])).toBe(101);
  });

  it('names a duplicate body and an empty list', () => {
    expect(sharesErrors([SHARES[0], { ...SHARES[0], basePercent: 10 }])[0].field).toBe('shares[1].body');
    expect(sharesErrors([])[0].field).toBe('shares');
  });
});

describe('Harbin calendar', () => {
  it('reads dates and months in UTC+8', () => {
    expect(harbinDate(new Date('2027-03-31T16:00:00Z'))).toBe('2027-04-01');
    expect(harbinDate(new Date('2027-03-31T15:59:59Z'))).toBe('2027-03-31');
    const r = harbinMonthRange('2027-12');
    expect(r.from.toISOString()).toBe('2027-11-30T16:00:00.000Z');
    expect(r.to.toISOString()).toBe('2027-12-31T16:00:00.000Z');
    expect(monthEnded('2027-03', new Date('2027-03-31T15:59:59Z'))).toBe(false);
    expect(monthEnded('2027-03', new Date('2027-03-31T16:00:00Z'))).toBe(true);
  });
});
