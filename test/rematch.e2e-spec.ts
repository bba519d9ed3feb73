import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { RematchRunsService } from '../src/modules/matching/rematch-runs.service.js';
import { createCast, type Cast } from './factories/cast.js';
import { capabilityBody, needBody } from './factories/listings.js';
import { until } from './factories/wait.js';
import { createTestApp, type TestApp } from './setup/test-app.js';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

describe('rematches that cannot crowd out the live work, and always end', () => {
  let t: TestApp;
  let c: Cast;
  let db: DataSource;
  let bulk: Queue;
  beforeAll(async () => {
    t = await createTestApp();
    c = await createCast(t);
    db = t.app.get(DataSource);
    bulk = new Queue('matching-bulk', { connection: { url: t.config.redisUrl }, prefix: t.config.queuePrefix });
    await t.http().post('/api/v1/capabilities').set(auth(c.university)).send(capabilityBody()).expect(201);
  });
  afterAll(async () => {
    await bulk.close();
    await t.close();
  });

  const rematch = (body: Record<string, unknown>, token = c.coordinator) =>
    t.http().post('/api/v1/matching/rematch').set(auth(token)).send(body);
  const job = async (id: string) =>
    (await t.http().get(`/api/v1/matching/jobs/${id}`).set(auth(c.coordinator))).body as {
      state: string;
      error: string | null;
    };

  it('runs one rematch of everything at a time: a second one is refused with 409 naming the first', async () => {
    const first = await rematch({ scope: 'all' });
    expect(first.status).toBe(202);
    const second = await rematch({ scope: 'all' }, c.admin);
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ statusCode: 409, details: { jobId: first.body.jobId } });
    expect(second.body.message).toContain(first.body.jobId);
    // Rematches of given needs are not held back by it.
    const needId = (await t.http().post('/api/v1/needs').set(auth(c.enterpriseA)).send(needBody())).body.id as string;
    expect((await rematch({ needIds: [needId] })).status).toBe(202);
    await t.startWorker();
    await until(
      () => job(first.body.jobId),
      (j) => j.state === 'completed',
    );
    expect((await job(first.body.jobId)).state).toBe('completed');
    const third = await rematch({ scope: 'all' });
    expect(third.status).toBe(202);
    await until(
      () => job(third.body.jobId),
      (j) => j.state === 'completed',
    );
  });

  it('matches a new need while a rematch and a batch import wait in their own queue', async () => {
    const items = Array.from({ length: 50 }, (_, i) => needBody({ title: `批量导入的低温电池需求 ${i}` }));
    await bulk.pause();
    try {
      await t.http().post('/api/v1/needs/batch').set(auth(c.enterpriseA)).send({ items }).expect(201);
      const run = await rematch({ scope: 'all' });
      expect(run.status).toBe(202);
      const needId = (
        await t
          .http()
          .post('/api/v1/needs')
          .set(auth(c.enterpriseA))
          .send(needBody({ title: '刚发布的锂电池低温需求' }))
      ).body.id as string;
      const matches = await until(
        async () =>
          (await t.http().get(`/api/v1/needs/${needId}/matches`).set(auth(c.coordinator))).body.items as unknown[],
        (m) => m.length > 0,
        15000,
      );
      expect(matches.length).toBeGreaterThan(0);
      // Meanwhile the rematch and the import have not moved: they wait behind nothing, and nothing waits behind them.
      expect((await job(run.body.jobId)).state).toBe('waiting');
      const queues = await db.query(
        `SELECT queue, count(*)::int AS n FROM job_outbox WHERE completed_at IS NULL GROUP BY queue ORDER BY queue`,
      );
      expect(queues).toEqual([{ queue: 'matching-bulk', n: 2 }]);
      // In the bulk queue the rematch yields to the import: BullMQ takes unprioritised jobs first.
      expect((await bulk.getJob(`rematch-${run.body.jobId}`))?.opts.priority).toBe(10);
      const [importJob] = await db.query(
        `SELECT job_id FROM job_outbox WHERE queue = 'matching-bulk' AND name = 'need-changed' AND completed_at IS NULL`,
      );
      expect((await bulk.getJob(importJob.job_id))?.opts.priority ?? 0).toBe(0);
    } finally {
      await bulk.resume();
    }
  });

  it('ends a run whose job failed for good as failed, with the reason; and completes one whose chunks are all done', async () => {
    const rematches = t.app.get(RematchRunsService);
    await until(
      () => db.query(`SELECT 1 FROM rematch_runs WHERE state IN ('waiting', 'active')`),
      (r: unknown[]) => r.length === 0,
    );
    // A chunk job that bad data made fail for good (what a worker records in job_outbox).
    const [bad] = await db.query(
      `INSERT INTO rematch_runs (scope, state, total_chunks, done_chunks) VALUES ('{"needIds": []}', 'active', 2, 1) RETURNING id`,
    );
    await db.query(
      `INSERT INTO rematch_chunks (run_id, chunk_no, kind, item_ids, done_at)
       VALUES ($1, 0, 'needs', '{}', now()), ($1, 1, 'needs', '{}', NULL)`,
      [bad.id],
    );
    await db.query(
      `INSERT INTO job_outbox (queue, name, job_id, data, failed_at, error)
       VALUES ('matching-bulk', 'rematch-chunk', $1, $2, now(), 'UnrecoverableError: a broken listing')`,
      [`rematch-${bad.id}-1`, JSON.stringify({ runId: bad.id, chunkNo: 1 })],
    );
    // A run all of whose chunks are done, left active by a worker that died before it could say so.
    const [done] = await db.query(
      `INSERT INTO rematch_runs (scope, state, total_chunks, done_chunks) VALUES ('{"needIds": []}', 'active', 1, 0) RETURNING id`,
    );
    await db.query(
      `INSERT INTO rematch_chunks (run_id, chunk_no, kind, item_ids, done_at) VALUES ($1, 0, 'needs', '{}', now())`,
      [done.id],
    );
    expect(await rematches.reconcile()).toMatchObject({ completed: 1, failed: 1 });
    expect(await job(bad.id)).toMatchObject({ state: 'failed', error: expect.stringContaining('a broken listing') });
    expect(await job(done.id)).toMatchObject({ state: 'completed' });
    // An admin fixes what the chunk tripped on and retries it: the run is active again (and finishes by itself).
    expect((await t.http().post(`/api/v1/admin/jobs/rematch-${bad.id}-1/retry`).set(auth(c.admin))).status).toBe(202);
    expect(await rematches.reconcile()).toMatchObject({ revived: 1 });
    expect(['active', 'completed']).toContain((await job(bad.id)).state);
    const finished = await until(
      async () => {
        await rematches.reconcile();
        return job(bad.id);
      },
      (j) => j.state === 'completed',
    );
    expect(finished).toMatchObject({ state: 'completed', error: null });
  });

  it('limits how often one user asks for rematches (429 with Retry-After)', async () => {
    const needId = (await t.http().post('/api/v1/needs').set(auth(c.enterpriseA)).send(needBody())).body.id as string;
    const statuses: number[] = [];
    let last: { status: number; headers: Record<string, string>; body: { message: string } } | null = null;
    for (let i = 0; i < 22; i++) {
      last = await rematch({ needIds: [needId] }, c.admin);
      statuses.push(last.status);
    }
    expect(statuses.filter((s) => s === 202).length).toBeLessThanOrEqual(20);
    expect(statuses.at(-1)).toBe(429);
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    expect(last!.body.message).toMatch(/重新匹配过于频繁.*too many rematches/);
    // Another user is not affected.
    expect((await rematch({ needIds: [needId] })).status).toBe(202);
  });
});
