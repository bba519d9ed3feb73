// The pure rules of innovation vouchers (创新券): how a service amount is split between the reimbursing bodies, the
// shares' validation, and the Harbin calendar helpers the claims and settlements use.

export const ISSUER_LEVELS = ['province', 'city', 'district'] as const;
export type IssuerLevel = (typeof ISSUER_LEVELS)[number];
export const ISSUER_LEVEL_LABELS: Record<IssuerLevel, string> = {
  province: '省级 / province',
  city: '市级 / city',
  district: '区县级 / district',
};

/** One reimbursing body of a programme and its percentages of the service amount. */
export interface VoucherShare {
  body: string;
  level: IssuerLevel;
  /**
   * The district whose enterprises this body reimburses (required for a `district` body, e.g. 平房区科学技术局 →
   * 平房): the body pays nothing for an enterprise elsewhere. Absent: every enterprise of the programme.
   */
  district?: string | null;
  basePercent: number;
  /** Added when the provider is in Harbin (its district is not `outside`). */
  harbinBonusPercent: number;
  /**
   * Added when the provider is in the enterprise's own Harbin district (for a body with a `district`: when the
   * provider is in that district, where the enterprise is too). Two organisations both `outside` Harbin are not in
   * the same district.
   */
  sameDistrictBonusPercent: number;
}

/** The districts of a claim: the enterprise's and the provider's (`outside` = not in Harbin). */
export interface SplitContext {
  enterpriseDistrict: string;
  providerDistrict: string;
}

export const OUTSIDE_HARBIN = 'outside';

/** A district as the reasons name it. */
const districtName = (d: string) => (d === OUTSIDE_HARBIN ? '哈尔滨以外 / outside Harbin' : d);

export interface SplitLine {
  body: string;
  level: IssuerLevel;
  percent: number;
  amountYuan: number;
  /** Why this percent, Chinese / English: the base and each bonus that applied. */
  reason: string;
}

export interface Split {
  lines: SplitLine[];
  totalYuan: number;
  percent: number;
}

/** The provider is in Harbin: its district is one of the city's, not `outside`. */
export const providerInHarbin = (ctx: SplitContext): boolean => ctx.providerDistrict !== OUTSIDE_HARBIN;

/** Both are in the same Harbin district (two organisations `outside` Harbin are not). */
export const sameDistrict = (ctx: SplitContext): boolean =>
  ctx.providerDistrict !== OUTSIDE_HARBIN && ctx.providerDistrict === ctx.enterpriseDistrict;

/** A body with a district reimburses only enterprises in that district; one without, every enterprise. */
export const shareApplies = (s: VoucherShare, ctx: SplitContext): boolean =>
  !s.district || s.district === ctx.enterpriseDistrict;

/** The percent a body pays in this context: 0 if it does not apply, else its base plus the bonuses that apply. */
export function sharePercent(s: VoucherShare, ctx: SplitContext): number {
  if (!shareApplies(s, ctx)) return 0;
  return (
    s.basePercent +
    (providerInHarbin(ctx) ? s.harbinBonusPercent : 0) +
    (sameDistrict(ctx) ? s.sameDistrictBonusPercent : 0)
  );
}

/**
 * Splits a service amount (integer yuan) between the bodies: each pays floor(amount × percent / 100) — rounded down
 * to the yuan per body, so the public purse never pays a fraction over its rule (12,345 yuan at 60 / 30 / 10 % →
 * 7,407 + 3,703 + 1,234 = 12,344). Integer arithmetic only.
 */
export function splitReimbursement(amountYuan: number, shares: readonly VoucherShare[], ctx: SplitContext): Split {
  if (!Number.isSafeInteger(amountYuan) || amountYuan < 0) throw new RangeError(`bad amount ${amountYuan}`);
  const lines = shares.map((s) => {
    const percent = sharePercent(s, ctx);
    const reasons: string[] = [];
    if (!shareApplies(s, ctx)) {
      reasons.push(
        `仅补助${districtName(s.district!)}企业，本企业在${districtName(ctx.enterpriseDistrict)} / only for enterprises ` +
          `in ${s.district}, this one is in ${ctx.enterpriseDistrict}`,
      );
    } else {
      reasons.push(`基础 ${s.basePercent}% / base ${s.basePercent}%`);
      if (providerInHarbin(ctx) && s.harbinBonusPercent) {
        reasons.push(`哈尔滨服务机构 +${s.harbinBonusPercent}% / Harbin provider +${s.harbinBonusPercent}%`);
      }
      if (sameDistrict(ctx) && s.sameDistrictBonusPercent) {
        reasons.push(
          `同区服务机构 +${s.sameDistrictBonusPercent}% / same-district provider +${s.sameDistrictBonusPercent}%`,
        );
      }
    }
    return {
      body: s.body,
      level: s.level,
      percent,
      amountYuan: Math.floor((amountYuan * percent) / 100),
      reason: reasons.join('；'),
    };
  });
  return {
    lines,
    totalYuan: lines.reduce((a, l) => a + l.amountYuan, 0),
    percent: lines.reduce((a, l) => a + l.percent, 0),
  };
}

/**
 * The largest total percent the shares can reach, over every pair (enterprise district, provider district): the
 * bodies' own districts, another Harbin district and `outside`.
 */
export function maxTotalPercent(shares: readonly VoucherShare[]): number {
  const districts = [...new Set(shares.map((s) => s.district).filter((d): d is string => Boolean(d)))];
  const places = [...districts, '\u0000another Harbin district', OUTSIDE_HARBIN];
  let max = 0;
  for (const enterpriseDistrict of places) {
    for (const providerDistrict of places) {
      const ctx = { enterpriseDistrict, providerDistrict };
      max = Math.max(
        max,
        shares.reduce((a, s) => a + sharePercent(s, ctx), 0),
      );
    }
  }
  return max;
}

/** A name a spreadsheet would run as a formula (it becomes a column header of the settlement export). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Field errors of a programme's shares (empty: valid): names (unique, no leading = + - @), a district for every
 * district body (a Harbin one), any combination ≤ 100 %.
 */
export function sharesErrors(shares: readonly VoucherShare[]): Array<{ field: string; message: string }> {
  const errors: Array<{ field: string; message: string }> = [];
  if (!shares.length) errors.push({ field: 'shares', message: '至少需要一个补助主体 / at least one body' });
  const names = new Set<string>();
  shares.forEach((s, i) => {
    const name = s.body.trim();
    if (names.has(name)) {
      errors.push({ field: `shares[${i}].body`, message: `补助主体重复：${name} / duplicate body ${name}` });
    }
    names.add(name);
    if (FORMULA_START.test(name)) {
      errors.push({
        field: `shares[${i}].body`,
        message: `补助主体名称不能以 = + - @ 开头 / a body's name must not start with = + - @ (a spreadsheet formula)`,
      });
    }
    if (s.level === 'district' && !s.district) {
      errors.push({
        field: `shares[${i}].district`,
        message: `区县级补助主体须填写所属区县 / a district body needs its district`,
      });
    }
    if (s.district === OUTSIDE_HARBIN) {
      errors.push({
        field: `shares[${i}].district`,
        message: `补助主体的区县须为哈尔滨的区县 / a body's district must be one of Harbin's`,
      });
    }
  });
  const max = maxTotalPercent(shares);
  if (max > 100) {
    errors.push({
      field: 'shares',
      message: `各主体比例合计最高可达 ${max}%，不能超过 100% / the shares can total ${max}% (with every bonus), at most 100%`,
    });
  }
  return errors;
}

/** Harbin date (YYYY-MM-DD) of an instant. */
export function harbinDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The Harbin month `YYYY-MM` as [start, end) instants. */
export function harbinMonthRange(month: string): { from: Date; to: Date } {
  const [y, m] = month.split('-').map(Number);
  return {
    from: new Date(Date.UTC(y, m - 1, 1) - 8 * 3_600_000),
    to: new Date(Date.UTC(y, m, 1) - 8 * 3_600_000),
  };
}

/** True when the Harbin month `YYYY-MM` has ended at `now`. */
export function monthEnded(month: string, now: Date = new Date()): boolean {
  return harbinMonthRange(month).to.getTime() <= now.getTime();
}
