// Data set up through the API, as users would: organisations, users, a catalogue of capabilities, and needs whose
// Chinese text is sure to meet some of those capabilities (so "every need gets matches" is a fair expectation).
import type { Recorder } from './recorder.js';
import { matchPicture, waitFor } from './checks.js';
import { ADMIN, type FaultEnv } from './service.js';

export const USER_PASSWORD = 'Fault-User-Pass-2026!';

/** Each topic: a title, the words capabilities and needs share, a sector of the shipped hitech scheme. */
const TOPICS: Array<{ title: string; words: [string, string, string]; sector: string; use: string }> = [
  { title: '锂电池低温电解液', words: ['电解液', '锂离子电池', '低温'], sector: 'hitech:0603', use: '寒区储能电站' },
  { title: '焊缝视觉检测', words: ['焊缝', '机器视觉', '缺陷检测'], sector: 'hitech:0804', use: '压力容器焊接产线' },
  { title: '寒地水稻育种', words: ['水稻', '育种', '耐寒'], sector: 'hitech:0207', use: '五常水稻种植基地' },
  { title: '秸秆综合利用', words: ['秸秆', '生物质', '颗粒燃料'], sector: 'hitech:0703', use: '县域秸秆收储中心' },
  { title: '冰雪装备复合材料', words: ['冰雪', '复合材料', '碳纤维'], sector: 'hitech:0403', use: '滑雪板与雪具生产' },
  { title: '燃气轮机叶片涂层', words: ['燃气轮机', '热障涂层', '叶片'], sector: 'hitech:0301', use: '发电设备制造' },
  { title: '大豆蛋白提取', words: ['大豆', '蛋白', '提取工艺'], sector: 'hitech:0206', use: '豆制品深加工' },
  { title: '工业机器人减速器', words: ['机器人', '减速器', '精密传动'], sector: 'hitech:0805', use: '自动化装配线' },
  { title: '污水生物脱氮', words: ['污水', '脱氮', '生物膜'], sector: 'hitech:0701', use: '低温地区污水处理厂' },
  { title: '北药人参加工', words: ['人参', '中药', '皂苷'], sector: 'hitech:0202', use: '中药饮片加工' },
  { title: '电力变压器在线监测', words: ['变压器', '在线监测', '局部放电'], sector: 'hitech:0806', use: '电网变电站' },
  { title: '玉米深加工淀粉', words: ['玉米', '淀粉', '发酵'], sector: 'hitech:0206', use: '玉米加工企业' },
];

export function capabilityItems(n: number, organizationId: string): Array<Record<string, unknown>> {
  return Array.from({ length: n }, (_, i) => {
    const t = TOPICS[i % TOPICS.length];
    const [a, b, c] = t.words;
    return {
      kind: i % 3 === 0 ? 'patent' : 'achievement',
      title: `${t.title}技术成果${i}`,
      description: `本成果涉及${t.title}，围绕${a}与${b}开展研究，形成${c}相关关键技术，编号${i}，可应用于${t.use}。`,
      sectors: [t.sector],
      keywords: [a, b, c],
      trl: 4 + (i % 5),
      ipStatus: 'patent_granted',
      cooperationModes: ['license', 'transfer', 'joint_development'],
      district: '南岗',
      organizationId,
    };
  });
}

/** A need on topic `i`, told apart from the others by `tag` (its title must be unique enough to find it again). */
export function needItem(i: number, tag: string): Record<string, unknown> {
  const t = TOPICS[i % TOPICS.length];
  const [a, b] = t.words;
  return {
    kind: 'technical_problem',
    title: `${tag}：${t.title}难题`,
    description: `我公司从事${t.use}，需要${t.title}方面的技术，重点关注${a}和${b}，希望与高校院所合作攻关。`,
    sectors: [],
    keywords: [a, b],
    cooperationModes: ['joint_development', 'license'],
    budget: { min: 100000, max: 1000000 },
    district: '平房',
    visibility: 'public',
  };
}

export interface Cast {
  admin: string;
  coordinator: string;
  enterprise: string;
  university: string;
  ids: { gov: string; ent: string; uni: string };
  emails: { coordinator: string; enterprise: string; university: string };
}

async function ok<T>(what: string, p: Promise<{ status: number; body: unknown }>, expected: number): Promise<T> {
  const r = await p;
  if (r.status !== expected) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body).slice(0, 500)}`);
  return r.body as T;
}

export async function login(http: Recorder, email: string, password = USER_PASSWORD): Promise<string> {
  const body = await ok<{ accessToken: string }>(
    `login ${email}`,
    http.post('/api/v1/auth/login', { body: { email, password }, label: 'setup' }),
    200,
  );
  return body.accessToken;
}

/** A coordinator at the bureau, an enterprise member and a university member, each signed in. */
export async function createCast(http: Recorder): Promise<Cast> {
  const admin = await login(http, ADMIN.email, ADMIN.password);
  const org = async (kind: string, name: string, district: string) =>
    (
      await ok<{ id: string }>(
        `organisation ${name}`,
        http.post('/api/v1/organizations', { token: admin, body: { kind, name, district }, label: 'setup' }),
        201,
      )
    ).id;
  const gov = await org('government', '故障演练市科技局', '松北');
  const ent = await org('enterprise', '故障演练装备制造有限公司', '平房');
  const uni = await org('university', '故障演练理工大学', '南岗');
  const emails = {
    coordinator: 'coord@faults.example.org',
    enterprise: 'ent@faults.example.org',
    university: 'uni@faults.example.org',
  };
  for (const [email, role, organizationId] of [
    [emails.coordinator, 'coordinator', gov],
    [emails.enterprise, 'member', ent],
    [emails.university, 'member', uni],
  ] as const) {
    await ok(
      `user ${email}`,
      http.post('/api/v1/users', {
        token: admin,
        body: { email, role, organizationId, name: email.split('@')[0], password: USER_PASSWORD },
        label: 'setup',
      }),
      201,
    );
  }
  return {
    admin,
    coordinator: await login(http, emails.coordinator),
    enterprise: await login(http, emails.enterprise),
    university: await login(http, emails.university),
    ids: { gov, ent, uni },
    emails,
  };
}

/** One more organisation, made by the admin, with one member signed in (another owner, another enterprise). */
export async function addMember(
  http: Recorder,
  cast: Cast,
  org: { kind: string; name: string; district: string },
  email: string,
): Promise<{ id: string; email: string; token: string }> {
  const { id } = await ok<{ id: string }>(
    `organisation ${org.name}`,
    http.post('/api/v1/organizations', { token: cast.admin, body: org, label: 'setup' }),
    201,
  );
  await ok(
    `user ${email}`,
    http.post('/api/v1/users', {
      token: cast.admin,
      body: { email, role: 'member', organizationId: id, name: email.split('@')[0], password: USER_PASSWORD },
      label: 'setup',
    }),
    201,
  );
  return { id, email, token: await login(http, email) };
}

/** A challenge (揭榜挂帅) on topic `i` issued by the enterprise `issuerOrganizationId`, for POST /challenges. */
export function challengeItem(i: number, tag: string, issuerOrganizationId: string): Record<string, unknown> {
  const t = TOPICS[i % TOPICS.length];
  const [a, b, c] = t.words;
  const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  return {
    issuerOrganizationId,
    title: `${tag}：${t.title}关键技术攻关`,
    problem: `${t.use}急需突破${t.title}技术，征集围绕${a}与${b}的${c}解决方案，完成中试验证并在哈尔滨落地转化。`,
    sectorKeys: [t.sector],
    keywords: [a, b, c],
    indicators: [{ name: `${c}性能`, target: '≥90', unit: '%', verification: '第三方检测机构出具检测报告' }],
    fundingTotalYuan: 1_000_000,
    fundingSources: [
      { source: 'government', name: '故障演练市科技局', amountYuan: 600_000 },
      { source: 'enterprise', name: '发榜企业自筹', amountYuan: 400_000 },
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
    ipTerms: '项目形成的知识产权归发榜企业与揭榜方共有。',
    multipleWinners: false,
    milestones: [
      { title: '完成小试', dueOn: day(120), sharePct: 40 },
      { title: '完成中试与现场验证', dueOn: day(300), sharePct: 60 },
    ],
  };
}

/**
 * `n` capabilities of the university, through POST /capabilities/batch; or shared among `organizationIds` in equal
 * runs (each run covers every topic; each capability's title is its own, so none is another's duplicate).
 */
export async function seedCapabilities(
  http: Recorder,
  cast: Cast,
  n: number,
  organizationIds = [cast.ids.uni],
): Promise<string[]> {
  const items = capabilityItems(n, cast.ids.uni).map((c, i) => ({
    ...c,
    organizationId: organizationIds[Math.floor((i * organizationIds.length) / n)],
  }));
  const ids: string[] = [];
  for (let i = 0; i < items.length; i += 500) {
    const body = await ok<{ items: Array<{ id: string }> }>(
      'capabilities batch',
      http.post('/api/v1/capabilities/batch', {
        token: cast.coordinator,
        body: { items: items.slice(i, i + 500) },
        label: 'setup',
        timeoutMs: 60000,
      }),
      201,
    );
    ids.push(...body.items.map((x) => x.id));
  }
  return ids;
}

/** `n` open needs of the enterprise (or of the member signed in with `token`), through POST /needs/batch. */
export async function seedNeeds(
  http: Recorder,
  cast: Cast,
  n: number,
  tag = '存量需求',
  token = cast.enterprise,
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 500) {
    const items = Array.from({ length: Math.min(500, n - i) }, (_, j) => needItem(i + j, `${tag}${i + j}`));
    const body = await ok<{ items: Array<{ id: string }> }>(
      'needs batch',
      http.post('/api/v1/needs/batch', {
        token,
        body: { items },
        label: 'setup',
        timeoutMs: 60000,
      }),
      201,
    );
    ids.push(...body.items.map((x) => x.id));
  }
  return ids;
}

/**
 * The set-up every scenario shares: 240 capabilities, `needs` open needs, and every one of those matched before the
 * fault (else the scenario fails in its set-up, naming how many were). Returns the needs' ids.
 */
export async function seedMatched(
  env: FaultEnv,
  http: Recorder,
  cast: Cast,
  needs: number,
  ms: number,
): Promise<string[]> {
  await seedCapabilities(http, cast, 240);
  const needIds = await seedNeeds(http, cast, needs);
  const initial = await waitFor(
    () => matchPicture(env.databaseUrl, needIds),
    (p) => p.matched === needIds.length,
    ms,
  );
  if (initial.at === null) {
    throw env.failure(`set-up: only ${initial.value.matched} of ${needs} needs were matched before the fault`);
  }
  return needIds;
}

/**
 * Expert teams (kind `expertise`, open to secondment) on topics 0..topics-1, `perTopic` each, shared among
 * `organizationIds` in turn, through POST /capabilities/batch: whom a secondment post on a topic should be offered.
 * Returns each one's id and topic.
 */
export async function seedExperts(
  http: Recorder,
  cast: Cast,
  topics: number,
  perTopic: number,
  organizationIds = [cast.ids.uni],
): Promise<Array<{ id: string; topic: number }>> {
  const items = Array.from({ length: topics * perTopic }, (_, j) => {
    const topic = j % topics;
    const t = TOPICS[topic];
    const [a, b, c] = t.words;
    return {
      kind: 'expertise',
      title: `${t.title}专家团队${j}`,
      description: `团队长期从事${t.title}研究，熟悉${a}、${b}和${c}，可派驻企业担任科技副总或科技特派员，服务${t.use}。`,
      sectors: [t.sector],
      keywords: [a, b, c],
      cooperationModes: ['talent_secondment', 'consulting'],
      district: '南岗',
      organizationId: organizationIds[j % organizationIds.length],
    };
  });
  const body = await ok<{ items: Array<{ id: string }> }>(
    'expertise batch',
    http.post('/api/v1/capabilities/batch', { token: cast.coordinator, body: { items }, label: 'setup' }),
    201,
  );
  return body.items.map((x, j) => ({ id: x.id, topic: j % topics }));
}

/** A secondment post (科技副总 for even `i`, 科技特派员 for odd) on topic `i`, for POST /secondment-posts. */
export function secondmentPostItem(i: number, tag: string): Record<string, unknown> {
  const t = TOPICS[i % TOPICS.length];
  const [a, b, c] = t.words;
  return {
    kind: i % 2 === 0 ? 'vice_president' : 'envoy',
    title: `${tag}：${t.title}科技副总`,
    field: t.sector,
    tasks: `负责企业${t.use}中${a}与${b}方向的技术攻关，指导研发团队开展${c}改进，每月驻企不少于8天。`,
    keywords: [a, b, c],
    termMonths: 12,
    address: '哈尔滨市平房区哈南工业新城',
    support: '每月补贴5000元，提供住宿',
    positions: 1,
  };
}
