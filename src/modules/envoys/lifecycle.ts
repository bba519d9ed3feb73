// The state machines of science envoys (科技特派员) and 科技副总 secondments, and their calendar rules. Pure: every
// status change in the envoys services goes through these functions; an illegal step is a 409 naming the allowed ones.
//
//   post:        draft ──► open ◄─► filled (system: its active agreements reach `positions`; back to open when an
//                  │        │         │       active agreement is terminated and a place is free again)
//                  └────────┴─────────┴──► closed
//   nomination:  nominated ──► enterprise_accepted ──┐
//                  │     └───► nominee_accepted ─────┴──► matched     (mutual choice: both sides accept)
//                  └── any before matched ──► declined (either side) | withdrawn (the nominating side)
//   agreement:   draft ──► active (both signed) ──► completed (evaluated at/after the end)
//                  └──────────┴──► terminated (either side, with a reason)

import { conflict } from '../../common/errors/app-errors.js';
import type { AppError } from '../../common/errors/app-errors.js';

export const POST_KINDS = ['envoy', 'vice_president'] as const;
export type PostKind = (typeof POST_KINDS)[number];
export const POST_KIND_LABELS: Record<PostKind, string> = {
  envoy: '科技特派员 / science envoy',
  vice_president: '科技副总 / technology vice-president',
};

export const POST_STATUSES = ['draft', 'open', 'filled', 'closed'] as const;
export type PostStatus = (typeof POST_STATUSES)[number];
export const POST_NEXT: Record<PostStatus, readonly PostStatus[]> = {
  draft: ['open', 'closed'],
  open: ['filled', 'closed'],
  filled: ['open', 'closed'],
  closed: [],
};
export const POST_STATUS_LABELS: Record<PostStatus, string> = {
  draft: '草稿 / draft',
  open: '征集中 / open',
  filled: '已选定 / filled',
  closed: '已关闭 / closed',
};
/**
 * Steps the system takes by itself: open → filled when the post's active agreements reach its positions, and filled →
 * open when an active agreement is terminated and a place is free again. Nobody asks for them.
 */
export const SYSTEM_POST_STEPS: ReadonlyArray<readonly [PostStatus, PostStatus]> = [
  ['open', 'filled'],
  ['filled', 'open'],
];

export function isSystemPostStep(from: PostStatus, to: PostStatus): boolean {
  return SYSTEM_POST_STEPS.some(([f, t]) => f === from && t === to);
}

/** The steps a post's enterprise (or a coordinator) may ask for from `from`. */
export function userPostSteps(from: PostStatus): PostStatus[] {
  return POST_NEXT[from].filter((to) => !isSystemPostStep(from, to));
}

export const NOMINATION_STATUSES = [
  'nominated',
  'enterprise_accepted',
  'nominee_accepted',
  'matched',
  'declined',
  'withdrawn',
] as const;
export type NominationStatus = (typeof NOMINATION_STATUSES)[number];
export const NOMINATION_STATUS_LABELS: Record<NominationStatus, string> = {
  nominated: '已推荐 / nominated',
  enterprise_accepted: '企业已接受 / accepted by the enterprise',
  nominee_accepted: '专家已接受 / accepted by the nominee',
  matched: '双向选择成功 / matched',
  declined: '已婉拒 / declined',
  withdrawn: '已撤回 / withdrawn',
};
/** What a caller asks for: `matched` is never asked for, it follows when both sides have accepted. */
export const NOMINATION_ACTIONS = ['enterprise_accepted', 'nominee_accepted', 'declined', 'withdrawn'] as const;
export type NominationAction = (typeof NOMINATION_ACTIONS)[number];
/** Live nominations that neither side has yet settled (declined when their post closes or is filled). */
export const UNSETTLED_NOMINATION_STATUSES: readonly NominationStatus[] = [
  'nominated',
  'enterprise_accepted',
  'nominee_accepted',
];
/** Nominations that hold their nominee for the post (the partial unique indexes count these). */
export const LIVE_NOMINATION_STATUSES: readonly NominationStatus[] = [
  'nominated',
  'enterprise_accepted',
  'nominee_accepted',
  'matched',
];

export const AGREEMENT_STATUSES = ['draft', 'active', 'completed', 'terminated'] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];
export const AGREEMENT_NEXT: Record<AgreementStatus, readonly AgreementStatus[]> = {
  draft: ['active', 'terminated'],
  active: ['completed', 'terminated'],
  completed: [],
  terminated: [],
};
export const AGREEMENT_STATUS_LABELS: Record<AgreementStatus, string> = {
  draft: '待签署 / awaiting signatures',
  active: '履行中 / active',
  completed: '已完成 / completed',
  terminated: '已终止 / terminated',
};

export type StepCheck<S> = { ok: true } | { ok: false; allowed: readonly S[] };

export function checkStep<S extends string>(next: Record<S, readonly S[]>, from: S, to: S): StepCheck<S> {
  const allowed = next[from];
  return allowed.includes(to) ? { ok: true } : { ok: false, allowed };
}

/** The 409 of an illegal step: `不能从 “X” 转到 “Y” / …` with `details.allowed`. */
export function stepRefused<S extends string>(
  labels: Record<S, string>,
  from: S,
  to: S,
  allowed: readonly string[],
): AppError {
  const zh = (s: S) => labels[s]?.split(' / ')[0] ?? s;
  return conflict(`不能从 “${zh(from)}” 转到 “${zh(to)}” / cannot move from ${from} to ${to}`, { allowed });
}

/** Which side of a nomination the caller is on. */
export type NominationSide = 'coordinator' | 'enterprise' | 'nominee' | 'nominating' | 'other';

/** The status a nomination moves to when `action` is taken from `from`, or null when the step is illegal. */
export function nominationNext(from: NominationStatus, action: NominationAction): NominationStatus | null {
  switch (from) {
    case 'nominated':
      return action;
    case 'enterprise_accepted':
      if (action === 'nominee_accepted') return 'matched';
      return action === 'declined' || action === 'withdrawn' ? action : null;
    case 'nominee_accepted':
      if (action === 'enterprise_accepted') return 'matched';
      return action === 'declined' || action === 'withdrawn' ? action : null;
    case 'matched':
    case 'declined':
    case 'withdrawn':
      return null;
  }
}

/** The actions legal from a status, whoever takes them. */
export function nominationActionsFrom(from: NominationStatus): NominationAction[] {
  return NOMINATION_ACTIONS.filter((a) => nominationNext(from, a) !== null);
}

/**
 * Who may take an action: the enterprise accepts or declines; the nominee (the nominee user, or when the nomination
 * names none, any member of the nominating organisation) accepts or declines; the nominating organisation withdraws
 * (and, without a nominee user, accepts or declines for the nominee). Coordinators broker: they may decline or
 * withdraw a nomination, never accept for a party (mutual choice means the parties choose).
 */
export function mayTakeNominationAction(side: NominationSide, action: NominationAction): boolean {
  switch (side) {
    case 'coordinator':
      return action === 'declined' || action === 'withdrawn';
    case 'enterprise':
      return action === 'enterprise_accepted' || action === 'declined';
    case 'nominee':
      return action === 'nominee_accepted' || action === 'declined' || action === 'withdrawn';
    case 'nominating':
      return action === 'withdrawn';
    case 'other':
      return false;
  }
}

/** The actions this side may take now (what the console offers as buttons). */
export function allowedNominationActions(side: NominationSide, from: NominationStatus): NominationAction[] {
  return nominationActionsFrom(from).filter((a) => mayTakeNominationAction(side, a));
}

// Calendar (Harbin dates, YYYY-MM-DD; months YYYY-MM).

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

function parts(date: string): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number);
  return [y, m, d];
}

/** A month `n` months after `month` (YYYY-MM; n may be negative). */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const idx = y * 12 + (m - 1) + n;
  return `${pad(Math.floor(idx / 12), 4)}-${pad((idx % 12) + 1)}`;
}

export const monthOf = (date: string): string => date.slice(0, 7);

/** The longest term of a post or an agreement, in months. */
export const MAX_TERM_MONTHS = 36;

/**
 * The last day of a term of `months` months starting on `startsOn`: the day before the same day `months` later
 * (2026-03-01 + 12 → 2027-02-28), or, when that month is too short for the day, its last day (2026-01-31 + 1 →
 * 2026-02-28).
 */
export function termEndDate(startsOn: string, months: number): string {
  const [y, m, d] = parts(startsOn);
  const [ty, tm] = addMonths(`${pad(y, 4)}-${pad(m)}`, months)
    .split('-')
    .map(Number);
  const last = daysIn(ty, tm);
  if (d > last) return `${pad(ty, 4)}-${pad(tm)}-${pad(last)}`;
  const end = new Date(0);
  end.setUTCFullYear(ty, tm - 1, d - 1);
  return `${pad(end.getUTCFullYear(), 4)}-${pad(end.getUTCMonth() + 1)}-${pad(end.getUTCDate())}`;
}

export type LogMonthCheck =
  { ok: true } | { ok: false; status: 400 | 409; message: string; details?: Record<string, unknown> };

/**
 * Whether a monthly work log for `month` (YYYY-MM) may be written today: within the agreement's months, not a month
 * still to come, and until the end of the following month (the log of March may be written or corrected until 30
 * April; from 1 May it is closed). An agreement that has ended (`endedOn`, the Harbin date it was terminated or
 * completed) takes logs only for the months up to the one it ended in, under the same deadline.
 */
export function checkLogMonth(a: {
  month: string;
  startsOn: string;
  endsOn: string;
  today: string;
  endedOn?: string | null;
}): LogMonthCheck {
  const first = monthOf(a.startsOn);
  const last = monthOf(a.endsOn);
  const now = monthOf(a.today);
  if (a.month < first || a.month > last) {
    return {
      ok: false,
      status: 400,
      message: `month 应在协议期内（${first} 至 ${last}）/ month must be within the agreement (${first} to ${last})`,
    };
  }
  if (a.endedOn && a.month > monthOf(a.endedOn)) {
    return {
      ok: false,
      status: 409,
      message:
        `协议已于 ${a.endedOn} 结束，不能填写 ${a.month} 的工作记录 / ` +
        `the agreement ended on ${a.endedOn}: no log for ${a.month}`,
      details: { endedOn: a.endedOn, allowed: [] },
    };
  }
  if (a.month > now) {
    return {
      ok: false,
      status: 400,
      message: `不能填写未到的月份（本月为 ${now}）/ month ${a.month} has not come yet (this month is ${now})`,
    };
  }
  const deadline = addMonths(a.month, 1);
  if (now > deadline) {
    return {
      ok: false,
      status: 409,
      message: `${a.month} 的工作记录已于 ${deadline} 月底截止填报 / the log of ${a.month} closed at the end of ${deadline}`,
      details: { closedAfter: deadline },
    };
  }
  return { ok: true };
}

/**
 * Whether an agreement takes work logs at all: in force, or ended (terminated or completed) after having been in
 * force. A draft, or one terminated before both signed, never had an envoy at work.
 */
export function takesLogs(status: AgreementStatus, activated: boolean): boolean {
  return status === 'active' || ((status === 'terminated' || status === 'completed') && activated);
}

/** The months whose log may be written today (oldest first): what `checkLogMonth` accepts. */
export function writableLogMonths(a: {
  startsOn: string;
  endsOn: string;
  today: string;
  endedOn?: string | null;
}): string[] {
  const now = monthOf(a.today);
  let last = monthOf(a.endsOn);
  if (a.endedOn && monthOf(a.endedOn) < last) last = monthOf(a.endedOn);
  if (now < last) last = now;
  let first = monthOf(a.startsOn);
  if (addMonths(now, -1) > first) first = addMonths(now, -1);
  const out: string[] = [];
  for (let m = first; m <= last; m = addMonths(m, 1)) out.push(m);
  return out;
}

/**
 * Whether the enterprise may evaluate now: an active agreement at or after its last day, or a terminated one that
 * had come into force (`activated`; an agreement terminated before both signed had no envoy to evaluate).
 */
export function mayEvaluate(status: AgreementStatus, endsOn: string, today: string, activated: boolean): boolean {
  return (status === 'active' && today >= endsOn) || (status === 'terminated' && activated);
}
