// The one state machine of a challenge (揭榜挂帅), like an introduction's (introductions/lifecycle.ts): every status
// change goes through `checkStep`; an illegal step is a 409 that names the allowed next steps.
//
//   draft ──► pending_approval ──► published ──► reviewing ──► notice ──► awarded ──► completed
//     │  ◄──(returned)──┘              │             ▲  │        │
//     └──────────► published           │             └──┘ (an objection upheld: back to review)
//   any status before awarded, and awarded itself ──► failed (closed with a reason)

export const CHALLENGE_STATUSES = [
  'draft',
  'pending_approval',
  'published',
  'reviewing',
  'notice',
  'awarded',
  'completed',
  'failed',
] as const;
export type ChallengeStatus = (typeof CHALLENGE_STATUSES)[number];

export const CHALLENGE_NEXT: Record<ChallengeStatus, readonly ChallengeStatus[]> = {
  draft: ['pending_approval', 'published', 'failed'],
  pending_approval: ['published', 'draft', 'failed'],
  published: ['reviewing', 'failed'],
  reviewing: ['notice', 'failed'],
  notice: ['awarded', 'reviewing', 'failed'],
  awarded: ['completed', 'failed'],
  completed: [],
  failed: [],
};

export const CHALLENGE_STATUS_LABELS: Record<ChallengeStatus, string> = {
  draft: '草稿 / draft',
  pending_approval: '待审批 / pending approval',
  published: '揭榜中 / open for applications',
  reviewing: '评审中 / under review',
  notice: '公示中 / public notice',
  awarded: '已授榜 / awarded',
  completed: '已完成 / completed',
  failed: '已终止 / closed without success',
};

/** Statuses the public and every signed-in user may see (a draft is its authors' and the coordinators' only). */
export const PUBLIC_CHALLENGE_STATUSES: readonly ChallengeStatus[] = [
  'published',
  'reviewing',
  'notice',
  'awarded',
  'completed',
  'failed',
];

export type ChallengeActor = 'coordinator' | 'issuer' | 'other';

/**
 * Who may take each step. The issuing enterprise sends its own draft for approval and may take it back; every other
 * step is a coordinator's (publishing, closing applications, the notice, the award, the close).
 */
export function mayTakeChallengeStep(actor: ChallengeActor, from: ChallengeStatus, to: ChallengeStatus): boolean {
  if (actor === 'coordinator') return true;
  if (actor !== 'issuer') return false;
  return (from === 'draft' && to === 'pending_approval') || (from === 'pending_approval' && to === 'draft');
}

export type ChallengeStepCheck =
  | { ok: true }
  | { ok: false; reason: 'illegal'; allowed: readonly ChallengeStatus[] }
  | { ok: false; reason: 'forbidden' };

export function checkChallengeStep(
  actor: ChallengeActor,
  from: ChallengeStatus,
  to: ChallengeStatus,
): ChallengeStepCheck {
  const allowed = CHALLENGE_NEXT[from];
  if (!allowed.includes(to)) return { ok: false, reason: 'illegal', allowed };
  return mayTakeChallengeStep(actor, from, to) ? { ok: true } : { ok: false, reason: 'forbidden' };
}

// Applications (揭榜申请).
export const APPLICATION_STATUSES = [
  'submitted',
  'withdrawn',
  'shortlisted',
  'not_shortlisted',
  'intended_winner',
  'winner',
  'not_selected',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const APPLICATION_STATUS_LABELS: Record<ApplicationStatus, string> = {
  submitted: '已提交 / submitted',
  withdrawn: '已撤回 / withdrawn',
  shortlisted: '入围 / shortlisted',
  not_shortlisted: '未入围 / not shortlisted',
  intended_winner: '拟揭榜（公示中）/ intended winner (in public notice)',
  winner: '揭榜成功 / winner',
  not_selected: '未获选 / not selected',
};

// Milestones of an award (验收).
export const MILESTONE_STATUSES = ['open', 'delivered', 'accepted', 'returned'] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];
