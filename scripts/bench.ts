// `npm run bench`: the speed-and-scale protocol of EVALUATION.md. For each catalogue size N (BENCH_SIZES, default
// 10000,100000) it times, on one synthetic catalogue (CSL abstract sentences recombined within a discipline):
//   1. the index the worker runs (ranking one need, placing one capability among 1,000 open needs), and the peers
//      on the very same terms: brute force, PostgreSQL full text (GIN, ts_rank_cd) and Xapian (BM25);
//   2. the product's own path: ingest through the batch API, end to end from POST /needs to readable matches, a full
//      rematch of 1,000 needs with one and then two worker processes, and the workers' peak memory.
//   3. the reads people make all day (the review queue, …) through the API on seeded data: scripts/lib/bench-reads.ts.
// Prints a table per N, checks the targets of issue 5 at N = 100k, and writes docs/benchmarks.md.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadConfig } from '../src/config/app-config.js';
import { CatalogIndex } from '../src/modules/matching/index/catalog-index.js';
import { capabilityProfile, needProfile, type NeedProfile } from '../src/modules/matching/scoring/profiles.js';
import {
  bruteForce,
  occurrences,
  postgresPeer,
  PYTHON,
  xapianAvailable,
  xapianPeer,
  type PeerResult,
} from './lib/bench-peers.js';
import { benchReads, readsSection } from './lib/bench-reads.js';
import { ms, percentile } from './lib/figures.js';
import { cslScheme, ROOT } from './lib/datasets.js';
import { replaceSection } from './lib/doc-section.js';
import { removeQueueKeys } from './lib/queue-keys.js';
import { batches, scriptAdmin, startHarness, type Harness } from './lib/harness.js';
import { syntheticCatalogue, syntheticNeedTitles, type SyntheticCapability } from './lib/synthetic.js';

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);
const PG_QUERIES = Number(process.env.BENCH_PG_QUERIES ?? 100);
const REMATCH_NEEDS = Number(process.env.BENCH_REMATCH_NEEDS ?? 1000);
const E2E_NEEDS = Number(process.env.BENCH_E2E_NEEDS ?? 100);
const SERVER = process.env.BENCH_PG_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const WRITE_DOC = process.env.BENCH_WRITE_DOC !== 'false';
// For working on one part: BENCH_PHASES=index, product or reads (the full run does all three).
const PHASES = new Set((process.env.BENCH_PHASES ?? 'index,product,reads').split(','));
const PASSWORD = 'Bench-Pass-2026!';

const log = (s: string) => process.stdout.write(`${s}\n`);
const now = () => Number(process.hrtime.bigint()) / 1e6;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const ratio = (peer: number, ours: number) => `${(peer / ours).toFixed(peer / ours >= 10 ? 0 : 2)}×`;

interface SizeResult {
  n: number;
  indexSeconds: number;
  indexRssMb: number;
  rank: number[];
  place: number[];
  brute: PeerResult;
  postgres: PeerResult;
  xapian: PeerResult | null;
  ingestSeconds: number;
  settleSeconds: number;
  e2e: number[];
  rematch1: number;
  rematch2: number;
  workerPeakMb: number[];
}

// ---------------------------------------------------------------------------------------------------------------
// 1. The index and its peers, in this process, on identical terms.

function capabilityFields(c: SyntheticCapability, i: number) {
  return {
    id: `c${i}`,
    version: 1,
    organizationId: 'bench',
    kind: 'achievement' as const,
    status: 'active' as const,
    title: c.title,
    description: c.description,
    keywords: c.keywords,
    sectors: c.sectors,
    cooperationModes: [],
    trl: null,
    district: '南岗' as const,
  };
}

function needFields(title: string, i: number) {
  return {
    id: `n${i}`,
    version: 1,
    organizationId: 'bench',
    kind: 'technical_problem' as const,
    status: 'open' as const,
    title,
    description: title,
    keywords: [],
    sectors: [],
    cooperationModes: [],
    district: '平房' as const,
  };
}

async function indexAndPeers(caps: SyntheticCapability[], titles: string[], r: Partial<SizeResult>): Promise<void> {
  const parents = new Map(
    cslScheme()
      .codes.filter((c) => c.parent)
      .map((c) => [`csl:${c.code}`, `csl:${c.parent}`]),
  );
  const index = new CatalogIndex();
  index.setSectorTree((ref) => parents.get(ref) ?? null);
  const rssBefore = process.memoryUsage().rss;
  const t0 = now();
  const profiles = caps.map((c, i) => capabilityProfile(capabilityFields(c, i)));
  for (const p of profiles) index.putCapability(p);
  r.indexSeconds = (now() - t0) / 1000;
  r.indexRssMb = (process.memoryUsage().rss - rssBefore) / 1e6;
  log(`  index: ${caps.length} capabilities analysed and indexed in ${r.indexSeconds.toFixed(1)} s`);

  const needs: NeedProfile[] = titles.map((t, i) => needProfile(needFields(t, i)));
  const queries = needs.slice(0, QUERIES);
  for (const nd of queries.slice(0, 20)) index.rank(nd);
  r.rank = queries.map((nd) => {
    const t = now();
    index.rank(nd);
    return now() - t;
  });
  // Placing a capability: the open needs are those of the rematch.
  for (const nd of needs) index.putNeed(nd);
  const placed = Array.from({ length: QUERIES }, (_, i) => `c${(i * 7919) % caps.length}`);
  for (const id of placed.slice(0, 20)) index.needsFor(id);
  r.place = placed.map((id) => {
    const t = now();
    index.needsFor(id);
    return now() - t;
  });
  log(
    `  ours: rank p50 ${ms(percentile(r.rank, 50))} ms p99 ${ms(percentile(r.rank, 99))} ms · place p50 ${ms(percentile(r.place, 50))} ms`,
  );

  const queryTerms = queries.map((nd) => index.contextFor(nd)?.query ?? []);
  const docs = profiles.map((p) => {
    let length = 0;
    for (const tf of p.terms.values()) length += tf;
    return { terms: p.terms, length };
  });
  r.brute = bruteForce(docs, queryTerms);
  log(`  brute force: p50 ${ms(percentile(r.brute.times, 50))} ms`);

  const streams = profiles.map((p) => occurrences(p.terms));
  const termLists = queryTerms.map((q) => q.map((t) => t.term));
  const unavailable = await xapianAvailable();
  if (unavailable) {
    log(`  Xapian: skipped (${unavailable}; install Debian's python3-xapian for ${PYTHON})`);
    r.xapian = null;
  } else {
    r.xapian = await xapianPeer(streams, termLists);
    log(`  Xapian: indexed in ${(r.xapian.indexMs / 1000).toFixed(1)} s, p50 ${ms(percentile(r.xapian.times, 50))} ms`);
  }
  r.postgres = await postgresPeer(SERVER, streams, termLists.slice(0, PG_QUERIES));
  log(
    `  PostgreSQL: indexed in ${(r.postgres.indexMs / 1000).toFixed(1)} s, p50 ${ms(percentile(r.postgres.times, 50))} ms`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// 2. The product: API in this process, workers as processes of their own, a database and queue prefix of its own.

interface Worker {
  child: ChildProcess;
  loaded: Promise<void>;
}

function startWorker(env: NodeJS.ProcessEnv): Worker {
  // Started as `npm run start:worker` starts it: with its heap limit (WORKER_MAX_HEAP_MB, default 1024).
  const heapLimit = `--max-old-space-size=${process.env.WORKER_MAX_HEAP_MB ?? 1024}`;
  const child = spawn(process.execPath, [heapLimit, path.join(ROOT, 'dist', 'src', 'worker.js')], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let buffered = '';
  const loaded = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (b: Buffer) => {
      buffered = (buffered + b.toString()).slice(-100_000);
      if (buffered.includes('"catalogue loaded"')) resolve();
    });
    child.stderr.on('data', (b: Buffer) => (buffered = (buffered + b.toString()).slice(-100_000)));
    child.on('exit', (code) => reject(new Error(`worker exited with ${code}: ${buffered.slice(-1000)}`)));
  });
  loaded.catch(() => undefined);
  return { child, loaded };
}

/** Peak (VmHWM) or current (VmRSS) resident memory of a process, MB. */
function rssMb(pid: number, which: 'VmHWM' | 'VmRSS' = 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`${which}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return kb / 1024;
}
const memory = (w: Worker) =>
  `worker now ${rssMb(w.child.pid!, 'VmRSS').toFixed(0)} MB, peak ${rssMb(w.child.pid!).toFixed(0)} MB`;

async function stopWorker(w: Worker): Promise<void> {
  if (w.child.exitCode !== null) return;
  const exited = new Promise((r) => w.child.once('exit', r));
  w.child.kill('SIGTERM');
  await Promise.race([exited, sleep(10_000)]);
  if (w.child.exitCode === null) w.child.kill('SIGKILL');
}

async function rematch(h: Harness, token: string, needIds: string[]): Promise<number> {
  const t0 = now();
  const r = await h.call<{ jobId: string }>('POST', '/matching/rematch', { needIds }, token);
  if (r.status !== 202) throw new Error(`rematch: ${r.status} ${JSON.stringify(r.body)}`);
  for (;;) {
    const s = await h.call<{ state: string; error: string | null }>(
      'GET',
      `/matching/jobs/${r.body.jobId}`,
      undefined,
      token,
    );
    if (s.body.state === 'completed') return (now() - t0) / 1000;
    if (s.body.state === 'failed') throw new Error(`rematch failed: ${s.body.error}`);
    await sleep(50);
  }
}

async function productPath(caps: SyntheticCapability[], titles: string[], r: Partial<SizeResult>): Promise<void> {
  const stamp = Date.now();
  const dbName = `techmatch_bench_${stamp}`;
  const env = {
    ...process.env,
    DATABASE_URL: `${SERVER}/${dbName}`,
    REDIS_URL,
    QUEUE_PREFIX: `bench-${stamp}`,
    LOG_LEVEL: 'info',
    NODE_ENV: 'development',
  };
  const config = loadConfig({ ...env, LOG_LEVEL: 'error' });
  const h = await startHarness(config, { worker: false });
  const workers: Worker[] = [];
  try {
    workers.push(startWorker(env));
    await workers[0].loaded;
    const admin = await scriptAdmin(
      h,
      { email: 'bench-admin@example.org', password: PASSWORD, name: '基准测试管理员' },
      { kind: 'government', name: '示例基准测试中心', district: '松北' },
    );
    if ((await h.call('PUT', '/taxonomies/csl', cslScheme(), admin)).status !== 200) throw new Error('csl scheme');
    const org = async (kind: string, name: string) =>
      (await h.call<{ id: string }>('POST', '/organizations', { kind, name, district: '南岗' }, admin)).body.id;
    const uni = await org('university', '示例基准测试大学（CSL 数据合成）');
    const ent = await org('enterprise', '示例基准测试企业');

    // Ingest: two batch requests in flight, as a client with a large spreadsheet would send them.
    const t0 = now();
    const queue = batches(
      caps.map((c) => ({
        organizationId: uni,
        kind: 'achievement',
        title: c.title,
        description: c.description,
        keywords: c.keywords,
        sectors: c.sectors,
      })),
    );
    let next = 0;
    const sender = async () => {
      while (next < queue.length) {
        const batch = queue[next++];
        const res = await h.call('POST', '/capabilities/batch', { items: batch }, admin);
        if (res.status !== 201) throw new Error(`capabilities/batch: ${res.status} ${JSON.stringify(res.body)}`);
      }
    };
    await Promise.all([sender(), sender()]);
    r.ingestSeconds = (now() - t0) / 1000;
    await h.settle();
    r.settleSeconds = (now() - t0) / 1000;
    log(
      `  ingest: ${caps.length} capabilities through POST /capabilities/batch in ${r.ingestSeconds.toFixed(1)} s, ` +
        `indexed by the worker after ${r.settleSeconds.toFixed(1)} s (${memory(workers[0])})`,
    );

    // End to end: one need at a time, from POST /needs returning to GET /needs/:id/matches showing its ranking (its
    // suggestions, or 暂无合适匹配 when nothing cleared the floor).
    r.e2e = [];
    for (const title of titles.slice(0, E2E_NEEDS)) {
      const created = await h.call<{ id: string }>(
        'POST',
        '/needs',
        { organizationId: ent, kind: 'technical_problem', title, description: title },
        admin,
      );
      if (created.status !== 201) throw new Error(`needs: ${created.status} ${JSON.stringify(created.body)}`);
      const t = now();
      for (;;) {
        const m = await h.call<{ items: unknown[]; ranking?: { state: string } }>(
          'GET',
          `/needs/${created.body.id}/matches?limit=20`,
          undefined,
          admin,
        );
        if (m.body.items.length || (m.body.ranking && m.body.ranking.state !== 'pending')) break;
        if (now() - t > 30_000) throw new Error(`need ${created.body.id} not ranked after 30 s`);
        await sleep(2);
      }
      r.e2e.push(now() - t);
      // Closed at once, so the rematch below ranks exactly its own needs.
      await h.call('PATCH', `/needs/${created.body.id}`, { status: 'closed' }, admin);
    }
    await h.settle();
    log(
      `  end to end: p50 ${ms(percentile(r.e2e, 50))} ms p99 ${ms(percentile(r.e2e, 99))} ms over ${r.e2e.length} needs (${memory(workers[0])})`,
    );

    // Full rematch of M needs, with one worker process and then two.
    const needIds: string[] = [];
    for (const batch of batches(
      titles.slice(0, REMATCH_NEEDS).map((title) => ({
        organizationId: ent,
        kind: 'technical_problem',
        title,
        description: title,
      })),
    )) {
      const res = await h.call<{ items: Array<{ id: string }> }>('POST', '/needs/batch', { items: batch }, admin);
      if (res.status !== 201) throw new Error(`needs/batch: ${res.status}`);
      needIds.push(...res.body.items.map((x) => x.id));
    }
    await h.settle();
    r.rematch1 = await rematch(h, admin, needIds);
    log(`  rematch ${needIds.length} × ${caps.length}, 1 worker: ${r.rematch1.toFixed(1)} s (${memory(workers[0])})`);
    workers.push(startWorker(env));
    await workers[1].loaded;
    r.rematch2 = await rematch(h, admin, needIds);
    log(`  rematch ${needIds.length} × ${caps.length}, 2 workers: ${r.rematch2.toFixed(1)} s`);
    r.workerPeakMb = workers.map((w) => rssMb(w.child.pid!));
    log(`  worker peak RSS: ${r.workerPeakMb.map((m) => `${m.toFixed(0)} MB`).join(', ')}`);
  } finally {
    for (const w of workers) await stopWorker(w);
    await h.close();
    const c = new pg.Client({ connectionString: `${SERVER}/postgres` });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await c.end();
    await removeQueueKeys(REDIS_URL, env.QUEUE_PREFIX);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Report.

function table(r: SizeResult): string[] {
  const ours = percentile(r.rank, 50);
  const peer = (p: PeerResult | null) =>
    p
      ? `${ms(percentile(p.times, 50))} / ${ms(percentile(p.times, 99))} (${ratio(percentile(p.times, 50), ours)})`
      : 'n/a';
  return [
    `### N = ${r.n.toLocaleString('en')} capabilities`,
    '',
    '| ranking one need (ms, p50 / p99) | ours | brute force | PostgreSQL GIN + ts_rank_cd | Xapian BM25 |',
    '|---|---|---|---|---|',
    `| need → capabilities | ${ms(ours)} / ${ms(percentile(r.rank, 99))} | ${peer(r.brute)} | ${peer(r.postgres)} | ${peer(r.xapian)} |`,
    '',
    '| measure | figure |',
    '|---|---|',
    `| capability → ${REMATCH_NEEDS} open needs (in the worker), p50 / p99 | ${ms(percentile(r.place, 50))} / ${ms(percentile(r.place, 99))} ms |`,
    `| end to end, \`POST /needs\` returned → matches readable, p50 / p99 (${r.e2e.length} needs) | ${ms(percentile(r.e2e, 50))} / ${ms(percentile(r.e2e, 99))} ms |`,
    `| rematch ${REMATCH_NEEDS} needs × ${r.n.toLocaleString('en')}, 1 worker process | ${r.rematch1.toFixed(1)} s (${Math.round((REMATCH_NEEDS * r.n) / r.rematch1).toLocaleString('en')} pairs/s) |`,
    `| rematch ${REMATCH_NEEDS} needs × ${r.n.toLocaleString('en')}, 2 worker processes | ${r.rematch2.toFixed(1)} s (${Math.round((REMATCH_NEEDS * r.n) / r.rematch2).toLocaleString('en')} pairs/s) |`,
    `| worker peak RSS (VmHWM) | ${r.workerPeakMb.map((m) => `${m.toFixed(0)} MB`).join(' / ')} |`,
    `| ingest through \`POST /capabilities/batch\` (1,000 per request, 2 in flight) | ${r.ingestSeconds.toFixed(1)} s (${Math.round(r.n / r.ingestSeconds)}/s); in the worker's index after ${r.settleSeconds.toFixed(1)} s |`,
    `| index build in process (analysis + index) | ${r.indexSeconds.toFixed(1)} s, +${r.indexRssMb.toFixed(0)} MB |`,
    `| peers' index build | PostgreSQL ${(r.postgres.indexMs / 1000).toFixed(1)} s · Xapian ${r.xapian ? `${(r.xapian.indexMs / 1000).toFixed(1)} s` : 'n/a'} |`,
    '',
  ];
}

function targets(r: SizeResult): Array<{ name: string; ok: boolean; detail: string }> {
  const ours = percentile(r.rank, 50);
  const out = [
    {
      name: 'rank p50 ≥ 50× faster than PostgreSQL',
      ok: percentile(r.postgres.times, 50) / ours >= 50,
      detail: ratio(percentile(r.postgres.times, 50), ours),
    },
    {
      name: 'rank p50 ≥ 20× faster than brute force',
      ok: percentile(r.brute.times, 50) / ours >= 20,
      detail: ratio(percentile(r.brute.times, 50), ours),
    },
    {
      name: 'rank p50 within 2× of Xapian p50',
      ok: r.xapian !== null && ours <= 2 * percentile(r.xapian.times, 50),
      detail: r.xapian ? `${(ours / percentile(r.xapian.times, 50)).toFixed(2)}× Xapian` : 'Xapian not run',
    },
    {
      name: 'rank p99 < 10× our p50',
      ok: percentile(r.rank, 99) < 10 * ours,
      detail: `${(percentile(r.rank, 99) / ours).toFixed(1)}×`,
    },
    {
      name: 'end to end p50 ≤ PostgreSQL query p50 / 10',
      ok: percentile(r.e2e, 50) <= percentile(r.postgres.times, 50) / 10,
      detail: `${ms(percentile(r.e2e, 50))} ms vs ${ms(percentile(r.postgres.times, 50) / 10)} ms`,
    },
    { name: 'rematch 1,000 needs with 2 workers ≤ 60 s', ok: r.rematch2 <= 60, detail: `${r.rematch2.toFixed(1)} s` },
    {
      name: 'worker RSS ≤ 1.5 GB',
      ok: Math.max(...r.workerPeakMb) <= 1536,
      detail: `${Math.max(...r.workerPeakMb).toFixed(0)} MB`,
    },
    { name: 'ingest ≤ 300 s', ok: r.ingestSeconds <= 300, detail: `${r.ingestSeconds.toFixed(1)} s` },
  ];
  return out;
}

async function machine(): Promise<string> {
  const c = new pg.Client({ connectionString: `${SERVER}/postgres` });
  await c.connect();
  const [{ server_version: pgVersion }] = (await c.query<{ server_version: string }>('SHOW server_version')).rows;
  await c.end();
  const xapian = await new Promise<string>((resolve) => {
    const child = spawn(PYTHON, ['-c', 'import xapian; print(xapian.version_string())'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.on('error', () => resolve('n/a'));
    child.on('close', () => resolve(out.trim() || 'n/a'));
  });
  return `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM; Node ${process.version}, PostgreSQL ${pgVersion}, Xapian ${xapian}`;
}

const started = now();
const DOC = fileURLToPath(new URL('../../docs/benchmarks.md', import.meta.url));
const results: SizeResult[] = [];
for (const n of PHASES.has('index') || PHASES.has('product') ? SIZES : []) {
  log(`\nN = ${n.toLocaleString('en')}`);
  const t = now();
  const caps = syntheticCatalogue(n);
  const titles = syntheticNeedTitles(Math.max(REMATCH_NEEDS, QUERIES, E2E_NEEDS));
  log(`  generated in ${((now() - t) / 1000).toFixed(1)} s`);
  const r: Partial<SizeResult> = { n };
  if (PHASES.has('index')) await indexAndPeers(caps, titles, r);
  (globalThis as { gc?: () => void }).gc?.();
  if (PHASES.has('product')) await productPath(caps, titles, r);
  results.push(r as SizeResult);
}

if (PHASES.has('reads')) {
  const reads = await benchReads({ server: SERVER, redisUrl: REDIS_URL });
  const section = readsSection(reads, await machine());
  log(`\n${section}`);
  if (WRITE_DOC) {
    writeFileSync(DOC, replaceSection(readFileSync(DOC, 'utf8'), 'bench-reads', section, '读性能 Reads'));
    log(`\nreads written to docs/benchmarks.md`);
  }
}

if (!PHASES.has('index') || !PHASES.has('product')) process.exit(0); // a partial run has printed its figures
const lines: string[] = [];
for (const r of results) lines.push(...table(r));
const at100k = results.find((r) => r.n === 100_000);
let failed = 0;
if (at100k) {
  lines.push('### Targets at N = 100,000', '', '| target | figure | met |', '|---|---|---|');
  for (const t of targets(at100k)) {
    if (!t.ok) failed++;
    lines.push(`| ${t.name} | ${t.detail} | ${t.ok ? 'yes' : 'NO'} |`);
  }
  lines.push('');
}
const seconds = (now() - started) / 1000;
const host = await machine();
lines.push(`Machine: ${host}. Bench run time ${(seconds / 60).toFixed(1)} min.`);
log(`\n${lines.join('\n')}`);
if (WRITE_DOC && at100k) {
  // Only what lies between the markers is replaced: the sections after it (the reads) stay.
  const [head, rest] = readFileSync(DOC, 'utf8').split('<!-- bench:begin -->');
  const tail = rest?.split('<!-- bench:end -->\n')[1] ?? '';
  writeFileSync(DOC, `${head}<!-- bench:begin -->\n${lines.join('\n')}\n<!-- bench:end -->\n${tail}`);
  log(`\nwritten to docs/benchmarks.md`);
}
process.exit(failed ? 1 : 0);
