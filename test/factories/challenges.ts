// Builders for 揭榜挂帅 (challenges) in e2e tests. What other test files use (challenge-reviews too):
//
//   challengeBody(overrides?)                          → a valid POST /challenges body (funding 1,000,000 yuan: 600,000
//                                                        government + 400,000 enterprise; 2 milestones 40/60 %; deadline
//                                                        in 30 days; eligibility: universities, institutes, labs and
//                                                        enterprises, Harbin and outside)
//   createChallenge(t, token, overrides?)              → id: POST /challenges as `token` (a draft unless publish: true)
//   publishChallenge(t, coordinatorToken, opts?)       → id: a published challenge; opts: { fundingTotalYuan?,
//                                                        milestones?: [{title?, sharePct, dueOn?}], multipleWinners?,
//                                                        maxWinners?, issuerOrganizationId?, ...any body override };
//                                                        without an issuer (nor sourceNeedId / commonProblemId) the
//                                                        first enterprise of the cast issues it (an issuer must be an
//                                                        enterprise)
//   applicationBody(overrides?)                        → a valid POST /challenges/:id/applications body (TRL 6, team 3)
//   submitApplication(t, token, challengeId, overrides?) → application id, as the organisation of `token` (lead);
//                                                        `members: [{organizationId, role}]` for a consortium: each
//                                                        member is only invited until it accepts (acceptMembership)
//   acceptMembership(t, token, challengeId, appId, accept?) → the application as answered: the organisation of
//                                                        `token` accepts (or, accept = false, declines) its invitation
//   pastDeadline(t, challengeId)                       → sets the application deadline to a minute ago (SQL)
//   startReview(t, coordinatorToken, challengeId)      → published → reviewing past the deadline (pastDeadline +
//                                                        POST /transitions {to: 'reviewing'}); returns the response body
//   closeApplicationsEarly(t, coordinatorToken, challengeId) → reviewing before the deadline (force + note)
//   challengeWithApplications(t, cast, opts?)          → { challengeId, applicationIds }: published by the cast's
//                                                        coordinator for enterprise A, one application each from the
//                                                        university and the institute, then moved to reviewing
import { DataSource } from 'typeorm';
import type { Cast } from './cast.js';
import type { TestApp } from '../setup/test-app.js';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/** YYYY-MM-DD `days` from today (UTC; far enough from the deadline that Harbin's day does not matter). */
export function daysFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

export function challengeBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: '寒地储能电池低温性能提升（示例榜单）',
    problem:
      '哈尔滨冬季气温低至零下30度，储能电站锂电池容量衰减超过40%。征集耐低温电解液、电池热管理或系统集成方案，' +
      '在零下30度保持80%以上容量。',
    sectorKeys: ['hitech:0603'],
    keywords: ['锂电池', '低温', '储能'],
    indicators: [
      { name: '低温容量保持率', target: '≥80', unit: '% @ -30℃', verification: '第三方检测机构出具检测报告' },
      { name: '循环寿命', target: '≥3000', unit: '次', verification: '企业现场测试' },
    ],
    fundingTotalYuan: 1_000_000,
    fundingSources: [
      { source: 'government', name: '示例市科技局', amountYuan: 600_000 },
      { source: 'enterprise', name: '示例甲科技有限公司', amountYuan: 400_000 },
    ],
    eligibility: {
      organizationKinds: ['university', 'research_institute', 'lab', 'enterprise'],
      districts: [],
      allowOutside: true,
      minTrl: 4,
      minTeamSize: 2,
      maxTeamSize: 30,
    },
    applicationDeadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    ipTerms: '项目形成的知识产权归发榜企业与揭榜方共有，发榜企业在哈尔滨享有优先实施权。',
    multipleWinners: false,
    milestones: [
      { title: '完成小试并提交检测报告', dueOn: daysFromNow(120), sharePct: 40 },
      { title: '完成中试与现场验证', dueOn: daysFromNow(300), sharePct: 60 },
    ],
    ...overrides,
  };
}

export async function createChallenge(
  t: Pick<TestApp, 'http'>,
  token: string,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const r = await t.http().post('/api/v1/challenges').set(auth(token)).send(challengeBody(overrides));
  if (r.status !== 201) throw new Error(`POST /challenges: ${r.status} ${JSON.stringify(r.body)}`);
  return (r.body as { id: string }).id;
}

export interface PublishOptions {
  fundingTotalYuan?: number;
  /** Shares summing to 100; due dates default to 100, 200, … days from now. */
  milestones?: Array<{ title?: string; sharePct: number; dueOn?: string }>;
  multipleWinners?: boolean;
  maxWinners?: number;
  issuerOrganizationId?: string;
  [override: string]: unknown;
}

/** A published challenge, created by a coordinator with `publish: true`; funding split 60/40 government/enterprise. */
export async function publishChallenge(
  t: Pick<TestApp, 'http' | 'app'>,
  coordinatorToken: string,
  opts: PublishOptions = {},
): Promise<string> {
  const { fundingTotalYuan, milestones, multipleWinners, maxWinners, ...rest } = opts;
  if (!rest.issuerOrganizationId && !rest.sourceNeedId && !rest.commonProblemId) {
    rest.issuerOrganizationId = await firstEnterprise(t);
  }
  const total = fundingTotalYuan ?? 1_000_000;
  const government = Math.round(total * 0.6);
  const body: Record<string, unknown> = {
    ...rest,
    publish: true,
    fundingTotalYuan: total,
    fundingSources: [
      { source: 'government', name: '示例市科技局', amountYuan: government },
      { source: 'enterprise', name: '发榜企业自筹', amountYuan: total - government },
    ],
  };
  if (milestones) {
    body.milestones = milestones.map((m, i) => ({
      title: m.title ?? `第${i + 1}阶段验收`,
      dueOn: m.dueOn ?? daysFromNow(100 * (i + 1)),
      sharePct: m.sharePct,
    }));
  }
  if (multipleWinners !== undefined) body.multipleWinners = multipleWinners;
  if (maxWinners !== undefined) body.maxWinners = maxWinners;
  else if (multipleWinners) body.maxWinners = 2;
  return createChallenge(t, coordinatorToken, body);
}

export function applicationBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: '宽温域电解液与电池包热管理联合方案',
    approach: '采用低熔点共溶剂电解液配方，结合相变材料热管理，在零下30度保持容量。分小试、中试两阶段实施。',
    team: [
      { name: '张教授', role: '项目负责人', title: '教授' },
      { name: '李工', role: '工艺工程师', title: '高级工程师' },
      { name: '王博士', role: '测试分析' },
    ],
    teamSize: 8,
    trl: 6,
    budget: [
      { item: '材料与测试费', amountYuan: 400_000 },
      { item: '设备使用费', amountYuan: 300_000 },
      { item: '人员劳务费', amountYuan: 300_000 },
    ],
    plan: [
      { title: '小试', dueOn: daysFromNow(110), deliverable: '电解液配方与检测报告' },
      { title: '中试', dueOn: daysFromNow(290), deliverable: '储能模组现场验证报告' },
    ],
    priorResults: '已在寒区电动汽车电池中应用，相关发明专利2项。',
    ...overrides,
  };
}

export async function submitApplication(
  t: Pick<TestApp, 'http'>,
  token: string,
  challengeId: string,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const r = await t
    .http()
    .post(`/api/v1/challenges/${challengeId}/applications`)
    .set(auth(token))
    .send(applicationBody(overrides));
  if (r.status !== 201) throw new Error(`POST /challenges/:id/applications: ${r.status} ${JSON.stringify(r.body)}`);
  return (r.body as { id: string }).id;
}

/** The cast's first enterprise (enterprise A in createCast): a challenge's issuer must be an enterprise. */
export async function firstEnterprise(t: Pick<TestApp, 'app'>): Promise<string> {
  const [row] = await t.app
    .get(DataSource)
    .query<Array<{ id: string }>>(
      `SELECT id FROM organizations WHERE kind = 'enterprise' ORDER BY created_at, id LIMIT 1`,
    );
  if (!row) throw new Error('publishChallenge: no enterprise to issue the challenge (create the cast first)');
  return row.id;
}

/** The organisation of `token` answers its consortium invitation (accepts by default). */
export async function acceptMembership(
  t: Pick<TestApp, 'http'>,
  token: string,
  challengeId: string,
  applicationId: string,
  accept = true,
): Promise<Record<string, unknown>> {
  const r = await t
    .http()
    .post(`/api/v1/challenges/${challengeId}/applications/${applicationId}/membership`)
    .set(auth(token))
    .send({ accept });
  if (r.status !== 200) throw new Error(`POST …/membership: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as Record<string, unknown>;
}

/** Moves the application deadline to a minute ago (the API refuses past deadlines; tests need one). */
export async function pastDeadline(t: Pick<TestApp, 'app'>, challengeId: string): Promise<void> {
  await t.app
    .get(DataSource)
    .query(`UPDATE challenges SET application_deadline = now() - interval '1 minute' WHERE id = $1`, [challengeId]);
}

/** published → reviewing after the deadline (set in the past first). Returns the challenge as answered. */
export async function startReview(
  t: Pick<TestApp, 'http' | 'app'>,
  coordinatorToken: string,
  challengeId: string,
): Promise<Record<string, unknown>> {
  await pastDeadline(t, challengeId);
  const r = await t
    .http()
    .post(`/api/v1/challenges/${challengeId}/transitions`)
    .set(auth(coordinatorToken))
    .send({ to: 'reviewing' });
  if (r.status !== 200) throw new Error(`to reviewing: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as Record<string, unknown>;
}

/** published → reviewing before the deadline: a coordinator's forced early close, with its note. */
export async function closeApplicationsEarly(
  t: Pick<TestApp, 'http'>,
  coordinatorToken: string,
  challengeId: string,
): Promise<Record<string, unknown>> {
  const r = await t
    .http()
    .post(`/api/v1/challenges/${challengeId}/transitions`)
    .set(auth(coordinatorToken))
    .send({ to: 'reviewing', force: true, note: '测试：提前截止 / test: closed early' });
  if (r.status !== 200) throw new Error(`to reviewing (force): ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as Record<string, unknown>;
}

/**
 * A challenge in review with two applications: published by the coordinator for enterprise A (`opts` as for
 * publishChallenge), applied for by the university and by the institute, then closed past its deadline.
 */
export async function challengeWithApplications(
  t: Pick<TestApp, 'http' | 'app'>,
  cast: Cast,
  opts: PublishOptions = {},
): Promise<{ challengeId: string; applicationIds: string[] }> {
  const challengeId = await publishChallenge(t, cast.coordinator, { issuerOrganizationId: cast.ids.entA, ...opts });
  const applicationIds = [
    await submitApplication(t, cast.university, challengeId),
    await submitApplication(t, cast.institute, challengeId, { title: '低温储能系统集成与热管理方案' }),
  ];
  await startReview(t, cast.coordinator, challengeId);
  return { challengeId, applicationIds };
}
