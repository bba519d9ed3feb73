import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { createCast, type Cast } from './factories/cast.js';
import { capabilityBody, needBody } from './factories/listings.js';
import { until } from './factories/wait.js';
import { runNode, type Proc } from './setup/processes.js';
import { createTestApp, type TestApp } from './setup/test-app.js';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

// Real worker processes (the compiled entry point) beside an in-process API, on one database and queue prefix.
describe('worker processes', () => {
  let t: TestApp;
  let c: Cast;
  let db: DataSource;
  const workers: Proc[] = [];
  const startWorker = async (concurrency = 1): Promise<Proc> => {
    const w = runNode('worker.js', {
      NODE_ENV: 'test',
      DATABASE_URL: t.config.databaseUrl,
      REDIS_URL: t.config.redisUrl,
      QUEUE_PREFIX: t.config.queuePrefix,
      LOG_LEVEL: 'info',
      WORKER_CONCURRENCY: String(concurrency),
      WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
    });
    workers.push(w);
    await w.waitFor(/catalogue loaded/);
    return w;
  };
  const chunks = () =>
    db.query<Array<{ chunk_no: number; attempts: number; done_by: string | null; done_at: Date | null }>>(
      `SELECT chunk_no, attempts, done_by, done_at FROM rematch_chunks ORDER BY chunk_no`,
    );
  const rematch = async () => {
    await db.query(`DELETE FROM rematch_runs`);
    const r = await t.http().post('/api/v1/matching/rematch').set(auth(c.coordinator)).send({ scope: 'all' });
    return r.body.jobId as string;
  };
  const job = async (id: string) => (await t.http().get(`/api/v1/matching/jobs/${id}`).set(auth(c.coordinator))).body;

  beforeAll(async () => {
    t = await createTestApp({ WEBHOOK_ALLOW_HOSTS: '127.0.0.1' });
    c = await createCast(t);
    db = t.app.get(DataSource);
    const topics = [
      ['锂电池低温电解液', '电解液', '锂离子电池'],
      ['焊缝视觉检测', '焊缝', '机器视觉'],
      ['寒地水稻育种', '水稻', '育种'],
      ['秸秆综合利用', '秸秆', '生物质'],
      ['冰雪装备材料', '冰雪', '复合材料'],
    ];
    const caps = Array.from({ length: 600 }, (_, i) => {
      const [title, k1, k2] = topics[i % topics.length];
      return capabilityBody({
        title: `${title} 成果${i}`,
        description: `${title}相关技术，编号${i}，涉及${k1}与${k2}。`,
        keywords: [k1, k2],
        organizationId: c.ids.uni,
      });
    });
    for (let i = 0; i < caps.length; i += 300)
      await t
        .http()
        .post('/api/v1/capabilities/batch')
        .set(auth(c.coordinator))
        .send({ items: caps.slice(i, i + 300) });
    const needs = Array.from({ length: 400 }, (_, i) => {
      const [title, k1] = topics[i % topics.length];
      return needBody({
        title: `需求${i}：${title}`,
        description: `我公司需要${title}方面的技术，关注${k1}。`,
        keywords: [k1],
        sectors: [],
      });
    });
    for (let i = 0; i < needs.length; i += 200)
      await t
        .http()
        .post('/api/v1/needs/batch')
        .set(auth(c.enterpriseA))
        .send({ items: needs.slice(i, i + 200) });
  });
  afterEach(async () => {
    for (const w of workers.splice(0)) {
      if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
      await w.exited;
    }
  });
  afterAll(() => t.close());

  it('match new listings on their own once a worker runs', async () => {
    await startWorker(2);
    const [{ needs }] = await until(
      () => db.query<Array<{ needs: number }>>(`SELECT count(DISTINCT need_id)::int AS needs FROM matches`),
      (r) => r[0].needs === 400,
      60000,
    );
    expect(needs).toBe(400);
  }, 90000);

  it('share a rematch between two workers without doing any chunk twice', async () => {
    await Promise.all([startWorker(1), startWorker(1)]);
    const id = await rematch();
    const done = await until(
      () => job(id),
      (j) => j.state === 'completed',
      60000,
    );
    expect(done).toMatchObject({
      state: 'completed',
      progress: 100,
      counts: { chunks: 16, chunksDone: 16, items: 400 },
    });
    const rows = await chunks();
    expect(rows.every((r) => r.attempts === 1 && r.done_at)).toBe(true);
    expect(new Set(rows.map((r) => r.done_by)).size).toBe(2);
  }, 90000);

  it('finish the job in hand on SIGTERM and exit cleanly, leaving nothing to recover', async () => {
    const first = await startWorker(1);
    const id = await rematch();
    await until(
      () => job(id),
      (j) => j.counts.chunksDone >= 2,
      30000,
      20,
    );
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('SIGTERM received');
    const startedBeforeStop = (await chunks()).filter((r) => r.attempts > 0);
    expect(startedBeforeStop.every((r) => r.done_at)).toBe(true);
    // Nothing was abandoned, so the next worker finishes at once rather than after the stalled-job timeout (30 s+).
    const t0 = Date.now();
    await startWorker(1);
    expect(
      (
        await until(
          () => job(id),
          (j) => j.state === 'completed',
          60000,
        )
      ).state,
    ).toBe('completed');
    expect(Date.now() - t0).toBeLessThan(25000);
    expect((await chunks()).every((r) => r.attempts === 1)).toBe(true);
  }, 90000);

  it('complete a rematch after the worker was killed with SIGKILL in the middle, with no duplicate pairs', async () => {
    const before = await db.query<Array<{ id: string; need_id: string; capability_id: string }>>(
      `SELECT id, need_id, capability_id FROM matches WHERE status = 'suggested'`,
    );
    const victim = await startWorker(2);
    const id = await rematch();
    await until(
      () => job(id),
      (j) => j.counts.chunksDone >= 1,
      30000,
      10,
    );
    victim.child.kill('SIGKILL');
    await victim.exited;
    expect((await job(id)).state).not.toBe('completed');
    await startWorker(2);
    const done = await until(
      () => job(id),
      (j) => j.state === 'completed',
      120000,
      500,
    );
    expect(done).toMatchObject({ state: 'completed', counts: { chunks: 16, chunksDone: 16 } });
    const [{ dupes }] = await db.query(
      `SELECT count(*)::int AS dupes FROM (SELECT 1 FROM matches GROUP BY need_id, capability_id HAVING count(*) > 1) x`,
    );
    expect(dupes).toBe(0);
    // Re-scored suggestions kept their ids.
    const after = new Map(
      (
        await db.query<Array<{ id: string; need_id: string; capability_id: string }>>(
          `SELECT id, need_id, capability_id FROM matches`,
        )
      ).map((r) => [`${r.need_id}|${r.capability_id}`, r.id]),
    );
    for (const b of before) {
      const a = after.get(`${b.need_id}|${b.capability_id}`);
      if (a) expect(a).toBe(b.id);
    }
    expect((await chunks()).every((r) => r.done_at)).toBe(true);
  }, 150000);

  it('deliver a webhook once, though the worker was killed between the status change and its delivery', async () => {
    const received: string[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        received.push(`${String(req.headers['webhook-id'])} ${body}`);
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    expect(
      (
        await t
          .http()
          .put(`/api/v1/organizations/${c.ids.entA}/webhooks`)
          .set(auth(c.enterpriseA))
          .send({ url, secret })
      ).status,
    ).toBe(200);
    const [m] = await db.query<Array<{ id: string }>>(`SELECT id FROM matches WHERE status = 'suggested' LIMIT 1`);
    await t.http().post(`/api/v1/matches/${m.id}/approve`).set(auth(c.coordinator)).send({});
    const victim = await startWorker();
    victim.child.kill('SIGKILL');
    await victim.exited;
    const r = await t
      .http()
      .post(`/api/v1/matches/${m.id}/transition`)
      .set(auth(c.coordinator))
      .send({ to: 'introduced' });
    expect(r.status).toBe(200);
    await new Promise((res) => setTimeout(res, 500));
    expect(received).toHaveLength(0);
    await startWorker();
    await until(
      () => Promise.resolve(received.length),
      (n) => n > 0,
      30000,
    );
    await new Promise((res) => setTimeout(res, 1500));
    expect(received).toHaveLength(1);
    expect(received[0]).toContain('match.introduced');
    await new Promise<void>((res) => server.close(() => res()));
  }, 60000);
  it('exit on SIGTERM within their grace period while Redis is away, rather than wait on it for ever', async () => {
    // Nothing listens on port 1. Closing waits on Redis; with it away the worker gives up after SHUTDOWN_GRACE_MS.
    const w = runNode('worker.js', {
      NODE_ENV: 'test',
      DATABASE_URL: t.config.databaseUrl,
      REDIS_URL: 'redis://127.0.0.1:1',
      QUEUE_PREFIX: `${t.config.queuePrefix}-down`,
      LOG_LEVEL: 'info',
      SHUTDOWN_GRACE_MS: '2000',
    });
    workers.push(w);
    await w.waitFor(/worker started/);
    const stopped = Date.now();
    w.child.kill('SIGTERM');
    expect(await w.exited).toBe(1);
    expect(Date.now() - stopped).toBeLessThan(10000);
    expect(w.output()).toMatch(/still closing after 2000 ms/);
  }, 60000);
});
