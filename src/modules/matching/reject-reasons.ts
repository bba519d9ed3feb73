// A coordinator's reasons for rejecting a suggestion: matching keeps them with the match, and its ranker learns from
// them (ranker-models.repository.ts), so they belong to matching; the review and the statistics say them.

/** Why a coordinator rejected a suggestion (PRODUCT.md); a rejection without one is stored as `other`. */
export const REJECT_REASONS = [
  'not_relevant',
  'stage_mismatch',
  'unclear_need',
  'already_cooperating',
  'other',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];
/** The reasons' names, Chinese and English: the reject dialog, the history and the statistics say them alike. */
export const REJECT_REASON_NAMES: Record<RejectReason, { zh: string; en: string }> = {
  not_relevant: { zh: '技术不对口', en: 'not relevant' },
  stage_mismatch: { zh: '阶段不匹配', en: 'stage mismatch' },
  unclear_need: { zh: '需求不清', en: 'unclear need' },
  already_cooperating: { zh: '已有合作', en: 'already cooperating' },
  other: { zh: '其他', en: 'other' },
};
export const REJECT_REASON_LABELS = Object.fromEntries(
  REJECT_REASONS.map((r) => [r, `${REJECT_REASON_NAMES[r].zh} / ${REJECT_REASON_NAMES[r].en}`]),
) as Record<RejectReason, string>;
