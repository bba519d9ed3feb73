// `npm run demo`: fictional Harbin organisations and one user per role, then real listings (the technology
// market's achievements and needs, the CSL records as a university's achievements), matched by the real worker.
// Prints, for a few needs, the top 5 with their explanations; then a common problem and a challenge, and the shared
// instruments, a testing order, an example voucher programme and an envoy post (scripts/lib/demo-services.ts).
// Running it again changes nothing.
import { loadConfigOrExit } from '../src/config/app-config.js';
import {
  ATTRIBUTION,
  cooperationModes,
  cslRecords,
  cslScheme,
  industrySectors,
  techmarketAchievements,
  techmarketNeeds,
  usableKeywords,
} from './lib/datasets.js';
import { sharedServicesDemo } from './lib/demo-services.js';
import { batches, scriptAdmin, startHarness, type Harness } from './lib/harness.js';
import { techmarketCapability, techmarketNeedText } from './lib/techmarket.js';

const PASSWORD = 'Demo-Pass-2026!';
const USERS = {
  admin: { email: 'demo-admin@example.org', name: '演示管理员', role: 'admin', org: 'gov' },
  coordinator: { email: 'demo-coordinator@example.org', name: '演示协调员', role: 'coordinator', org: 'gov' },
  enterprise: { email: 'demo-enterprise@example.org', name: '演示企业用户', role: 'member', org: 'mfg' },
  university: { email: 'demo-university@example.org', name: '演示高校用户', role: 'member', org: 'uni' },
  institute: { email: 'demo-institute@example.org', name: '演示研究院用户', role: 'member', org: 'inst' },
  expert: { email: 'demo-expert@example.org', name: '演示评审专家', role: 'member', org: 'tto' },
} as const;

// Clearly fictional organisations (示例…); the listings they own are real public texts, attributed.
const ORGS = {
  gov: { kind: 'government', name: '示例哈尔滨市科技成果转化中心', district: '松北' },
  mfg: { kind: 'enterprise', name: '示例平房智能制造有限公司', district: '平房' },
  mfg2: { kind: 'enterprise', name: '示例哈南装备制造有限公司', district: '香坊' },
  agri: { kind: 'enterprise', name: '示例五常寒地农业有限公司', district: '五常' },
  agri2: { kind: 'enterprise', name: '示例双城绿色食品有限公司', district: '双城' },
  it: { kind: 'enterprise', name: '示例松北数字科技有限公司', district: '松北' },
  it2: { kind: 'enterprise', name: '示例道里软件有限公司', district: '道里' },
  uni: { kind: 'university', name: '示例北国理工大学', district: '南岗' },
  inst: { kind: 'research_institute', name: '示例寒地技术研究院', district: '香坊' },
  tto: { kind: 'intermediary', name: '示例龙江技术转移服务中心', district: '南岗' },
} as const;
type OrgKey = keyof typeof ORGS;

// Needs shown at the end: two the catalogue answers, one it does not (暂无合适匹配, with its near misses).
const SHOWCASE = ['tm-need-1144', 'tm-need-1585', 'tm-need-0001'];

const log = (msg: string) => process.stdout.write(`${msg}\n`);

async function organizations(h: Harness, admin: string): Promise<Record<OrgKey, string>> {
  const ids = {} as Record<OrgKey, string>;
  for (const [key, org] of Object.entries(ORGS) as Array<[OrgKey, (typeof ORGS)[OrgKey]]>) {
    const found = await h.call<{ items: Array<{ id: string; name: string }> }>(
      'GET',
      `/organizations?q=${encodeURIComponent(org.name)}`,
      undefined,
      admin,
    );
    const existing = found.body.items.find((o) => o.name === org.name);
    ids[key] = existing?.id ?? (await h.call<{ id: string }>('POST', '/organizations', org, admin)).body.id;
  }
  return ids;
}

async function seedListings(h: Harness, admin: string, orgs: Record<OrgKey, string>): Promise<void> {
  const gb = (
    await h.call<{ codes: Array<{ code: string; parent: string | null; nameZh: string }> }>(
      'GET',
      '/taxonomies/gbt4754',
      undefined,
      admin,
    )
  ).body.codes;
  const has = async (path: string, org: string) =>
    (await h.call<{ total: number }>('GET', `${path}?organizationId=${org}&pageSize=1`, undefined, admin)).body.total >
    0;
  const post = async (path: string, items: unknown[]) => {
    for (const batch of batches(items)) {
      const r = await h.call('POST', `${path}/batch`, { items: batch }, admin);
      if (r.status !== 201) throw new Error(`${path}/batch: ${r.status} ${JSON.stringify(r.body).slice(0, 500)}`);
    }
  };

  if (!(await has('/capabilities', orgs.inst))) {
    const items = techmarketAchievements().map((a) => techmarketCapability(a, gb, orgs.inst));
    await post('/capabilities', items);
    log(`  ${items.length} 项技术市场成果 / technology-market achievements → ${ORGS.inst.name}`);
  }
  if (!(await has('/capabilities', orgs.uni))) {
    const items = cslRecords().map((r) => ({
      organizationId: orgs.uni,
      kind: 'achievement',
      title: r.title.slice(0, 200),
      description: `${r.abstract}\n\n${ATTRIBUTION.csl}`,
      sectors: [`csl:${r.discipline === r.category ? r.category : r.discipline}`],
      keywords: usableKeywords(r.keywords),
      trl: 3,
      cooperationModes: ['commissioned_development', 'joint_development', 'consulting'],
    }));
    await post('/capabilities', items);
    log(`  ${items.length} 项科研成果（CSL）/ research achievements → ${ORGS.uni.name}`);
  }
  if (!(await has('/needs', orgs.mfg))) {
    // Two fictional enterprises per industry, alternating: the same problem posted by different enterprises is what
    // the common-problem detection looks for.
    const owner = (sectors: string[], i: number): string => {
      const pair: [OrgKey, OrgKey] = sectors.includes('gbt4754:A')
        ? ['agri', 'agri2']
        : sectors.some((s) => ['gbt4754:I', 'gbt4754:J', 'gbt4754:M'].includes(s))
          ? ['it', 'it2']
          : ['mfg', 'mfg2'];
      return orgs[pair[i % 2]];
    };
    const items = techmarketNeeds().flatMap((n, i) => {
      const text = techmarketNeedText(n);
      if (!text) return [];
      const sectors = industrySectors(n.industry, gb);
      return [
        {
          // The showcase needs stay with the first enterprise of their pair (the demo enterprise user's, for one).
          organizationId: owner(sectors, SHOWCASE.includes(n.id) ? 0 : i),
          kind: 'technical_problem',
          title: text.title,
          description: `${text.description}\n\n${ATTRIBUTION.techmarket}（${n.id}）`,
          sectors,
          cooperationModes: cooperationModes(n.cooperation),
          visibility: 'public',
        },
      ];
    });
    await post('/needs', items);
    log(`  ${items.length} 项企业技术需求 / enterprise needs → 六家示例企业 / six fictional enterprises`);
  }
}

/** A PDF of one page that says what it is: the demo application's attachment. */
function demoPdf(): Buffer {
  const text = 'Demo proposal (fictional) - techmatch';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${text.length + 30} >>\nstream\nBT /F1 18 Tf 72 760 Td (${text}) Tj ET\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) pdf += `${String(o).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

const isoDay = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

interface ProblemSummary {
  id: string;
  title: string;
  summary: string;
  sharedTerms: string[];
  sectorKeys: string[];
  needCount: number;
  organizationCount: number;
  cohesion: number;
}

/**
 * 共性技术难题 and 揭榜挂帅: the engine looks for problems several enterprises share, the coordinator confirms the
 * best one, turns it into a challenge and publishes it; the university applies with the institute as a consortium
 * (a proposal and a PDF), and a fictional expert sits on the panel. The challenge stays at the application stage.
 */
async function commonProblemAndChallenge(
  h: Harness,
  admin: string,
  orgs: Record<OrgKey, string>,
  coordinator: string,
): Promise<void> {
  const ok = <T>(r: { status: number; body: T }, what: string): T => {
    if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body).slice(0, 500)}`);
    return r.body;
  };
  const existing = await h.call<{ items: Array<{ id: string; title: string }>; total: number }>(
    'GET',
    '/challenges?pageSize=1',
    undefined,
    coordinator,
  );
  if (existing.body.total > 0) {
    log(`\n揭榜挂帅 challenge: ${existing.body.items[0].title}（已有 / already there）`);
    return;
  }
  ok(await h.call('POST', '/common-problems/detect', {}, coordinator), 'detect common problems');
  await h.settle(300_000);
  const candidates = ok(
    await h.call<{ items: ProblemSummary[]; total: number }>(
      'GET',
      '/common-problems?status=candidate&pageSize=100',
      undefined,
      coordinator,
    ),
    'list common problems',
  );
  log(`\n共性技术难题 common problems: ${candidates.total} 个候选 / candidates`);
  // The clearest shared problem: most enterprises, then the most alike.
  const best = [...candidates.items].sort(
    (a, b) => b.organizationCount - a.organizationCount || b.cohesion - a.cohesion,
  )[0];
  if (!best) throw new Error('the demo catalogue gave no common problem');
  ok(
    await h.call(
      'POST',
      `/common-problems/${best.id}/confirm`,
      { note: '演示：多家企业提出同一难题，确认为共性技术难题 / demo: confirmed' },
      coordinator,
    ),
    'confirm the common problem',
  );
  log(
    `  已确认 confirmed: ${best.title}（${best.needCount} 项需求，${best.organizationCount} 家企业；共同词 ${best.sharedTerms.slice(0, 6).join('、')}）`,
  );

  const challenge = ok(
    await h.call<{ id: string; title: string; status: string }>(
      'POST',
      '/challenges',
      {
        commonProblemId: best.id,
        title: `${best.title}（示例榜单）`.slice(0, 200),
        problem:
          `${best.summary}\n\n本榜单为演示数据：由平台从多家示例企业的真实公开需求中发现的共性技术难题生成，` +
          `发榜单位、资金与指标均为虚构。This challenge is demo data: fictional issuer, funding and indicators.`,
        sectorKeys: best.sectorKeys,
        keywords: best.sharedTerms.slice(0, 8),
        indicators: [
          {
            name: '关键性能指标提升 / key performance gain',
            target: '≥30',
            unit: '%',
            verification: '第三方检测机构出具检测报告 / a third-party test report',
          },
          {
            name: '在哈尔滨企业完成中试 / pilot run at a Harbin enterprise',
            target: '1',
            unit: '条产线 / line',
            verification: '发榜企业现场验收 / on-site acceptance by the issuer',
          },
        ],
        fundingTotalYuan: 1_500_000,
        fundingSources: [
          { source: 'government', name: '示例哈尔滨市科技成果转化专项', amountYuan: 1_000_000 },
          { source: 'enterprise', name: '示例牵头企业自筹', amountYuan: 500_000 },
        ],
        eligibility: {
          organizationKinds: ['university', 'research_institute', 'lab', 'enterprise'],
          districts: [],
          allowOutside: true,
          minTrl: 3,
          minTeamSize: 3,
          maxTeamSize: 50,
        },
        applicationDeadline: `${isoDay(45)}T09:00:00.000Z`,
        ipTerms:
          '项目形成的知识产权归揭榜方与发榜企业共有，发榜企业在哈尔滨享有优先、免费实施权 / IP shared; the issuer may ' +
          'use it first, royalty-free, in Harbin',
        multipleWinners: true,
        maxWinners: 2,
        milestones: [
          { title: '方案验证与样机 / proof of concept and prototype', dueOn: isoDay(150), sharePct: 40 },
          { title: '中试与第三方检测 / pilot and third-party tests', dueOn: isoDay(300), sharePct: 40 },
          { title: '在哈转化落地 / conversion in Harbin', dueOn: isoDay(420), sharePct: 20 },
        ],
        publish: true,
      },
      coordinator,
    ),
    'create the challenge',
  );
  log(`  揭榜挂帅 challenge published: ${challenge.title}`);

  const university = await h.login(USERS.university.email, PASSWORD);
  const application = ok(
    await h.call<{ id: string }>(
      'POST',
      `/challenges/${challenge.id}/applications`,
      {
        title: '示例北国理工大学联合体揭榜方案 / a fictional consortium proposal',
        approach:
          '高校负责关键技术攻关与样机，研究院负责中试放大与检测，发榜企业提供应用场景与产线验证（演示数据）。' +
          'The university develops the core technology, the institute runs the pilot and tests (demo data).',
        team: [
          { name: '示例张教授', role: '项目负责人 / principal investigator', title: '教授' },
          { name: '示例李研究员', role: '中试负责人 / pilot lead', title: '研究员' },
          { name: '示例王工程师', role: '检测与验证 / testing', title: '高级工程师' },
        ],
        teamSize: 8,
        trl: 4,
        budget: [
          { item: '设备与材料 / equipment and materials', amountYuan: 600_000 },
          { item: '测试化验加工 / testing', amountYuan: 300_000 },
          { item: '人员劳务 / staff', amountYuan: 450_000 },
          { item: '其他 / other', amountYuan: 150_000 },
        ],
        plan: [
          {
            title: '方案验证 / proof of concept',
            dueOn: isoDay(140),
            deliverable: '样机与测试报告 / prototype, report',
          },
          { title: '中试 / pilot', dueOn: isoDay(290), deliverable: '中试线与第三方报告 / pilot line, report' },
          { title: '转化 / conversion', dueOn: isoDay(410), deliverable: '在哈企业投产 / production in Harbin' },
        ],
        priorResults: '相关方向已有示例论文与专利（演示数据）/ fictional prior papers and patents',
        members: [{ organizationId: orgs.inst, role: '中试放大与检测 / pilot and testing' }],
        leadRole: '关键技术攻关 / core technology',
      },
      university,
    ),
    'apply',
  );
  ok(
    await h.call(
      'POST',
      `/challenges/${challenge.id}/applications/${application.id}/attachments?filename=${encodeURIComponent('示例揭榜方案.pdf')}`,
      demoPdf(),
      university,
      { 'content-type': 'application/pdf' },
    ),
    'attach the proposal',
  );
  const institute = await h.login(USERS.institute.email, PASSWORD);
  ok(
    await h.call(
      'POST',
      `/challenges/${challenge.id}/applications/${application.id}/membership`,
      { accept: true, note: '同意作为联合体成员负责中试与检测 / we join for the pilot and tests' },
      institute,
    ),
    'join the consortium',
  );
  log(
    `  ${USERS.university.email} 牵头、${USERS.institute.email} 接受邀请，以联合体申请（附 PDF 方案）/ ` +
      'a consortium application with a PDF proposal',
  );

  const experts = ok(
    await h.call<{ items: Array<{ id: string; email: string }> }>(
      'GET',
      `/users?organizationId=${orgs.tto}`,
      undefined,
      admin,
    ),
    'find the expert',
  );
  const expert = experts.items.find((u) => u.email === USERS.expert.email);
  if (!expert) throw new Error('the demo expert is missing');
  ok(await h.call('PATCH', `/users/${expert.id}`, { expert: true }, admin), 'mark the expert');
  ok(await h.call('PUT', `/challenges/${challenge.id}/panel`, { userIds: [expert.id] }, coordinator), 'form the panel');
  log(`  评审专家组 expert panel: ${USERS.expert.email}（截止后评审 / reviews after the deadline）`);
}

interface Shown {
  score: number;
  rank: number;
  capability: { title: string; organizationName: string; sectors: string[] };
  band: string | null;
  explanation: {
    summary?: { zh: string; en: string };
    ranker?: { probability: number; contributions: Array<{ labelZh: string; contribution: number }> };
    duplicates?: { count: number };
    keyword: { score: number; terms: Array<{ term: string; weight: number }> };
    sector: {
      score: number | null;
      matched: Array<{ need: string; capability: string; relation: string; inferred?: boolean }>;
    };
    factors: Record<string, { value: number; reason: string }>;
  };
}

/** Approves the best suggestion of the first showcase need, once, so its enterprise has an approved match to see. */
async function approveOne(h: Harness, coordinator: string): Promise<void> {
  const [need] = await h.db.query<Array<{ id: string }>>(
    `SELECT id FROM needs WHERE description LIKE '%（' || $1 || '）' LIMIT 1`,
    [SHOWCASE[0]],
  );
  if (!need) return;
  const approved = await h.call<{ items: unknown[] }>(
    'GET',
    `/needs/${need.id}/matches?status=approved`,
    undefined,
    coordinator,
  );
  if (approved.body.items.length) return;
  const [top] = (
    await h.call<{ items: Array<{ id: string }> }>(
      'GET',
      `/needs/${need.id}/matches?status=suggested&limit=1`,
      undefined,
      coordinator,
    )
  ).body.items;
  if (top)
    await h.call(
      'POST',
      `/matches/${top.id}/approve`,
      { note: '演示：推荐对接 / demo: introduce them', expectedStatus: 'suggested' },
      coordinator,
    );
}

async function showcase(h: Harness, coordinator: string): Promise<void> {
  for (const id of SHOWCASE) {
    const [need] = await h.db.query<Array<{ id: string; title: string; sectors: string[] }>>(
      `SELECT id, title, sectors FROM needs WHERE description LIKE '%（' || $1 || '）' LIMIT 1`,
      [id],
    );
    if (!need) continue;
    const top = (await h.call<{ items: Shown[] }>('GET', `/needs/${need.id}/matches?limit=5`, undefined, coordinator))
      .body.items;
    log(`\n需求 Need：${need.title}  [${need.sectors.join(', ') || '—'}]  (${id})`);
    if (!top.length) {
      const near = await h.call<{ items: Array<{ title: string; score: number; summary: { zh: string } }> }>(
        'GET',
        `/needs/${need.id}/near-misses`,
        undefined,
        coordinator,
      );
      log(
        '  暂无合适匹配 / no suitable match yet（目录变化时自动重新检查 / re-checked whenever the catalogue changes）',
      );
      for (const m of near.body.items.slice(0, 3)) log(`    最接近 near miss: ${m.title} — ${m.summary.zh}`);
      continue;
    }
    top.forEach((m, i) => {
      const e = m.explanation;
      const band = { high: '高', medium: '中', low: '低' }[m.band ?? ''] ?? '—';
      log(`  ${i + 1}. [${band}] ${m.score.toFixed(3)}  ${m.capability.title}  — ${m.capability.organizationName}`);
      if (e.summary) log(`     ${e.summary.zh}`);
      if (e.duplicates) log(`     另有 ${e.duplicates.count} 项相同成果 / ${e.duplicates.count} identical listing(s)`);
      log(
        `     关键词 keywords ${e.keyword.score.toFixed(2)}: ${e.keyword.terms
          .slice(0, 6)
          .map((t) => `${t.term}(${t.weight.toFixed(1)})`)
          .join(' ')}`,
      );
      const s = e.sector.matched[0];
      log(
        `     领域 sector ${e.sector.score === null ? '—' : e.sector.score.toFixed(2)}${s ? `: ${s.need} ↔ ${s.capability} (${s.relation}${s.inferred ? ', inferred' : ''})` : ''}`,
      );
    });
  }
}

/** The review queue once everything the demo added (the envoy post's expert teams too) has been matched. */
async function queueSummary(h: Harness, coordinator: string): Promise<void> {
  await h.settle(300_000, (pending) => log(`  匹配中 matching… ${pending} 个任务 / jobs left`));
  const queue = await h.call<{ total: number }>('GET', '/matches?status=suggested&pageSize=1', undefined, coordinator);
  const [{ served, needs }] = await h.db.query<Array<{ served: number; needs: number }>>(
    `SELECT count(*) FILTER (WHERE suggestions > 0)::int AS served, count(*)::int AS needs FROM need_rankings`,
  );
  log(
    `\n审核队列 review queue: ${queue.body.total} 条待审核建议 / suggestions; ${served}/${needs} 条需求有建议 / needs have suggestions`,
  );
}

const config = loadConfigOrExit();
const started = Date.now();
log('科技成果转化对接平台 · 演示数据 / demo');
const h = await startHarness({ ...config, logLevel: 'error' }, { worker: true });
try {
  const admin = await scriptAdmin(
    h,
    { email: USERS.admin.email, password: PASSWORD, name: USERS.admin.name },
    ORGS.gov,
  );
  const csl = await h.call('PUT', '/taxonomies/csl', cslScheme(), admin);
  if (csl.status !== 200) throw new Error(`import csl scheme: ${csl.status} ${JSON.stringify(csl.body)}`);
  const orgs = await organizations(h, admin);
  for (const u of Object.values(USERS)) {
    if (u.role === 'admin') continue;
    await h.call(
      'POST',
      '/users',
      { email: u.email, password: PASSWORD, name: u.name, role: u.role, organizationId: orgs[u.org] },
      admin,
    );
  }
  log('示例组织与用户就绪 / fictional organisations and users ready');
  await seedListings(h, admin, orgs);
  await h.settle(900_000, (pending) => log(`  匹配中 matching… ${pending} 个任务 / jobs left`));
  const coordinator = await h.login(USERS.coordinator.email, PASSWORD);
  await approveOne(h, coordinator);
  await showcase(h, coordinator);
  await commonProblemAndChallenge(h, admin, orgs, coordinator);
  const enterprise = await h.login(USERS.enterprise.email, PASSWORD);
  const university = await h.login(USERS.university.email, PASSWORD);
  const me = await h.call<{ user: { id: string } }>('GET', '/me', undefined, university);
  await sharedServicesDemo(h, {
    coordinator,
    enterprise,
    university,
    universityUserId: me.body.user.id,
    universityOrgId: orgs.uni,
    enterpriseOrgId: orgs.mfg,
    field: 'gbt4754:C',
    pdf: demoPdf(),
  });
  await queueSummary(h, coordinator);
  log(`\n数据 Data: ${ATTRIBUTION.techmarket}；${ATTRIBUTION.csl}`);
  log(`\n登录 Sign in (password ${PASSWORD}):`);
  for (const [role, u] of Object.entries(USERS)) log(`  ${role.padEnd(11)} ${u.email}`);
  log(
    '运行 `npm start`，然后 / then: POST http://127.0.0.1:3000/api/v1/auth/login，接口文档 API docs: http://127.0.0.1:3000/docs',
  );
  log(`用时 ${((Date.now() - started) / 1000).toFixed(0)} s`);
} finally {
  await h.close();
}
process.exit(0);
