import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createCast, type Cast } from './factories/cast.js';
import { postCapability, postNeed } from './factories/listings.js';
import { until } from './factories/wait.js';
import { ROOT, runNode, type Proc } from './setup/processes.js';
import { createTestApp, type TestApp } from './setup/test-app.js';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const TOKEN = 'metrics-token-0123456789abcdef';

/** The value of the first series of `name` whose labels include all of `labels`, or undefined. */
function valueOf(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const inner = line.slice(name.length + 1, line.lastIndexOf('}'));
    if (Object.entries(labels).every(([k, v]) => inner.includes(`${k}="${v}"`))) {
      return Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return undefined;
}

describe('Prometheus metrics at /metrics', () => {
  let t: TestApp;
  let c: Cast;
  let worker: Proc | null = null;
  let needId: string;

  beforeAll(async () => {
    t = await createTestApp({ METRICS_TOKEN: TOKEN });
    c = await createCast(t);
    await postCapability(t, c.university, {
      title: '锂电池低温电解液',
      description: '零下40度仍保持80%容量的锂离子电池电解液配方。',
      keywords: ['电解液', '锂离子电池'],
    });
    await postCapability(t, c.university, {
      title: '寒地水稻育种',
      description: '适合黑龙江积温带的早熟水稻品种选育。',
      keywords: ['水稻', '育种'],
    });
    needId = await postNeed(t, c.enterpriseA, {
      title: '储能锂电池冬季低温容量衰减',
      description: '冬季零下30度时锂电池容量下降40%以上，寻求耐低温电解液。',
    });
    // A real worker process: it has no HTTP port, so its metrics reach /metrics through Redis.
    worker = runNode('worker.js', {
      NODE_ENV: 'test',
      DATABASE_URL: t.config.databaseUrl,
      REDIS_URL: t.config.redisUrl,
      QUEUE_PREFIX: t.config.queuePrefix,
      LOG_LEVEL: 'info',
    });
    await worker.waitFor(/catalogue loaded/);
    await until(
      async () => (await t.http().get(`/api/v1/needs/${needId}/matches`).set(auth(c.coordinator))).body.items ?? [],
      (items: unknown[]) => items.length > 0,
    );
  });
  afterAll(async () => {
    if (worker && worker.child.exitCode === null) {
      worker.child.kill('SIGTERM');
      await worker.exited;
    }
    await t.close();
  });

  const scrape = () => t.http().get('/metrics').set(auth(TOKEN));

  it('answers only a scraper with the token: 401 without it or with another, never the console', async () => {
    const none = await t.http().get('/metrics');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="metrics"');
    expect(none.body.message).toContain('metrics token');
    expect(
      (
        await t
          .http()
          .get('/metrics')
          .set(auth('x'.repeat(30)))
      ).status,
    ).toBe(401);
    const ok = await scrape();
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it("shows the install's state: queues, outbox, matches by status, and HTTP latency by route pattern", async () => {
    await t.http().get(`/api/v1/needs/${needId}`).set(auth(c.coordinator)).expect(200);
    const text = (await scrape()).text;
    expect(valueOf(text, 'techmatch_queue_jobs', { queue: 'matching', state: 'waiting' })).toBe(0);
    expect(valueOf(text, 'techmatch_queue_jobs', { queue: 'matching', state: 'completed' })).toBeGreaterThan(0);
    expect(text).toMatch(/^techmatch_outbox_lag_seconds\{[^}]*\} 0$/m);
    expect(valueOf(text, 'techmatch_outbox_failed_jobs', {})).toBe(0);
    expect(valueOf(text, 'techmatch_matches', { status: 'suggested' })).toBeGreaterThan(0);
    expect(valueOf(text, 'techmatch_matches', { status: 'approved' })).toBe(0);
    // The pattern, not the URL: one series for every need.
    expect(
      valueOf(text, 'techmatch_http_request_duration_seconds_count', {
        method: 'GET',
        route: '/api/v1/needs/:id',
        status: '200',
        process: 'api',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain(needId);
  });

  it("carries each live worker's job durations, memory and index size, and drops them when it stops", async () => {
    // Workers publish every 15 s: the matching jobs of the listings above are in the next publication.
    const text = await until(
      async () => (await scrape()).text,
      (x) =>
        (valueOf(x, 'techmatch_job_duration_seconds_count', {
          queue: 'matching',
          name: 'need-changed',
          outcome: 'completed',
          process: 'worker',
        }) ?? 0) >= 1,
      30000,
      1000,
    );
    expect(valueOf(text, 'techmatch_index_documents', { kind: 'capability', process: 'worker' })).toBe(2);
    expect(valueOf(text, 'techmatch_index_documents', { kind: 'need', process: 'worker' })).toBe(1);
    expect(valueOf(text, 'techmatch_process_resident_memory_bytes', { process: 'worker' })).toBeGreaterThan(1e7);
    // The example Grafana dashboard reads only metrics that exist.
    const dashboard = readFileSync(path.join(ROOT, 'docs', 'grafana-dashboard.json'), 'utf8');
    const used = new Set(dashboard.match(/techmatch_[a-z_]+/g));
    expect(used.size).toBeGreaterThan(5);
    for (const name of used) expect(text).toMatch(new RegExp(`^${name}[{ ]`, 'm'));
    worker!.child.kill('SIGTERM');
    expect(await worker!.exited).toBe(0);
    expect((await scrape()).text).not.toContain('process="worker"');
  }, 60000);
});

describe('/metrics without METRICS_TOKEN', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('is off: 404 naming the variable that turns it on', async () => {
    const r = await t.http().get('/metrics');
    expect(r.status).toBe(404);
    expect(r.body.message).toContain('METRICS_TOKEN');
  });
});
