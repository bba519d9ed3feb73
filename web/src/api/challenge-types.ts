// The console's names for the challenge routes' shapes (揭榜挂帅). The challenge, its applications, events and
// public page are the server's own schemas (schema.gen.ts, generated from the OpenAPI document). The review side
// (panel, sheets, ranking, notice, objections, award, milestones, ledger: src/modules/challenge-reviews) is written
// here from its DTOs until its module is in the generated document: PROVISIONAL, to become aliases too.
import type { components } from './schema.gen';

type S = components['schemas'];

export type Challenge = S['ChallengeView'];
export type ChallengeSummary = S['ChallengeSummary'];
export type ChallengeStatus = Challenge['status'];
export type ChallengeApplication = S['ApplicationView'];
export type ApplicationStatus = ChallengeApplication['status'];
export type ConsortiumMember = S['ConsortiumMemberView'];
export type Attachment = S['AttachmentView'];
export type ChallengeEvent = S['ChallengeEventView'];
export type HallChallengeDetail = S['HallChallengeDetail'];
export type HallWinner = S['HallWinner'];
export type FundingSource = S['FundingSourceView'];

export const CHALLENGE_STATUS_LIST: readonly ChallengeStatus[] = [
  'draft',
  'pending_approval',
  'published',
  'reviewing',
  'notice',
  'awarded',
  'completed',
  'failed',
];
export type MilestoneStatus = 'open' | 'delivered' | 'accepted' | 'returned';
export type Criterion = 'technical_merit' | 'feasibility' | 'team' | 'budget' | 'local_conversion';
export const CRITERIA: readonly Criterion[] = ['technical_merit', 'feasibility', 'team', 'budget', 'local_conversion'];

export interface PanelMember {
  userId: string;
  name: string;
  organizationId: string;
  organizationName: string;
  expert: boolean;
  addedAt: string;
  submitted?: number;
  expected?: number;
  excluded?: number;
}
export interface ChallengePanel {
  challengeId: string;
  members: PanelMember[];
}
export interface CriterionView {
  key: Criterion;
  label: string;
  weight: number;
}
export interface ReviewerScore {
  reviewerId: string;
  name: string;
  weighted: number | null;
  submittedAt: string | null;
  excludedReason: string | null;
}
export interface RankingRow {
  rank: number;
  applicationId: string;
  title: string;
  status: ApplicationStatus;
  leadOrganizationId: string;
  leadOrganizationName: string;
  meanWeighted: number | null;
  spread: { min: number | null; max: number | null; stdDev: number | null };
  submitted: number;
  expected: number;
  reviewers: ReviewerScore[];
}
export interface ChallengeRanking {
  challengeId: string;
  challengeStatus: ChallengeStatus;
  criteria: CriterionView[];
  items: RankingRow[];
}
export interface CriterionScore {
  score: number;
  comment?: string;
}
export interface SheetView {
  reviewerId: string;
  reviewerName: string;
  scores: Partial<Record<Criterion, CriterionScore>>;
  weighted: number | null;
  submittedAt: string | null;
}
/** An application as a reviewer reads it (its members name their organisation directly). */
export interface ReviewApplication {
  id: string;
  title: string;
  status: ApplicationStatus;
  approach: string;
  team: Array<{ name: string; role: string; title?: string | null }>;
  teamSize: number;
  trl: number;
  budget: Array<{ item: string; amountYuan: number }>;
  plan: Array<{ title: string; dueOn: string; deliverable: string }>;
  priorResults: string | null;
  members: Array<{ organizationId: string; organizationName: string; role: string; isLead: boolean }>;
  attachments: Array<{ id: string; filename: string; sizeBytes: number; sha256: string }>;
}
export interface ReviewSheet {
  challengeId: string;
  challengeStatus: ChallengeStatus;
  application: Omit<
    ChallengeApplication,
    'leadOrganization' | 'challengeId' | 'submittedAt' | 'withdrawnAt' | 'version'
  >;
  criteria: CriterionView[];
  mine: SheetView | null;
  /** The other reviewers' submitted sheets: null until mine is submitted. */
  others: SheetView[] | null;
}
export type ReviewState = 'todo' | 'draft' | 'submitted' | 'excluded';
export interface MyReview {
  challengeId: string;
  challengeTitle: string;
  challengeStatus: ChallengeStatus;
  applicationId: string;
  applicationTitle: string | null;
  leadOrganizationName: string | null;
  state: ReviewState;
  excludedReason: string | null;
  weighted: number | null;
}
export interface MyReviews {
  items: MyReview[];
}
export interface Winner {
  applicationId: string;
  title: string;
  leadOrganizationName: string;
  consortium: string[];
}
export interface ChallengeNotice {
  challengeId: string;
  status: ChallengeStatus;
  noticeStartedAt: string | null;
  noticeEndsOn: string | null;
  workingDays: number;
  intendedWinners: Winner[];
}
export interface ChallengeObjection {
  id: string;
  challengeId: string;
  applicationId: string | null;
  applicationTitle: string | null;
  filedBy: string | null;
  filedByName: string | null;
  reason: string;
  status: 'open' | 'upheld' | 'dismissed';
  resolution: string | null;
  resolvedAt: string | null;
  createdAt: string;
}
export interface AwardItem {
  awardId: string;
  applicationId: string;
  title: string;
  leadOrganizationId: string;
  leadOrganizationName: string;
  amountYuan: number;
}
export interface ChallengeAward {
  challengeId: string;
  status: ChallengeStatus;
  awardedAt: string | null;
  fundingTotalYuan: number;
  agreement: Record<string, unknown> | null;
  awards: AwardItem[];
}
export interface AwardMilestone {
  id: string;
  awardId: string;
  applicationId: string;
  winnerOrganizationName: string;
  milestoneId: string;
  seq: number;
  title: string;
  dueOn: string;
  sharePct: number;
  amountYuan: number;
  status: MilestoneStatus;
  report: string | null;
  deliveredAt: string | null;
  issuerAcceptedAt: string | null;
  issuerAcceptedByName: string | null;
  coordinatorAcceptedAt: string | null;
  coordinatorAcceptedByName: string | null;
  acceptedAt: string | null;
  returnReason: string | null;
  returnedAt: string | null;
  released: boolean;
}
export interface ChallengeMilestones {
  items: AwardMilestone[];
}
export interface LedgerEntry {
  id: number;
  kind: 'commit' | 'release';
  amountYuan: number;
  awardId: string;
  applicationId: string;
  winnerOrganizationName: string;
  awardMilestoneId: string | null;
  milestoneTitle: string | null;
  actorName: string | null;
  note: string | null;
  createdAt: string;
}
export interface ChallengeLedger {
  challengeId: string;
  entries: LedgerEntry[];
  totals: { fundingTotalYuan: number; committedYuan: number; releasedYuan: number; outstandingYuan: number };
}
/** The state machine's next steps (src/modules/challenges/lifecycle.ts). */
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

/** Who may take a step: the issuer sends its draft for approval and takes it back; every other step is a coordinator's. */
export function mayTakeChallengeStep(
  actor: 'coordinator' | 'issuer' | 'other',
  from: ChallengeStatus,
  to: ChallengeStatus,
): boolean {
  if (actor === 'coordinator') return true;
  if (actor !== 'issuer') return false;
  return (from === 'draft' && to === 'pending_approval') || (from === 'pending_approval' && to === 'draft');
}
