// `npm run eval`: the quality measures of EVALUATION.md through the product's own path: listings created through the
// HTTP API, ranked by the real worker over PostgreSQL and Redis, each need's top 10 read back through the API.
// Two parts, each in its own database (dropped afterwards) and queue prefix, so neither catalogue leaks into the
// other's rankings:
// - csl: the known-item protocol on ../shared/data/csl (EVAL_SPLITS=dev,test);
// - judged: the real technology-market needs against all its achievements, measured on data/judged.
// EVAL_SETS=csl,judged (the default) picks the parts. Prints the figures and writes them into docs/quality.md
// (only between each part's markers), and the judged needs' unjudged suggestions into docs/quality-unjudged.jsonl.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { shippedModel } from '../src/modules/matching/ranker/ranker.js';
import { loadConfig } from '../src/config/app-config.js';
import { catalogue, metrics, needs, type EvalNeed, type Metrics, type Phrasing, type Setting } from './lib/csl-eval.js';
import { cslScheme, judgedCheckLabels, ROOT, techmarketAchievements, techmarketNeeds } from './lib/datasets.js';
import { markers, writeSection } from './lib/doc-section.js';
import { batches, scriptAdmin, startHarness, type Harness } from './lib/harness.js';
import { removeQueueKeys } from './lib/queue-keys.js';
import {
  bandFigures,
  FLOORS,
  judgedFigures,
  Judgements,
  unjudgedPairs,
  type Band,
  type JudgedFigures,
  type ShownPair,
} from './lib/judged-eval.js';
import { techmarketCapability, techmarketNeedText, type SectorCodes } from './lib/techmarket.js';

const TARGETS: Record<Setting, { recall10: number; mrr10: number; precision10: number }> = {
  category: { recall10: 0.99, mrr10: 0.98, precision10: 0.85 },
  none: { recall10: 0.99, mrr10: 0.975, precision10: 0.72 },
};
const PASSWORD = 'Eval-Pass-2026!';
const SETS = ['csl', 'judged'] as const;
type EvalSet = (typeof SETS)[number];
const DOC = path.join(ROOT, 'docs', 'quality.md');
const UNJUDGED = path.join(ROOT, 'docs', 'quality-unjudged.jsonl');
const log = (s: string) => process.stdout.write(`${s}\n`);

const server = process.env.EVAL_PG_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
const splits = (process.env.EVAL_SPLITS ?? 'dev,test').split(',') as Array<'dev' | 'test'>;
const sets = (process.env.EVAL_SETS ?? SETS.join(','))
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean) as EvalSet[];
const unknownSets = sets.filter((s) => !SETS.includes(s));
if (unknownSets.length || !sets.length) {
  throw new Error(`EVAL_SETS: expected some of ${SETS.join(',')}, got ${process.env.EVAL_SETS}`);
}
if (process.env.EVAL_DATABASE_URL && sets.length > 1) {
  throw new Error('EVAL_DATABASE_URL holds one catalogue: pick one part with EVAL_SETS');
}

/** Versions the explanations named: algorithm, and the re-ranker's when there is one. */
class Versions {
  readonly algorithm = new Set<string>();
  readonly ranker = new Set<string>();
  see(item: MatchItem): void {
    const e = item.explanation;
    if (e?.algorithmVersion) this.algorithm.add(e.algorithmVersion);
    else if (item.algorithmVersion) this.algorithm.add(item.algorithmVersion);
    if (e?.ranker?.version) this.ranker.add(e.ranker.version);
  }
  text(): string {
    const list = (s: Set<string>) => (s.size ? [...s].sort().join(', ') : '—');
    return `算法版本 algorithm ${list(this.algorithm)} · 排序模型 ranker ${list(this.ranker)}`;
  }
}

interface MatchItem {
  capabilityId: string;
  score: number;
  rank: number;
  algorithmVersion?: string;
  band?: Band | null;
  explanation: {
    algorithmVersion?: string;
    band?: Band | null;
    ranker?: { version?: string; probability?: number };
  } | null;
}

const today = () => new Date().toISOString().slice(0, 10);
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(0)} s`;
const share = (v: number) => (Number.isNaN(v) ? 'n/a' : v.toFixed(2));
const int = (v: number) => v.toLocaleString('en');

async function org(h: Harness, admin: string, kind: string, name: string): Promise<string> {
  const found = await h.call<{ items: Array<{ id: string; name: string }> }>(
    'GET',
    `/organizations?q=${encodeURIComponent(name)}`,
    undefined,
    admin,
  );
  return (
    found.body.items.find((o) => o.name === name)?.id ??
    (await h.call<{ id: string }>('POST', '/organizations', { kind, name, district: '南岗' }, admin)).body.id
  );
}

/** Posts listings in batches of at most 1,000 and returns their ids, in the order given. */
async function postAll(h: Harness, admin: string, path: string, items: unknown[]): Promise<string[]> {
  const ids: string[] = [];
  for (const batch of batches(items)) {
    const r = await h.call<{ items: Array<{ id: string }> }>('POST', `${path}/batch`, { items: batch }, admin);
    if (r.status !== 201) throw new Error(`${path}/batch: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
    ids.push(...r.body.items.map((x) => x.id));
  }
  return ids;
}

async function topOf(h: Harness, admin: string, needId: string, limit = 10): Promise<MatchItem[]> {
  const r = await h.call<{ items: MatchItem[] }>('GET', `/needs/${needId}/matches?limit=${limit}`, undefined, admin);
  if (r.status !== 200) throw new Error(`needs/${needId}/matches: ${r.status}`);
  return r.body.items;
}

/** Runs `fn` on a fresh product (API + worker) over its own database and queue prefix; removes both after. */
async function withProduct<T>(
  part: EvalSet,
  fn: (h: Harness, admin: string) => Promise<T>,
  env: Record<string, string> = {},
): Promise<T> {
  const dbName = `techmatch_eval_${part}_${Date.now()}`;
  const queuePrefix = `eval-${part}-${Date.now()}`;
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: process.env.EVAL_DATABASE_URL ?? `${server}/${dbName}`,
    QUEUE_PREFIX: queuePrefix,
    LOG_LEVEL: 'error',
    ...env,
  });
  let h: Harness | null = null;
  try {
    h = await startHarness(config, { worker: true });
    const admin = await scriptAdmin(
      h,
      { email: 'eval-admin@example.org', password: PASSWORD, name: '评测管理员' },
      { kind: 'government', name: '示例评测中心', district: '松北' },
    );
    return await fn(h, admin);
  } finally {
    await h?.close();
    await removeQueueKeys(config.redisUrl, queuePrefix);
    if (!process.env.EVAL_DATABASE_URL) {
      const c = new pg.Client({ connectionString: `${server}/postgres` });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      await c.end();
    }
  }
}

/** The CSL part: returns its section of docs/quality.md and how many test rows missed their targets. */
async function runCsl(h: Harness, admin: string): Promise<{ lines: string[]; failed: number }> {
  const t0 = Date.now();
  const scheme = await h.call('PUT', '/taxonomies/csl', cslScheme(), admin);
  if (scheme.status !== 200) throw new Error(`csl scheme: ${scheme.status}`);
  const orgs = {
    uni: await org(h, admin, 'university', '示例评测大学（CSL 数据）'),
    ent: await org(h, admin, 'enterprise', '示例评测企业'),
  };
  const caps = catalogue();
  const capIds = await postAll(
    h,
    admin,
    '/capabilities',
    caps.map((c) => ({
      organizationId: orgs.uni,
      kind: 'achievement',
      title: c.title,
      description: c.description,
      keywords: c.keywords,
      sectors: c.sectors,
    })),
  );
  const byId = new Map(capIds.map((id, i) => [id, caps[i]]));
  await h.settle();
  log(`catalogue: ${caps.length} capabilities through the API and the worker in ${seconds(t0)}`);

  const versions = new Versions();
  const shippedFloor = shippedModel().floor;
  const rows: Array<{
    split: string;
    setting: Setting;
    phrasing: Phrasing;
    m: Metrics;
    atFloor: { recall10: number; served: number };
    seconds: number;
  }> = [];
  for (const split of splits) {
    for (const setting of ['category', 'none'] as Setting[]) {
      for (const phrasing of ['plain', 'enterprise'] as Phrasing[]) {
        const started = Date.now();
        const list = needs(split, setting, phrasing);
        const needIds = await postAll(
          h,
          admin,
          '/needs',
          list.map((n) => ({
            organizationId: orgs.ent,
            kind: 'technical_problem',
            title: n.title,
            description: n.description,
            sectors: n.sectors,
          })),
        );
        await h.settle();
        const results: Array<{ need: EvalNeed; top: Array<{ ref: string; discipline: string }> }> = [];
        const floored: typeof results = [];
        for (let i = 0; i < needIds.length; i++) {
          const top = await topOf(h, admin, needIds[i]);
          top.forEach((m) => versions.see(m));
          const refs = (list: MatchItem[]) =>
            list.map((m) => byId.get(m.capabilityId)!).map((c) => ({ ref: c.ref, discipline: c.discipline }));
          results.push({ need: list[i], top: refs(top) });
          floored.push({
            need: list[i],
            top: refs(top.filter((m) => (m.explanation?.ranker?.probability ?? 1) >= shippedFloor)),
          });
        }
        // Closed needs keep their matches but leave the index, so each run starts from the same catalogue.
        for (const id of needIds) await h.call('PATCH', `/needs/${id}`, { status: 'closed' }, admin);
        const m = metrics(results);
        const atFloor = {
          recall10: metrics(floored).recall10,
          served: floored.filter((r) => r.top.length).length / (floored.length || 1),
        };
        rows.push({ split, setting, phrasing, m, atFloor, seconds: (Date.now() - started) / 1000 });
        log(
          `  ${split} ${setting} ${phrasing}: R@10 ${m.recall10.toFixed(3)} MRR@10 ${m.mrr10.toFixed(3)} P@10 ${m.precision10.toFixed(3)}` +
            ` · at the floor ${shippedFloor}: R@10 ${atFloor.recall10.toFixed(3)}, needs served ${atFloor.served.toFixed(3)}`,
        );
      }
    }
  }

  const lines = [
    `最近一次运行 Last run: ${today()}，\`EVAL_SETS=csl EVAL_SPLITS=${splits.join(',')}\`；${versions.text()}；` +
      `${int(caps.length)} 项成果 capabilities，${seconds(t0)}。`,
    '',
    `排序按协议测量，相关性下限关闭（\`MATCH_FLOOR=0\`）；最后两列是出厂下限 ${shippedFloor} 下的 Recall@10 与有建议的需求比例。` +
      `The ranking is measured with the floor off; the last two columns show what the shipped floor (${shippedFloor}) keeps.`,
    '',
    '| 划分 split | 需求领域 setting | 措辞 phrasing | Recall@10 | MRR@10 | 同学科 same-discipline P@10 | 目标 target (test) | 需求数 needs | 秒 s | 下限时 R@10 at the floor | 下限时有建议 served at the floor |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  let failed = 0;
  for (const r of rows) {
    const t = TARGETS[r.setting];
    const ok = r.m.recall10 >= t.recall10 && r.m.mrr10 >= t.mrr10 && r.m.precision10 >= t.precision10;
    if (r.split === 'test' && !ok) failed++;
    const verdict = r.split === 'test' ? (ok ? 'met' : 'MISSED') : '(dev: tuning)';
    lines.push(
      `| ${r.split} | ${r.setting === 'category' ? '给出门类 category given' : '无领域 no sector'} | ${r.phrasing} | ${r.m.recall10.toFixed(3)} | ${r.m.mrr10.toFixed(3)} | ${r.m.precision10.toFixed(3)} | ≥${t.recall10} / ≥${t.mrr10} / ≥${t.precision10} ${verdict} | ${r.m.needs} | ${r.seconds.toFixed(0)} | ${r.atFloor.recall10.toFixed(3)} | ${r.atFloor.served.toFixed(3)} |`,
    );
  }
  lines.push('', failed ? `${failed} test rows missed their targets` : 'all test targets met');
  return { lines, failed };
}

const figureRow = (f: JudgedFigures, allWith: number, allNeeds: number, queue: number) =>
  `| ${f.floor} | ${share(f.strict)} (${f.introduce}/${f.judged}) | ${share(f.lenient)} (${f.related}/${f.judged}) | ` +
  `${share(f.recall)} (${f.recalled}/${f.known}) | ${share(f.unjudgedShare)} (${f.shown - f.judged}/${f.shown}) | ` +
  `${f.withSuggestions}/${f.needs} | ${int(allWith)}/${int(allNeeds)} | ${int(queue)} |`;

/** The judged part: returns its section of docs/quality.md. */
async function runJudged(h: Harness, admin: string): Promise<string[]> {
  const t0 = Date.now();
  const judgements = new Judgements();
  const gb = (await h.call<{ codes: SectorCodes }>('GET', '/taxonomies/gbt4754', undefined, admin)).body.codes;
  const inst = await org(h, admin, 'research_institute', '示例评测研究院（技术市场成果）');
  const ent = await org(h, admin, 'enterprise', '示例评测企业（技术市场需求）');

  const achievements = techmarketAchievements();
  const capIds = await postAll(
    h,
    admin,
    '/capabilities',
    achievements.map((a) => techmarketCapability(a, gb, inst)),
  );
  const capRef = new Map(capIds.map((id, i) => [id, achievements[i].id]));
  const capTitle = new Map(achievements.map((a) => [a.id, a.title]));
  await h.settle();
  const catalogueSeconds = seconds(t0);
  log(
    `catalogue: ${achievements.length} technology-market achievements through the API and the worker in ${catalogueSeconds}`,
  );

  // The real needs as they are: their own words, no sector, no keywords.
  const t1 = Date.now();
  const posted = techmarketNeeds().flatMap((n) => {
    const text = techmarketNeedText(n);
    return text ? [{ ref: n.id, ...text }] : [];
  });
  const needIds = await postAll(
    h,
    admin,
    '/needs',
    posted.map((n) => ({ organizationId: ent, kind: 'technical_problem', title: n.title, description: n.description })),
  );
  await h.settle(900_000, (pending) => log(`  matching… ${pending} jobs left`));
  const needsSeconds = seconds(t1);
  log(`needs: ${posted.length} real needs posted and matched in ${needsSeconds}`);

  // What a coordinator is shown: each need's top 10.
  const versions = new Versions();
  const shown = new Map<string, ShownPair[]>();
  let next = 0;
  const readers = Array.from({ length: 4 }, async () => {
    while (next < needIds.length) {
      const i = next++;
      const top = await topOf(h, admin, needIds[i]);
      top.forEach((m) => versions.see(m));
      shown.set(
        posted[i].ref,
        top.map((m) => ({
          capId: capRef.get(m.capabilityId) ?? m.capabilityId,
          score: m.score,
          rank: m.rank,
          band: m.band ?? m.explanation?.band ?? null,
        })),
      );
    }
  });
  await Promise.all(readers);

  // Needs with any suggestion, as the API counts them.
  let countedWith = 0;
  for (let i = 0; i < needIds.length; i += 100) {
    const ids = needIds.slice(i, i + 100);
    const r = await h.call<{ items: Array<{ id: string; counts: Record<string, number> }> }>(
      'GET',
      `/matches/counts?needIds=${ids.join(',')}`,
      undefined,
      admin,
    );
    if (r.status !== 200) throw new Error(`matches/counts: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
    countedWith += r.body.items.filter((x) => (x.counts.suggested ?? 0) > 0).length;
  }
  const queue = async (minScore: number) => {
    const q = minScore > 0 ? `&minScore=${minScore}` : '';
    const r = await h.call<{ total: number }>('GET', `/matches?status=suggested&pageSize=1${q}`, undefined, admin);
    if (r.status !== 200) throw new Error(`matches: ${r.status}`);
    return r.body.total;
  };
  const allWith = (floor: number) => [...shown.values()].filter((l) => l.some((p) => p.score >= floor)).length;

  const missing = judgements.needIds.filter((id) => !shown.has(id));
  if (missing.length) throw new Error(`judged needs not posted: ${missing.join(', ')}`);

  const rows: string[] = [];
  const sweep: JudgedFigures[] = [];
  for (const floor of FLOORS) {
    const f = judgedFigures(judgements, shown, floor);
    sweep.push(f);
    rows.push(figureRow(f, allWith(floor), needIds.length, await queue(floor)));
  }
  const top = sweep[0];
  const bands = bandFigures(judgements, shown);
  // The check set: other needs, judged by the same guide, never trained or tuned on (data/judged-check).
  const check = judgedFigures(new Judgements(judgedCheckLabels(), achievements), shown, 0);

  const unjudged = unjudgedPairs(judgements, shown);
  const needTitle = new Map(posted.map((n) => [n.ref, n.title]));
  writeFileSync(
    UNJUDGED,
    unjudged
      .map(({ needId, pair }) =>
        JSON.stringify({
          needId,
          needTitle: needTitle.get(needId),
          capId: pair.capId,
          capTitle: capTitle.get(pair.capId),
          score: Number(pair.score.toFixed(4)),
          rank: pair.rank,
          ...(pair.band ? { band: pair.band } : {}),
        }),
      )
      .join('\n') + '\n',
  );

  const lines = [
    `最近一次运行 Last run: ${today()}，\`EVAL_SETS=judged\`；${versions.text()}。`,
    `${int(achievements.length)} 项技术市场成果 achievements（${catalogueSeconds}）；${int(posted.length)} 条真实需求 real needs，` +
      `无领域、无关键词 no sector, no keywords（${needsSeconds}）；评判 judged: ${judgements.needIds.length} 条需求 needs、` +
      `${top.known} 个应推荐对 known label-2 pairs。`,
    '',
    '每条需求展示给协调员的前 10 个（仅计已评判的对）/ The top 10 each need shows a coordinator (judged pairs only):',
    '',
    '| 指标 measure | 数值 figure |',
    '|---|---|',
    `| 严格精度 precision, strict (label 2) | ${share(top.strict)} (${top.introduce}/${top.judged}) |`,
    `| 宽松精度 precision, lenient (label ≥ 1) | ${share(top.lenient)} (${top.related}/${top.judged}) |`,
    `| 召回 recall of the known label-2 pairs | ${share(top.recall)} (${top.recalled}/${top.known}) |`,
    `| 未评判比例 unjudged share of the shown pairs | ${share(top.unjudgedShare)} (${top.shown - top.judged}/${top.shown}) |`,
    `| 有建议的评判需求 judged needs with any suggestion | ${top.withSuggestions}/${top.needs} |`,
    `| 有建议的全部需求 all posted needs with any suggestion (\`GET /matches/counts\`) | ${int(countedWith)}/${int(needIds.length)} |`,
    `| 审核队列 review queue on the whole catalogue (\`GET /matches?status=suggested\` → total) | ${int(await queue(0))} |`,
    `| 重复成果 repeated achievements (same title and text) within one need's top 10 | ${top.repeats} |`,
    '',
    `核对集 Check set (\`data/judged-check\`: ${check.needs} 条其他真实需求 other real needs, 同一指南评判 judged by the same guide, ` +
      '从未用于训练或调参 never trained or tuned on; 召回只计引擎自身前 10 中的对 recall counts only pairs the engine itself ranked):',
    '',
    '| 严格精度 strict | 宽松精度 lenient | 召回 recall | 未评判 unjudged | 有建议的需求 needs with suggestions |',
    '|---|---|---|---|---|',
    `| ${share(check.strict)} (${check.introduce}/${check.judged}) | ${share(check.lenient)} (${check.related}/${check.judged}) | ` +
      `${share(check.recall)} (${check.recalled}/${check.known}) | ${share(check.unjudgedShare)} (${check.shown - check.judged}/${check.shown}) | ` +
      `${check.withSuggestions}/${check.needs} |`,
    '',
    "分数下限 Floor on the returned `score` (the simplest floor on today's score):",
    '',
    '| 下限 floor | 严格精度 strict | 宽松精度 lenient | 召回 recall | 未评判 unjudged | 评判需求有建议 judged needs with suggestions | 全部需求有建议 all needs with suggestions | 审核队列 queue (`minScore`) |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
  ];
  if (bands) {
    lines.push(
      "置信档 Bands (judged needs' top 10):",
      '',
      '| 档 band | 展示对 shown pairs | 已评判 judged | 严格 label 2 | 宽松 label ≥ 1 |',
      '|---|---|---|---|---|',
      ...bands.map((b) => `| ${b.band} | ${b.shown} | ${b.judged} | ${share(b.strict)} | ${share(b.lenient)} |`),
      '',
    );
  } else {
    lines.push('置信档 Bands: 匹配项未带 `band` / the match items carry no `band`.', '');
  }
  lines.push(
    `未评判的展示对 Unjudged shown pairs (${unjudged.length}, not in the figures): \`${path.relative(ROOT, UNJUDGED)}\`，供人工抽样评判 for a human to judge a sample.`,
  );
  if (countedWith !== allWith(0)) {
    lines.push(
      '',
      `注意 Note: the per-need reads found ${allWith(0)} needs with suggestions, the counts ${countedWith}.`,
    );
  }
  log(`judged part in ${seconds(t0)}`);
  return lines;
}

const NEW_DOC = `# 匹配质量 Matching quality

由 \`npm run eval\` 生成（方法见 ../shared/docs/EVALUATION.md）；标记之间的内容由评测脚本重写，其余为手写。
Written by \`npm run eval\` (method: ../shared/docs/EVALUATION.md); the text between the markers is rewritten by the
eval, the rest is hand-written.

## 真实需求评判 Judged real matches

${markers('quality-judged').start}
${markers('quality-judged').end}

## CSL 已知项检索 CSL known-item

${markers('quality-csl').start}
${markers('quality-csl').end}
`;

const started = Date.now();
let failed = 0;
for (const part of sets) {
  if (part === 'csl') {
    // The CSL protocol measures the ranking (is the known item near the top, is the rest of the list from the right
    // field), so it runs with the relevance floor off; what the shipped floor keeps is reported beside it.
    const r = await withProduct('csl', runCsl, { MATCH_FLOOR: '0' });
    failed += r.failed;
    log(`\n${r.lines.join('\n')}\n`);
    writeSection(DOC, 'quality-csl', r.lines.join('\n'), { heading: 'CSL 已知项检索 CSL known-item', newDoc: NEW_DOC });
  } else {
    const lines = await withProduct('judged', runJudged);
    log(`\n${lines.join('\n')}\n`);
    writeSection(DOC, 'quality-judged', lines.join('\n'), {
      heading: '真实需求评判 Judged real matches',
      newDoc: NEW_DOC,
    });
  }
}
log(`written: ${path.relative(ROOT, DOC)} · ${seconds(started)} in all`);
process.exit(failed ? 1 : 0);
