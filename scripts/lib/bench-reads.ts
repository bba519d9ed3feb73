// The read side of `npm run bench`: requests people make many times a minute, timed through the real API (in this
// process, over HTTP like any client) on a database of their own seeded straight with SQL, since what is measured
// is the read, not how the rows got there. Each measure seeds what it needs and returns named cases of timings;
// `npm run bench` prints them and writes them to docs/benchmarks.md between the `bench-reads` markers.
// `BENCH_PHASES=reads` runs this part alone (about a minute); `BENCH_READS=review-queue` picks measures by key,
// `BENCH_READS_REQUESTS` sets the requests per case (100), `BENCH_READS_KEEP_DB=true` keeps the seeded database.
//
// To add a measure (e.g. the halls' search): write a ReadMeasure (its `seed` and `run`) and list it in READ_MEASURES.
import pg from 'pg';
import { loadConfig } from '../../src/config/app-config.js';
import { DISTRICTS } from '../../src/common/domain/vocabulary.js';
import { removeQueueKeys } from './queue-keys.js';
import { hallSearch } from './bench-hall.js';
import { ms, percentile } from './figures.js';
import { scriptAdmin, startHarness, type Harness } from './harness.js';

const log = (s: string) => process.stdout.write(`${s}\n`);
const now = () => Number(process.hrtime.bigint()) / 1e6;

/** A deterministic generator (mulberry32): the same seed gives the same requests in every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One kind of request, timed `times.length` times (client side: from sending to the parsed body). */
export interface ReadCase {
  name: string;
  /** The request as the table shows it (one example when the case varies its parameters). */
  request: string;
  times: number[];
}

export interface MeasureResult {
  key: string;
  title: string;
  /** What was seeded, in a sentence. */
  setup: string;
  cases: ReadCase[];
}

export interface ReadsContext {
  h: Harness;
  /** An admin's token (admins act as coordinators). */
  token: string;
  /** How many times each case is timed (after a warm-up). */
  requests: number;
  rand: () => number;
}

export interface ReadMeasure {
  key: string;
  title: string;
  /** Writes the measure's rows; returns the setup sentence for the report. */
  seed: (ctx: ReadsContext) => Promise<string>;
  run: (ctx: ReadsContext) => Promise<ReadCase[]>;
}

const WARM_UP = 5;

/**
 * Times GET requests one after another (one user, no concurrency). `paths` is cycled through: a case that varies
 * its parameters (filter values, pages) gives one path per request. Every answer must be 200.
 */
export async function timeGets(
  ctx: ReadsContext,
  name: string,
  paths: string[] | ((i: number) => string),
  request?: string,
): Promise<ReadCase> {
  const at = (i: number) => (typeof paths === 'function' ? paths(i) : paths[i % paths.length]);
  const times: number[] = [];
  for (let i = -WARM_UP; i < ctx.requests; i++) {
    const path = at(i + WARM_UP);
    const t = now();
    const r = await ctx.h.call('GET', path, undefined, ctx.token);
    const elapsed = now() - t;
    if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${JSON.stringify(r.body).slice(0, 500)}`);
    if (i >= 0) times.push(elapsed);
  }
  return { name, request: request ?? `\`GET ${at(0)}\``, times };
}

// ---------------------------------------------------------------------------------------------------------------
// The review queue: GET /matches on 50,000 matches (BENCH_READS_MATCHES), mostly suggestions.

const MATCHES = Number(process.env.BENCH_READS_MATCHES ?? 50_000);
const MATCHES_PER_NEED = 25;

// Harbin's districts weighted roughly by how many firms and institutes each has (the urban districts first).
const DISTRICT_WEIGHTS: Record<string, number> = {
  南岗: 22,
  道里: 14,
  香坊: 12,
  松北: 12,
  平房: 8,
  道外: 7,
  呼兰: 3,
  阿城: 3,
  双城: 2,
  尚志: 1,
  五常: 1,
  宾县: 1,
  巴彦: 1,
  依兰: 1,
  方正: 1,
  木兰: 1,
  通河: 1,
  延寿: 1,
  outside: 8,
};

const PHRASES = [
  '低温环境下锂离子电池容量衰减',
  '高强度铝合金焊接接头开裂',
  '寒地水稻秸秆综合利用',
  '工业视觉缺陷检测',
  '石墨烯导热薄膜',
  '生物发酵工艺放大',
  '风电叶片无损检测',
  '冷链物流温度监测',
  '中药有效成分提取纯化',
  '数控机床热误差补偿',
  '黑土地保护性耕作',
  '氢燃料电池膜电极',
  '医用高分子材料改性',
  '智能网联汽车测试',
  '乳制品品质快速检测',
  '碳纤维复合材料成型',
];

/** The explanation as the ranker writes it (about 2 KB), with this match's score and band. */
const EXPLANATION = {
  algorithmVersion: 'tm-2026.12.1',
  summary: {
    zh: '需求的“低温锂电池容量衰减”与成果的“耐低温电解液”技术对口，领域相同；技术就绪度略低，故未列为高。',
    en: 'The need’s cold-weather capacity loss meets the low-temperature electrolyte; same sector; a lower TRL keeps it from high.',
  },
  ranker: {
    version: 'rk-2026.12.1',
    probability: 0.61,
    features: {
      keyword: 0.64,
      sector: 1,
      trl: 0.8,
      kind: 1,
      cooperation: 1,
      location: 1,
      bm25: 11.2,
      coverage: 0.5,
      core: 0.67,
      association: 0.2,
      titleOverlap: 0.25,
      duplicate: 0,
    },
    contributions: [
      { feature: 'keyword', labelZh: '关键词', labelEn: 'keywords', value: 0.64, contribution: 1.2 },
      { feature: 'core', labelZh: '核心词', labelEn: 'core terms', value: 0.67, contribution: 0.8 },
      { feature: 'sector', labelZh: '领域', labelEn: 'sector', value: 1, contribution: 0.5 },
      { feature: 'trl', labelZh: '技术就绪度', labelEn: 'TRL', value: 0.8, contribution: -0.3 },
      { feature: 'location', labelZh: '地域', labelEn: 'location', value: 1, contribution: 0.1 },
    ],
  },
  associations: [{ needTerm: '锂电池', capabilityTerm: '电解液', strength: 0.62 }],
  keyword: {
    score: 0.64,
    weight: 0.7,
    core: [
      { term: '低温', met: true },
      { term: '锂电池', met: true },
      { term: '容量衰减', met: false },
    ],
    terms: [
      { term: '电解液', weight: 5.2, contribution: 0.31 },
      { term: '低温', weight: 3.9, contribution: 0.22 },
      { term: '锂电池', weight: 4.4, contribution: 0.18 },
      { term: '容量', weight: 2.1, contribution: 0.07 },
      { term: '循环', weight: 1.8, contribution: 0.05 },
      { term: '放电', weight: 1.6, contribution: 0.04 },
    ],
  },
  sector: {
    score: 1,
    weight: 0.3,
    matched: [{ need: 'hitech:0603', capability: 'hitech:0603', relation: 'same', credit: 1 }],
    inferred: [],
  },
  factors: {
    kind: { value: 1, reason: '技术难题 ↔ 科技成果 / technical problem ↔ achievement' },
    cooperation: { value: 1, reason: '合作方式相符 / cooperation modes meet' },
    trl: { value: 0.97, reason: '技术就绪度 6 / TRL 6' },
    location: { value: 1, reason: '同在哈尔滨 / both in Harbin' },
  },
};

async function seedReviewQueue(ctx: ReadsContext): Promise<string> {
  const db = ctx.h.db;
  const needs = Math.ceil(MATCHES / MATCHES_PER_NEED);
  const capabilities = needs * 4;
  const orgs = Math.max(20, Math.round(needs / 20));
  // The shipped sector schemes (seeded by the API at its first start); listings carry codes of either level.
  const codes = (
    await db.query<Array<{ ref: string }>>(
      `SELECT scheme || ':' || code AS ref FROM taxonomy_codes WHERE scheme IN ('hitech', 'gbt4754') ORDER BY 1`,
    )
  ).map((r) => r.ref);
  if (!codes.length) throw new Error('no sector codes: the API seeds the shipped schemes at its first start');
  const districts: string[] = [];
  for (const d of DISTRICTS) for (let i = 0; i < (DISTRICT_WEIGHTS[d] ?? 1); i++) districts.push(d);
  const t0 = now();
  await db.query(
    `INSERT INTO organizations (kind, name, district, contact)
     SELECT CASE WHEN i % 3 = 0 THEN 'university' WHEN i % 3 = 1 THEN 'enterprise' ELSE 'research_institute' END
              ::organization_kind,
            '基准读测机构 ' || i, ($2::text[])[1 + (i * 7) % cardinality($2::text[])]::district,
            jsonb_build_object('person', '联系人' || i, 'phone', '0451-8' || lpad(i::text, 7, '0'), 'email', 'o' || i || '@example.org')
       FROM generate_series(1, $1::int) i`,
    [orgs, districts],
  );
  // Needs and capabilities: one to three sectors (a tenth of needs none), a weighted district, descriptions of
  // 200–1,500 characters made of the phrases, created over the last 180 days.
  const listing = (table: 'needs' | 'capabilities', ownerKinds: string, kind: string, extra: string) => `
    WITH o AS (SELECT array_agg(id ORDER BY name) AS ids FROM organizations WHERE kind IN (${ownerKinds}))
    INSERT INTO ${table} (organization_id, kind, title, description, sectors, keywords, district, created_at, updated_at${extra ? `, ${extra.split('|')[0]}` : ''})
    SELECT o.ids[1 + (i * 13) % cardinality(o.ids)], ${kind},
           ($2::text[])[1 + i % cardinality($2::text[])] || '（${table === 'needs' ? '需求' : '成果'} ' || i || '）',
           repeat(($2::text[])[1 + (i * 5) % cardinality($2::text[])] || '，' || ($2::text[])[1 + (i * 11) % cardinality($2::text[])] || '。', 5 + i % 40),
           CASE WHEN ${table === 'needs' ? 'i % 10 = 0' : 'false'} THEN '{}'::text[]
                ELSE ARRAY(SELECT ($3::text[])[1 + ((i * 31 + k * 17) * 2654435761::bigint % cardinality($3::text[]))::int]
                             FROM generate_series(1, 1 + i % 3) k) END,
           ARRAY[($2::text[])[1 + (i * 3) % cardinality($2::text[])], ($2::text[])[1 + (i * 7) % cardinality($2::text[])]],
           ($4::text[])[1 + ((i * 2654435761::bigint) % cardinality($4::text[]))::int]::district,
           now() - make_interval(secs => (i * 7919 % 15552000)), now() - make_interval(secs => (i * 7919 % 15552000))
           ${extra ? `, ${extra.split('|')[1]}` : ''}
      FROM generate_series(1, $1::int) i, o`;
  await db.query(
    listing(
      'needs',
      `'enterprise'`,
      `(ARRAY['technical_problem','technical_problem','technical_problem','joint_rnd','testing','talent','equipment_access'])[1 + i % 7]::need_kind`,
      `visibility|CASE WHEN i % 8 = 0 THEN 'restricted' ELSE 'public' END::visibility`,
    ),
    [needs, PHRASES, codes, districts],
  );
  await db.query(
    listing(
      'capabilities',
      `'university', 'research_institute'`,
      `(ARRAY['achievement','achievement','patent','expertise','equipment','service','platform'])[1 + i % 7]::capability_kind`,
      `trl, max_active_introductions|1 + i % 9, CASE WHEN i % 5 = 0 THEN 3 END`,
    ),
    [capabilities, PHRASES, codes, districts],
  );
  // Each need's matches: MATCHES_PER_NEED distinct capabilities, scores skewed low (as above a relevance floor),
  // ranked within the need; the band follows the score (a twentieth are from before bands). Statuses as in a queue
  // that is being worked: most suggested, some reviewed, a few introductions in progress or done.
  await db.query(
    `CREATE TEMP TABLE bench_n AS SELECT id, sectors, district, created_at, row_number() OVER (ORDER BY id) - 1 AS i FROM needs;
     CREATE TEMP TABLE bench_c AS SELECT id, sectors, district, row_number() OVER (ORDER BY id) - 1 AS i FROM capabilities`,
  );
  await db.query(
    `WITH pairs AS (
       SELECT n.id AS need_id, c.id AS capability_id, n.created_at AS need_created,
              n.sectors || c.sectors AS sectors, ARRAY[n.district::text, c.district::text] AS districts,
              0.12 + 0.85 * power(random(), 1.8) AS score, random() AS r, random() AS r2
         FROM bench_n n
         CROSS JOIN generate_series(1, $1::int) k
         JOIN bench_c c ON c.i = (n.i * 7919 + k * 104729) % (SELECT count(*) FROM bench_c)),
     ranked AS (
       SELECT *, row_number() OVER (PARTITION BY need_id ORDER BY score DESC) AS rank,
              CASE WHEN r < 0.85 THEN 'suggested' WHEN r < 0.91 THEN 'approved' WHEN r < 0.96 THEN 'rejected'
                   WHEN r < 0.98 THEN 'introduced' WHEN r < 0.99 THEN 'negotiating' WHEN r < 0.995 THEN 'contracted'
                   ELSE 'closed_no_deal' END AS status
         FROM pairs)
     INSERT INTO matches (need_id, capability_id, score, rank, status, explanation, algorithm_version, band,
                          reject_reason, reviewed_at, introduced_at, closed_at, close_reason, contract_mode,
                          contract_amount_cny, contract_signed_on, created_at, updated_at, listing_sector_keys,
                          listing_districts)
     SELECT need_id, capability_id, score, rank, status::match_status,
            $2::jsonb || jsonb_build_object('score', round(score::numeric, 3),
                                            'band', CASE WHEN r2 < 0.05 THEN NULL WHEN score >= 0.55 THEN 'high'
                                                         WHEN score >= 0.35 THEN 'medium' ELSE 'low' END),
            'tm-2026.12.1',
            CASE WHEN r2 < 0.05 THEN NULL WHEN score >= 0.55 THEN 'high' WHEN score >= 0.35 THEN 'medium' ELSE 'low' END,
            CASE WHEN status = 'rejected' THEN (ARRAY['not_relevant','stage_mismatch','unclear_need','other'])[1 + (r2 * 40)::int % 4] END,
            CASE WHEN status <> 'suggested' THEN need_created + interval '3 days' END,
            CASE WHEN status IN ('introduced', 'negotiating', 'contracted', 'closed_no_deal') THEN need_created + interval '5 days' END,
            CASE WHEN status IN ('contracted', 'closed_no_deal') THEN need_created + interval '30 days' END,
            CASE WHEN status = 'closed_no_deal' THEN 'price' END,
            CASE WHEN status = 'contracted' THEN 'license' END,
            CASE WHEN status = 'contracted' THEN 500000 END,
            CASE WHEN status = 'contracted' THEN (need_created + interval '30 days')::date END,
            need_created + make_interval(secs => r * 3600), need_created + make_interval(secs => r * 3600),
            ARRAY(SELECT hashtextextended(s, 0) FROM unnest(sectors) s), districts
       FROM ranked`,
    [MATCHES_PER_NEED, JSON.stringify(EXPLANATION)],
  );
  await db.query(`DROP TABLE bench_n; DROP TABLE bench_c`);
  // A running install's tables have statistics and visibility maps (autovacuum); a freshly seeded one does not,
  // and this machine's PostgreSQL may run with autovacuum off. Measure the steady state.
  await db.query('VACUUM ANALYZE');
  const [{ n, suggested }] = await db.query<Array<{ n: number; suggested: number }>>(
    `SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'suggested')::int AS suggested FROM matches`,
  );
  log(`  review queue: seeded ${n} matches (${suggested} suggested) in ${((now() - t0) / 1000).toFixed(1)} s`);
  return (
    `${n.toLocaleString('en')} matches (${suggested.toLocaleString('en')} suggested) between ` +
    `${needs.toLocaleString('en')} needs and ${capabilities.toLocaleString('en')} capabilities of ${orgs} organisations, ` +
    `${MATCHES_PER_NEED} per need; sectors from the shipped schemes, districts weighted towards the urban ones`
  );
}

interface QueuePage {
  items: unknown[];
  total: number;
  nextCursor?: string | null;
}

async function runReviewQueue(ctx: ReadsContext): Promise<ReadCase[]> {
  const { h, token, rand } = ctx;
  const total = async (query: string) => {
    const r = await h.call<QueuePage>('GET', `/matches?${query}&pageSize=1`, undefined, token);
    if (r.status !== 200) throw new Error(`GET /matches?${query}: ${r.status}`);
    return r.body.total;
  };
  // The sector filters people use: a top-level category (its sub-sectors included), and single second-level codes.
  const [top, second] = await Promise.all(
    [`parent IS NULL`, `parent IS NOT NULL`].map(async (where) =>
      (
        await h.db.query<Array<{ ref: string }>>(
          `SELECT 'hitech:' || code AS ref FROM taxonomy_codes WHERE scheme = 'hitech' AND ${where} ORDER BY code`,
        )
      ).map((r) => encodeURIComponent(r.ref)),
    ),
  );
  const districts = ['南岗', '道里', '松北', '平房', '呼兰', '五常'].map(encodeURIComponent);
  const pages = Math.ceil((await total('')) / 20);
  const deep = (i: number) => Math.max(1, Math.floor(pages / 2 + (pages / 2) * ((i * 0.618) % 1)));
  const cases: ReadCase[] = [];
  const add = async (name: string, paths: string[] | ((i: number) => string), request?: string) => {
    const c = await timeGets(ctx, name, paths, request);
    log(`    ${name}: p50 ${ms(percentile(c.times, 50))} ms, p99 ${ms(percentile(c.times, 99))} ms`);
    cases.push(c);
  };
  await add('first page, no filter', ['/matches']);
  await add(
    'sector, a category',
    top.map((s) => `/matches?sector=${s}`),
    `\`GET /matches?sector=hitech:01\` (the ${top.length} categories in turn)`,
  );
  await add(
    'sector, one code',
    second.map((s) => `/matches?sector=${s}`),
    `\`GET /matches?sector=hitech:0101\` (${second.length} codes in turn)`,
  );
  await add(
    'district',
    districts.map((d) => `/matches?district=${d}`),
    `\`GET /matches?district=南岗\` (${districts.length} districts in turn)`,
  );
  await add(
    'minScore',
    ['0.3', '0.5', '0.7'].map((s) => `/matches?minScore=${s}`),
    '`GET /matches?minScore=0.3` (0.3, 0.5, 0.7)',
  );
  await add(
    'band',
    ['/matches?band=high', '/matches?band=high,medium', '/matches?band=low'],
    '`GET /matches?band=high` (high; high,medium; low)',
  );
  for (const sort of ['score', '-createdAt', 'createdAt', 'band']) await add(`sort=${sort}`, [`/matches?sort=${sort}`]);
  await add(
    'sector + district + minScore',
    top.map((s, i) => `/matches?sector=${s}&district=${districts[i % districts.length]}&minScore=0.4`),
    '`GET /matches?sector=hitech:01&district=南岗&minScore=0.4`',
  );
  await add(
    'deep pages (page=), no filter',
    (i) => `/matches?page=${deep(i)}`,
    `\`GET /matches?page=…\` (random pages in the second half of ${pages})`,
  );
  const districtPages = Math.ceil((await total(`district=${districts[0]}`)) / 20);
  await add(
    'deep pages (page=), district',
    () =>
      `/matches?district=${districts[0]}&page=${Math.max(1, Math.floor(districtPages / 2 + (districtPages / 2) * rand()))}`,
    `\`GET /matches?district=南岗&page=…\` (second half of ${districtPages} pages)`,
  );
  await add(
    'deep pages (page=), sort=-createdAt',
    (i) => `/matches?sort=-createdAt&page=${deep(i + 7)}`,
    `\`GET /matches?sort=-createdAt&page=…\``,
  );
  // Keyset paging, where the API offers it: pages reached by following `nextCursor` from the start, timed at
  // cursors from the second half of the queue.
  const probe = await h.call<QueuePage>('GET', '/matches?pageSize=1', undefined, token);
  if (probe.body.nextCursor !== undefined) {
    for (const [label, query] of [
      ['no filter', ''],
      ['district', `district=${districts[0]}&`],
      ['sort=-createdAt', 'sort=-createdAt&'],
    ] as const) {
      const cursors: string[] = [];
      let cursor: string | null | undefined = undefined;
      do {
        const r: { status: number; body: QueuePage } = await h.call<QueuePage>(
          'GET',
          `/matches?${query}pageSize=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          undefined,
          token,
        );
        if (r.status !== 200) throw new Error(`cursor walk: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
        cursor = r.body.nextCursor;
        if (cursor) cursors.push(cursor);
      } while (cursor);
      const half = cursors.slice(Math.floor(cursors.length / 2));
      await add(
        `deep pages (cursor=), ${label}`,
        () => `/matches?${query}cursor=${encodeURIComponent(half[Math.floor(rand() * half.length)])}`,
        `\`GET /matches?${decodeURIComponent(query)}cursor=…\` (cursors from the second half, by following \`nextCursor\`)`,
      );
    }
  }
  return cases;
}

export const reviewQueue: ReadMeasure = {
  key: 'review-queue',
  title: '审核队列 The review queue (`GET /matches`)',
  seed: seedReviewQueue,
  run: runReviewQueue,
};

// ---------------------------------------------------------------------------------------------------------------
// The run and its report.

export const READ_MEASURES: ReadMeasure[] = [reviewQueue, hallSearch];

export interface ReadsReport {
  measures: MeasureResult[];
  requests: number;
  seconds: number;
}

/**
 * Seeds and times each measure (BENCH_READS picks some by key) on a database and queue prefix of its own, both
 * removed at the end. The API runs in this process without a worker: nothing is matched while it is measured.
 */
export async function benchReads(opts: { server: string; redisUrl: string }): Promise<ReadsReport> {
  const picked = process.env.BENCH_READS?.split(',');
  const measures = READ_MEASURES.filter((m) => !picked || picked.includes(m.key));
  const requests = Number(process.env.BENCH_READS_REQUESTS ?? 100);
  const started = now();
  const stamp = Date.now();
  const dbName = `techmatch_bench_reads_${stamp}`;
  const queuePrefix = `bench-reads-${stamp}`;
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: `${opts.server}/${dbName}`,
    REDIS_URL: opts.redisUrl,
    QUEUE_PREFIX: queuePrefix,
    LOG_LEVEL: 'error',
    NODE_ENV: 'development',
    // One client timing requests back to back: the halls' per-address limit would answer 429 after 300.
    HALL_RATE_LIMIT: '0',
  });
  let h: Harness | null = null;
  const out: MeasureResult[] = [];
  try {
    h = await startHarness(config, { worker: false });
    const token = await scriptAdmin(
      h,
      { email: 'bench-reads-admin@example.org', password: 'Bench-Reads-2026!', name: '读性能基准管理员' },
      { kind: 'government', name: '示例读性能基准中心', district: '松北' },
    );
    for (const m of measures) {
      log(`\n${m.title}`);
      const ctx: ReadsContext = { h, token, requests, rand: seeded(20261127) };
      const setup = await m.seed(ctx);
      out.push({ key: m.key, title: m.title, setup, cases: await m.run(ctx) });
    }
  } finally {
    await h?.close();
    if (process.env.BENCH_READS_KEEP_DB === 'true') {
      log(`  kept the database ${dbName} (BENCH_READS_KEEP_DB): drop it when done`);
    } else {
      const c = new pg.Client({ connectionString: `${opts.server}/postgres` });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      await c.end();
    }
    await removeQueueKeys(opts.redisUrl, queuePrefix);
  }
  return { measures: out, requests, seconds: (now() - started) / 1000 };
}

/** The report as the `bench-reads` section of docs/benchmarks.md. */
export function readsSection(r: ReadsReport, machine: string): string {
  const lines: string[] = [
    `Each case: ${r.requests} requests one after another through the API in the bench process (after 5 to warm up), ` +
      'timed from sending to the parsed body; pageSize 20. 每种请求顺序发送，客户端计时。',
    '',
  ];
  for (const m of r.measures) {
    lines.push(`### ${m.title}`, '', `${m.setup}.`, '', '| case | request | p50 ms | p99 ms |', '|---|---|---|---|');
    for (const c of m.cases) {
      lines.push(`| ${c.name} | ${c.request} | ${ms(percentile(c.times, 50))} | ${ms(percentile(c.times, 99))} |`);
    }
    lines.push('');
  }
  lines.push(`Machine: ${machine}. Run time ${(r.seconds / 60).toFixed(1)} min.`);
  return lines.join('\n');
}
