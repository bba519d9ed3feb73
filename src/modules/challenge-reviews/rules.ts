import type { Criterion } from '../challenges/challenge.entity.js';

// The arithmetic of review, notice and award, kept pure so it is tested on its own (rules.spec.ts): working days of
// the public notice, scores weighted by the challenge's criteria, a winner's amount split over the milestones.

/** The labels of the challenge's review criteria (challenges/challenge.entity.ts `CRITERIA`). */
export const CRITERION_LABELS: Record<Criterion, string> = {
  technical_merit: '技术先进性 / technical merit',
  feasibility: '可行性 / feasibility',
  team: '团队 / team',
  budget: '预算合理性 / budget',
  local_conversion: '本地转化 / local conversion',
};

const DAY_MS = 86_400_000;

function parseDay(day: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) throw new Error(`not a YYYY-MM-DD date: ${day}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

const formatDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** 0 Sunday … 6 Saturday, of a calendar day. */
export function weekday(day: string): number {
  return new Date(parseDay(day)).getUTCDay();
}

export const isWorkingDay = (day: string): boolean => weekday(day) !== 0 && weekday(day) !== 6;

/**
 * The last day of a period of `n` working days that starts the day after `from` (Saturdays and Sundays skipped;
 * public holidays are not known). A notice published on Friday 2026-12-04 for 5 working days runs Monday 7th to
 * Friday 11th, whatever day of the week it was published.
 */
export function addWorkingDays(from: string, n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new Error(`working days must be a positive integer: ${n}`);
  let t = parseDay(from);
  let left = n;
  while (left > 0) {
    t += DAY_MS;
    const d = new Date(t).getUTCDay();
    if (d !== 0 && d !== 6) left -= 1;
  }
  return formatDay(t);
}

/** Working days from the day after `from` to `to` inclusive (0 when `to` is not after `from`). */
export function workingDaysBetween(from: string, to: string): number {
  let n = 0;
  for (let t = parseDay(from) + DAY_MS; t <= parseDay(to); t += DAY_MS) {
    const d = new Date(t).getUTCDay();
    if (d !== 0 && d !== 6) n += 1;
  }
  return n;
}

/**
 * A winner's amount over the milestones' shares (percentages summing to 100, in milestone order), in whole yuan:
 * each milestone gets the floor of amount × share / 100 and the last one the remainder, so the parts sum exactly to
 * the amount. Exact for every amount below 2^53 / 100 (far above any funding: amounts are capped at 10^13 yuan).
 */
export function splitByShares(amountYuan: number, sharesPct: readonly number[]): number[] {
  if (!Number.isSafeInteger(amountYuan) || amountYuan < 0) throw new Error(`amount must be whole yuan: ${amountYuan}`);
  if (!sharesPct.length) throw new Error('no milestones to split over');
  if (sharesPct.some((s) => !Number.isInteger(s) || s < 0) || sharesPct.reduce((a, b) => a + b, 0) !== 100) {
    throw new Error(`milestone shares must be whole percentages summing to 100: ${sharesPct.join(', ')}`);
  }
  const parts = sharesPct.map((s) => Math.floor((amountYuan * s) / 100));
  const head = parts.slice(0, -1).reduce((a, b) => a + b, 0);
  parts[parts.length - 1] = amountYuan - head;
  return parts;
}

/**
 * A sheet's weighted total on the 1–5 scale: Σ score × weight / Σ weights over the challenge's criteria, or null
 * while a weighted criterion has no score. Criteria of weight 0 need no score.
 */
export function weightedScore(
  scores: Partial<Record<string, { score: number }>>,
  weights: Readonly<Record<string, number>>,
): number | null {
  let sum = 0;
  let total = 0;
  for (const [criterion, weight] of Object.entries(weights)) {
    if (!weight) continue;
    const s = scores[criterion]?.score;
    if (s === undefined) return null;
    sum += s * weight;
    total += weight;
  }
  return total ? round(sum / total, 4) : null;
}

export interface Spread {
  mean: number | null;
  min: number | null;
  max: number | null;
  /** Population standard deviation of the reviewers' totals (0 with one sheet, null with none). */
  stdDev: number | null;
}

/** How far the reviewers' weighted totals of one application lie apart. */
export function spreadOf(values: readonly number[]): Spread {
  if (!values.length) return { mean: null, min: null, max: null, stdDev: null };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length;
  return {
    mean: round(mean, 4),
    min: Math.min(...values),
    max: Math.max(...values),
    stdDev: round(Math.sqrt(variance), 4),
  };
}

export function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/**
 * The applications in ranking order: highest mean weighted score first; those without a submitted sheet last; ties
 * by the smaller spread (reviewers agreeing), then by id for a stable order.
 */
export function rankApplications<T extends { id: string; spread: Spread }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => {
    const [ma, mb] = [a.spread.mean, b.spread.mean];
    if (ma === null || mb === null) return ma === null ? (mb === null ? a.id.localeCompare(b.id) : 1) : -1;
    if (mb !== ma) return mb - ma;
    if ((a.spread.stdDev ?? 0) !== (b.spread.stdDev ?? 0)) return (a.spread.stdDev ?? 0) - (b.spread.stdDev ?? 0);
    return a.id.localeCompare(b.id);
  });
}
