import type { MatchStatus } from '../matching/match.entity.js';

// The one state machine of a match (PRODUCT.md): suggested → approved | rejected → introduced → negotiating →
// contracted | closed_no_deal. Who may take each step, and what each step must carry.

export const NEXT_STATES: Record<MatchStatus, readonly MatchStatus[]> = {
  suggested: ['approved', 'rejected'],
  approved: ['introduced', 'closed_no_deal'],
  rejected: [],
  introduced: ['negotiating', 'closed_no_deal'],
  negotiating: ['contracted', 'closed_no_deal'],
  contracted: [],
  closed_no_deal: [],
};

/** Statuses in which a capability is taken up by an introduction (counted against its capacity). */
export const ACTIVE_INTRODUCTION: readonly MatchStatus[] = ['approved', 'introduced', 'negotiating'];

/** Statuses in which progress notes may be added: from the introduction on (before it the parties are not in touch). */
export const NOTE_STATES: readonly MatchStatus[] = ['introduced', 'negotiating', 'contracted'];

export const CLOSE_REASONS = [
  'no_response',
  'technical_mismatch',
  'price',
  'ip_issue',
  'funding',
  'timing',
  'found_elsewhere',
  'other',
] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];
export const CLOSE_REASON_LABELS: Record<CloseReason, string> = {
  no_response: '对方未回应 / no response',
  technical_mismatch: '技术不匹配 / technical mismatch',
  price: '价格未谈拢 / no agreement on price',
  ip_issue: '知识产权问题 / intellectual property issue',
  funding: '资金不到位 / funding not available',
  timing: '时机不合适 / bad timing',
  found_elsewhere: '已另寻合作方 / partner found elsewhere',
  other: '其他 / other',
};

export const STATUS_LABELS: Record<MatchStatus, string> = {
  suggested: '待审核 / suggested',
  approved: '已通过 / approved',
  rejected: '已驳回 / rejected',
  introduced: '已对接 / introduced',
  negotiating: '洽谈中 / negotiating',
  contracted: '已签约 / contracted',
  closed_no_deal: '未成交 / closed without a deal',
};

export type Actor = 'coordinator' | 'party' | 'other';

/** Coordinators take every step; the parties only move an introduction to negotiating (and add notes). */
export function mayTake(actor: Actor, to: MatchStatus): boolean {
  if (actor === 'coordinator') return true;
  return actor === 'party' && to === 'negotiating';
}

export function mayNote(actor: Actor, status: MatchStatus): boolean {
  return actor !== 'other' && NOTE_STATES.includes(status);
}

export type StepCheck =
  | { ok: true; kind: 'status' | 'note' }
  | { ok: false; reason: 'illegal'; allowed: readonly MatchStatus[] }
  | { ok: false; reason: 'forbidden' };

/**
 * Whether `actor` may move a match from `from` to `to`. Moving to the status it is already in is a progress note
 * (it must carry one).
 */
export function checkStep(actor: Actor, from: MatchStatus, to: MatchStatus): StepCheck {
  if (from === to) return mayNote(actor, from) ? { ok: true, kind: 'note' } : { ok: false, reason: 'forbidden' };
  const allowed = NEXT_STATES[from];
  if (!allowed.includes(to)) return { ok: false, reason: 'illegal', allowed };
  return mayTake(actor, to) ? { ok: true, kind: 'status' } : { ok: false, reason: 'forbidden' };
}
