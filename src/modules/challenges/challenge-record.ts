import type { EntityManager } from 'typeorm';
import { CHALLENGE_STATUS_LABELS, type ApplicationStatus, type ChallengeStatus } from './lifecycle.js';
import type { CriteriaWeights, ChallengeIndicator, Eligibility, FundingSource } from './challenge.entity.js';
import type { BudgetItem, MembershipStatus, PlanStep, TeamMember } from './application.entity.js';

/** A challenge as the services read it (one row of `challenges`, camel-cased). */
export interface ChallengeRecord {
  id: string;
  status: ChallengeStatus;
  title: string;
  problem: string;
  sourceNeedId: string | null;
  commonProblemId: string | null;
  issuerOrganizationId: string;
  createdBy: string | null;
  sectorKeys: string[];
  keywords: string[];
  indicators: ChallengeIndicator[];
  fundingTotalYuan: number;
  fundingSources: FundingSource[];
  eligibility: Eligibility;
  applicationDeadline: Date;
  ipTerms: string;
  multipleWinners: boolean;
  maxWinners: number;
  criteriaWeights: CriteriaWeights;
  publishedAt: Date | null;
  reviewStartedAt: Date | null;
  noticeStartedAt: Date | null;
  noticeEndsOn: string | null;
  awardedAt: Date | null;
  closedAt: Date | null;
  closeReason: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The fields of a challenge's terms as both its page and the public hall show them (the hall with fewer around). */
export type ChallengeTerms = Pick<
  ChallengeRecord,
  | 'id'
  | 'status'
  | 'title'
  | 'problem'
  | 'sectorKeys'
  | 'keywords'
  | 'indicators'
  | 'fundingTotalYuan'
  | 'fundingSources'
  | 'eligibility'
  | 'applicationDeadline'
  | 'ipTerms'
  | 'multipleWinners'
  | 'maxWinners'
  | 'criteriaWeights'
  | 'publishedAt'
  | 'noticeEndsOn'
> & { statusLabel: string; open: boolean };

export function challengeTerms(c: Omit<ChallengeTerms, 'statusLabel' | 'open'>): ChallengeTerms {
  return {
    id: c.id,
    status: c.status,
    statusLabel: CHALLENGE_STATUS_LABELS[c.status],
    title: c.title,
    problem: c.problem,
    sectorKeys: c.sectorKeys,
    keywords: c.keywords,
    indicators: c.indicators,
    fundingTotalYuan: c.fundingTotalYuan,
    fundingSources: c.fundingSources,
    eligibility: c.eligibility,
    applicationDeadline: c.applicationDeadline,
    // Applications are taken while published and before the deadline.
    open: c.status === 'published' && new Date(c.applicationDeadline).getTime() > Date.now(),
    ipTerms: c.ipTerms,
    multipleWinners: c.multipleWinners,
    maxWinners: c.maxWinners,
    criteriaWeights: c.criteriaWeights,
    publishedAt: c.publishedAt,
    noticeEndsOn: c.noticeEndsOn,
  };
}

export const CHALLENGE_COLUMNS = `c.id, c.status, c.title, c.problem, c.source_need_id AS "sourceNeedId",
  c.common_problem_id AS "commonProblemId", c.issuer_organization_id AS "issuerOrganizationId",
  c.created_by AS "createdBy", c.sector_keys AS "sectorKeys", c.keywords, c.indicators,
  c.funding_total_yuan AS "fundingTotalYuan", c.funding_sources AS "fundingSources", c.eligibility,
  c.application_deadline AS "applicationDeadline", c.ip_terms AS "ipTerms", c.multiple_winners AS "multipleWinners",
  c.max_winners AS "maxWinners", c.criteria_weights AS "criteriaWeights", c.published_at AS "publishedAt",
  c.review_started_at AS "reviewStartedAt", c.notice_started_at AS "noticeStartedAt",
  c.notice_ends_on AS "noticeEndsOn", c.awarded_at AS "awardedAt", c.closed_at AS "closedAt",
  c.close_reason AS "closeReason", c.version, c.created_at AS "createdAt", c.updated_at AS "updatedAt"`;

/** One challenge, optionally locked (`FOR UPDATE`) for the caller's transaction; null when there is none. */
export async function readChallenge(
  m: Pick<EntityManager, 'query'>,
  id: string,
  lock = false,
): Promise<ChallengeRecord | null> {
  const rows = await m.query<ChallengeRecord[]>(
    `SELECT ${CHALLENGE_COLUMNS} FROM challenges c WHERE c.id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] ?? null;
}

export interface ApplicationMemberRecord {
  organizationId: string;
  organizationName: string;
  organizationKind: string;
  district: string;
  role: string;
  isLead: boolean;
  /** invited → accepted | declined; the lead is always accepted. */
  status: MembershipStatus;
  respondedAt: string | null;
}

/** An application as the services read it, with its consortium. */
export interface ApplicationRecord {
  id: string;
  challengeId: string;
  leadOrganizationId: string;
  submittedBy: string | null;
  status: ApplicationStatus;
  title: string;
  approach: string;
  team: TeamMember[];
  teamSize: number;
  trl: number;
  budget: BudgetItem[];
  plan: PlanStep[];
  priorResults: string | null;
  submittedAt: Date;
  withdrawnAt: Date | null;
  updatedAt: Date;
  version: number;
  members: ApplicationMemberRecord[];
}

export const APPLICATION_COLUMNS = `a.id, a.challenge_id AS "challengeId", a.lead_organization_id AS "leadOrganizationId",
  a.submitted_by AS "submittedBy", a.status, a.title, a.approach, a.team, a.team_size AS "teamSize", a.trl,
  a.budget, a.plan, a.prior_results AS "priorResults", a.submitted_at AS "submittedAt",
  a.withdrawn_at AS "withdrawnAt", a.updated_at AS "updatedAt", a.version,
  (SELECT coalesce(jsonb_agg(jsonb_build_object('organizationId', o.id, 'organizationName', o.name,
            'organizationKind', o.kind, 'district', o.district, 'role', mb.role, 'isLead', mb.is_lead,
            'status', mb.status, 'respondedAt', mb.responded_at)
          ORDER BY mb.is_lead DESC, o.name), '[]'::jsonb)
     FROM challenge_application_members mb JOIN organizations o ON o.id = mb.organization_id
    WHERE mb.application_id = a.id) AS members`;

/** Applications of a challenge by `where` (on `a`), with their consortium members. */
export async function readApplications(
  m: Pick<EntityManager, 'query'>,
  where: string,
  params: unknown[],
  lock = false,
  page: { skip: number; take: number } | null = null,
): Promise<ApplicationRecord[]> {
  const n = params.length;
  return m.query<ApplicationRecord[]>(
    `SELECT ${APPLICATION_COLUMNS} FROM challenge_applications a WHERE ${where}
      ORDER BY a.submitted_at, a.id${page ? ` LIMIT $${n + 1} OFFSET $${n + 2}` : ''}${lock ? ' FOR UPDATE OF a' : ''}`,
    page ? [...params, page.take, page.skip] : params,
  );
}

/** How many applications match `where` (on `a`), for a page's total. */
export async function countApplications(
  m: Pick<EntityManager, 'query'>,
  where: string,
  params: unknown[],
): Promise<number> {
  const [{ n }] = await m.query<Array<{ n: number }>>(
    `SELECT count(*)::int AS n FROM challenge_applications a WHERE ${where}`,
    params,
  );
  return n;
}
