import type { EntityManager } from 'typeorm';
import { conflict, forbidden, notFound } from '../../common/errors/app-errors.js';
import type { AuthUser } from '../auth/auth-user.js';
import { APPLICATION } from '../challenges/challenge-access.js';
import { CHALLENGE_STATUS_LABELS, type ChallengeStatus } from '../challenges/lifecycle.js';

type Q = Pick<EntityManager, 'query'>;

/**
 * A consortium member that counts (`mb` an alias of challenge_application_members): one that has accepted (leads are
 * accepted by construction: ck_challenge_application_members_lead). Invited and declined organisations are not part
 * of the application for exclusions (回避), parties or notices.
 */
export const countedMember = (mb = 'mb'): string => `${mb}.status = 'accepted'`;

/**
 * Panel experts read proposals only once applications are closed: from `reviewing` on (review_started_at is set when
 * the challenge first enters review, and kept through notice, award, completion or failure). The panel itself may be
 * formed earlier, but sees no rival's proposal, title or organisation before then.
 */
export const REVIEW_OPEN_STATUSES: readonly ChallengeStatus[] = [
  'reviewing',
  'notice',
  'awarded',
  'completed',
  'failed',
];
export function reviewOpen(c: { status: ChallengeStatus; reviewStartedAt: Date | null }): boolean {
  return c.reviewStartedAt !== null && REVIEW_OPEN_STATUSES.includes(c.status);
}

/**
 * Who reviews what: every panel expert against every live application of the challenge, with why the expert is
 * excluded (a declared conflict, or the expert's own organisation in the consortium: checked live, so applications
 * and memberships that came later count too) and the expert's sheet. `$1` challenge id or null, `$2` user id or null.
 */
export const ASSIGNMENTS_SQL = `
  SELECT a.id AS "applicationId", a.challenge_id AS "challengeId", p.user_id AS "userId", u.name AS "userName",
         u.expert, u.role AS "userRole", c.review_started_at IS NOT NULL AS "reviewStarted", a.title AS "applicationTitle", a.status AS "applicationStatus",
         a.lead_organization_id AS "leadOrganizationId", lo.name AS "leadOrganizationName",
         CASE WHEN cc.reason IS NOT NULL THEN cc.reason
              WHEN EXISTS (SELECT 1 FROM challenge_application_members mb
                            WHERE mb.application_id = a.id AND mb.organization_id = u.organization_id
                              AND ${countedMember()})
              THEN '本人所在单位（' || uo.name || '）参与该申请 / your organisation (' || uo.name || ') is part of this application'
         END AS "excludedReason",
         s.weighted, s.submitted_at AS "submittedAt", s.id IS NOT NULL AS "hasSheet"
    FROM challenge_panel_members p
    JOIN users u ON u.id = p.user_id
    JOIN organizations uo ON uo.id = u.organization_id
    JOIN challenges c ON c.id = p.challenge_id
    JOIN challenge_applications a ON a.challenge_id = p.challenge_id AND a.status <> 'withdrawn'
    JOIN organizations lo ON lo.id = a.lead_organization_id
    LEFT JOIN challenge_conflicts cc ON cc.application_id = a.id AND cc.user_id = p.user_id
    LEFT JOIN challenge_review_sheets s ON s.application_id = a.id AND s.reviewer_id = p.user_id
   WHERE ($1::uuid IS NULL OR p.challenge_id = $1) AND ($2::uuid IS NULL OR p.user_id = $2)`;

export interface AssignmentRow {
  applicationId: string;
  challengeId: string;
  userId: string;
  userName: string;
  expert: boolean;
  userRole: string;
  /** Whether the challenge has entered review (applications closed): before that, no proposal is shown to the panel. */
  reviewStarted: boolean;
  applicationTitle: string;
  applicationStatus: string;
  leadOrganizationId: string;
  leadOrganizationName: string;
  excludedReason: string | null;
  weighted: number | null;
  submittedAt: Date | null;
  hasSheet: boolean;
}

export function assignments(m: Q, challengeId: string | null, userId: string | null): Promise<AssignmentRow[]> {
  return m.query<AssignmentRow[]>(`${ASSIGNMENTS_SQL} ORDER BY a.submitted_at, a.id, u.name, p.user_id`, [
    challengeId,
    userId,
  ]);
}

/**
 * Whether the user sits on the challenge's panel and may review: still an expert, and a member (coordinators and
 * admins run the process and are refused on the panel; one who became a coordinator since does not review).
 */
export async function panelExpert(
  m: Q,
  challengeId: string,
  userId: string,
): Promise<{ expert: boolean; role: string; mayReview: boolean } | null> {
  const [row] = await m.query<Array<{ expert: boolean; role: string }>>(
    `SELECT u.expert, u.role FROM challenge_panel_members p JOIN users u ON u.id = p.user_id
      WHERE p.challenge_id = $1 AND p.user_id = $2`,
    [challengeId, userId],
  );
  return row ? { ...row, mayReview: row.expert && row.role === 'member' } : null;
}

/**
 * The panel expert's assignment to one live application of the challenge: 404 when there is no such application,
 * 403 when the caller is not an expert on the panel.
 */
export async function assignmentOf(
  m: Q,
  user: AuthUser,
  challengeId: string,
  applicationId: string,
): Promise<AssignmentRow> {
  const [app] = await m.query<Array<{ id: string }>>(
    `SELECT id FROM challenge_applications WHERE id = $1 AND challenge_id = $2 AND status <> 'withdrawn'`,
    [applicationId, challengeId],
  );
  if (!app) throw notFound(APPLICATION);
  const panel = await panelExpert(m, challengeId, user.id);
  if (!panel?.mayReview) {
    throw forbidden('只有该榜单评审组中的专家可以评审 / only experts on this challenge’s panel review it');
  }
  const [row] = await m.query<AssignmentRow[]>(`${ASSIGNMENTS_SQL} AND a.id = $3`, [
    challengeId,
    user.id,
    applicationId,
  ]);
  return row;
}

/** 409 unless the challenge is in one of `statuses`. */
export function requireStatus(
  c: { status: ChallengeStatus },
  statuses: readonly ChallengeStatus[],
  what: { zh: string; en: string },
): void {
  if (statuses.includes(c.status)) return;
  throw conflict(
    `${what.zh}只能在「${statuses.map((s) => CHALLENGE_STATUS_LABELS[s]).join('」或「')}」阶段进行（当前：${CHALLENGE_STATUS_LABELS[c.status]}）/ ` +
      `${what.en} only while the challenge is ${statuses.join(' or ')} (now ${c.status})`,
    { currentStatus: c.status, allowedIn: statuses },
  );
}

/** The organisations of every live application (leads and consortium members who accepted). */
export async function applicantOrganizations(m: Q, challengeId: string): Promise<string[]> {
  const rows = await m.query<Array<{ id: string }>>(
    `SELECT DISTINCT mb.organization_id AS id FROM challenge_application_members mb
       JOIN challenge_applications a ON a.id = mb.application_id
      WHERE a.challenge_id = $1 AND a.status <> 'withdrawn' AND ${countedMember()}`,
    [challengeId],
  );
  return rows.map((r) => r.id);
}

/** The organisations of the given applications (leads and consortium members who accepted). */
export async function organizationsOf(m: Q, applicationIds: readonly string[]): Promise<string[]> {
  if (!applicationIds.length) return [];
  const rows = await m.query<Array<{ id: string }>>(
    `SELECT DISTINCT organization_id AS id FROM challenge_application_members mb
      WHERE application_id = ANY($1::uuid[]) AND ${countedMember()}`,
    [applicationIds],
  );
  return rows.map((r) => r.id);
}

export async function panelUserIds(m: Q, challengeId: string): Promise<string[]> {
  const rows = await m.query<Array<{ id: string }>>(
    `SELECT user_id AS id FROM challenge_panel_members WHERE challenge_id = $1`,
    [challengeId],
  );
  return rows.map((r) => r.id);
}
