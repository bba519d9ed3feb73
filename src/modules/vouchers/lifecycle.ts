// The state machines of innovation vouchers: programmes (draft → open → closed) and quotas
// (requested → approved | rejected | withdrawn; approved → withdrawn: no further claims, booked ones stay). An illegal step is a 409 naming the allowed next steps.
import { conflict } from '../../common/errors/app-errors.js';

export const PROGRAMME_STATUSES = ['draft', 'open', 'closed'] as const;
export type ProgrammeStatus = (typeof PROGRAMME_STATUSES)[number];
export const PROGRAMME_NEXT: Record<ProgrammeStatus, readonly ProgrammeStatus[]> = {
  draft: ['open', 'closed'],
  open: ['closed'],
  closed: [],
};
export const PROGRAMME_STATUS_LABELS: Record<ProgrammeStatus, string> = {
  draft: '草稿',
  open: '申领中',
  closed: '已结束',
};

export const QUOTA_STATUSES = ['requested', 'approved', 'rejected', 'withdrawn'] as const;
export type QuotaStatus = (typeof QUOTA_STATUSES)[number];
export const QUOTA_NEXT: Record<QuotaStatus, readonly QuotaStatus[]> = {
  requested: ['approved', 'rejected', 'withdrawn'],
  approved: ['withdrawn'],
  rejected: [],
  withdrawn: [],
};
export const QUOTA_STATUS_LABELS: Record<QuotaStatus, string> = {
  requested: '待审核',
  approved: '已核定',
  rejected: '未通过',
  withdrawn: '已撤回',
};

export const CLAIM_STATUSES = ['booked', 'settled'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

export type StepCheck<S> = { ok: true } | { ok: false; allowed: readonly S[] };

export function checkProgrammeStep(from: ProgrammeStatus, to: ProgrammeStatus): StepCheck<ProgrammeStatus> {
  const allowed = PROGRAMME_NEXT[from];
  return allowed.includes(to) ? { ok: true } : { ok: false, allowed };
}

export function checkQuotaStep(from: QuotaStatus, to: QuotaStatus): StepCheck<QuotaStatus> {
  const allowed = QUOTA_NEXT[from];
  return allowed.includes(to) ? { ok: true } : { ok: false, allowed };
}

/** The 409 of an illegal step: `不能从 “X” 转到 “Y” / …` with `details.allowed`. */
export function stepConflict(
  labels: Record<string, string>,
  from: string,
  to: string,
  allowed: readonly string[],
): Error {
  return conflict(
    `不能从 “${labels[from] ?? from}” 转到 “${labels[to] ?? to}” / cannot go from ${from} to ${to}` +
      (allowed.length ? `; allowed: ${allowed.join(', ')}` : '; it is final'),
    { currentStatus: from, allowed },
  );
}
