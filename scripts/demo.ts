// `npm run demo`: fictional Harbin organisations and one user per role, then real listings (the technology
// market's achievements and needs, the CSL records as a university's achievements), matched by the real worker.
// Prints, for a few needs, the top 5 with their explanations. Running it again changes nothing.
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
import { batches, scriptAdmin, startHarness, type Harness } from './lib/harness.js';
import { techmarketCapability, techmarketNeedText } from './lib/techmarket.js';

const PASSWORD = 'Demo-Pass-2026!';
const USERS = {
  admin: { email: 'demo-admin@example.org', name: '演示管理员', role: 'admin', org: 'gov' },
  coordinator: { email: 'demo-coordinator@example.org', name: '演示协调员', role: 'coordinator', org: 'gov' },
  enterprise: { email: 'demo-enterprise@example.org', name: '演示企业用户', role: 'member', org: 'mfg' },
  university: { email: 'demo-university@example.org', name: '演示高校用户', role: 'member', org: 'uni' },
} as const;

// Clearly fictional organisations (示例…); the listings they own are real public texts, attributed.
const ORGS = {
  gov: { kind: 'government', name: '示例哈尔滨市科技成果转化中心', district: '松北' },
  mfg: { kind: 'enterprise', name: '示例平房智能制造有限公司', district: '平房' },
  agri: { kind: 'enterprise', name: '示例五常寒地农业有限公司', district: '五常' },
  it: { kind: 'enterprise', name: '示例松北数字科技有限公司', district: '松北' },
  uni: { kind: 'university', name: '示例北国理工大学', district: '南岗' },
  inst: { kind: 'research_institute', name: '示例寒地技术研究院', district: '香坊' },
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
    const owner = (sectors: string[]): string =>
      sectors.includes('gbt4754:A')
        ? orgs.agri
        : sectors.some((s) => ['gbt4754:I', 'gbt4754:J', 'gbt4754:M'].includes(s))
          ? orgs.it
          : orgs.mfg;
    const items = techmarketNeeds().flatMap((n) => {
      const text = techmarketNeedText(n);
      if (!text) return [];
      const sectors = industrySectors(n.industry, gb);
      return [
        {
          organizationId: owner(sectors),
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
    log(`  ${items.length} 项企业技术需求 / enterprise needs → ${ORGS.mfg.name}、${ORGS.agri.name}、${ORGS.it.name}`);
  }
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
