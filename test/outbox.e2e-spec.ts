import { jest } from '@jest/globals';
import { Queue, Worker, type Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { runTracked } from '../src/jobs/job-runner.js';
import { OutboxService } from '../src/jobs/outbox.service.js';
import { createCast, type Cast } from './factories/cast.js';
import { needBody } from './factories/listings.js';
import { until } from './factories/wait.js';
import { createTestApp, type TestApp } from './setup/test-app.js';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

describe('jobs are never lost between PostgreSQL and Redis', () => {
  let t: TestApp;
  let c: Cast;
  let queue: Queue;
  let db: DataSource;
  let outbox: OutboxService;
  beforeAll(async () => {
    t = await createTestApp();
    c = await createCast(t);
    queue = new Queue('matching', { connection: { url: t.config.redisUrl }, prefix: t.config.queuePrefix });
    db = t.app.get(DataSource);
    outbox = t.app.get(OutboxService);
  });
  afterAll(async () => {
    await queue.close();
    await t.close();
  });

  const outboxRow = async (needId: string) =>
    (
      await db.query(`SELECT job_id, dispatched_at, completed_at FROM job_outbox WHERE data->'ids' ? $1`, [needId])
    )[0] as { job_id: string; dispatched_at: Date | null; completed_at: Date | null } | undefined;

  it('records the job in PostgreSQL with the change and marks it dispatched once Redis has it', async () => {
    const id = (await t.http().post('/api/v1/needs').set(auth(c.enterpriseA)).send(needBody())).body.id;
    const row = await outboxRow(id);
    expect(row?.dispatched_at).not.toBeNull();
    expect(await queue.getJob(row!.job_id)).toBeDefined();
  });

  it('relays a job committed but never sent (a crash between commit and enqueue)', async () => {
    const id = '11111111-2222-4333-8444-555555555555';
    await outbox.add(db.manager, [
      { queue: 'matching', name: 'need-changed', jobId: `need-999999`, data: { ids: [id], op: 'upsert', seq: 999999 } },
    ]);
    expect(await queue.getJob('need-999999')).toBeUndefined();
    expect(await outbox.relay(0)).toMatchObject({ sent: 1 });
    const job = await queue.getJob('need-999999');
    expect(job?.data).toEqual({ ids: [id], op: 'upsert', seq: 999999 });
  });

  it('re-sends a job that Redis lost (restarted without persistence), and only that one', async () => {
    const id = (
      await t
        .http()
        .post('/api/v1/needs')
        .set(auth(c.enterpriseA))
        .send(needBody({ title: '丢失的任务' }))
    ).body.id;
    const row = await outboxRow(id);
    await queue.obliterate({ force: true });
    expect(await queue.getJob(row!.job_id)).toBeUndefined();
    expect((await outbox.relay(0)).sent).toBeGreaterThanOrEqual(1);
    expect((await queue.getJob(row!.job_id))?.data.ids).toEqual([id]);
    // A second pass finds the job in Redis and sends nothing.
    expect(await outbox.relay(0)).toEqual({ sent: 0, redriven: 0, completed: 0, failed: 0 });
  });

  /** Takes the next job by hand, as a worker would, and ends it the way `end` says. */
  const takeAndEnd = async (jobId: string, end: (job: Job, token: string) => Promise<unknown>) => {
    const token = `test-${jobId}`;
    // No retries for this hand-made worker: a failure is final, as a stall is.
    const hand = new Worker('matching', null, {
      connection: { url: t.config.redisUrl },
      prefix: t.config.queuePrefix,
      settings: { backoffStrategy: () => -1 },
    });
    try {
      for (;;) {
        const job = (await hand.getNextJob(token)) as Job | undefined;
        if (!job) throw new Error(`job ${jobId} was not waiting`);
        if (job.id === jobId) return await end(job, token);
        await job.moveToCompleted('skipped by the test', token, false);
      }
    } finally {
      await hand.close();
    }
  };

  it('takes a job back out of the failed state when its worker died (a stall), and counts the re-drives', async () => {
    await outbox.enqueue([
      { queue: 'matching', name: 'need-changed', jobId: 'need-999997', data: { ids: [], op: 'upsert', seq: 1 } },
    ]);
    await takeAndEnd('need-999997', (job, token) =>
      job.moveToFailed(new Error('job stalled more than allowable limit'), token, false),
    );
    expect(await (await queue.getJob('need-999997'))!.getState()).toBe('failed');
    expect(await outbox.relay(0)).toMatchObject({ redriven: 1 });
    expect(await (await queue.getJob('need-999997'))!.getState()).toBe('waiting');
    const [row] = await db.query(`SELECT redrives, failed_at FROM job_outbox WHERE job_id = 'need-999997'`);
    expect(row).toEqual({ redrives: 1, failed_at: null });
  });

  it('records a job BullMQ completed while PostgreSQL could not be told', async () => {
    await outbox.enqueue([
      { queue: 'matching', name: 'need-changed', jobId: 'need-999996', data: { ids: [], op: 'upsert', seq: 2 } },
    ]);
    await takeAndEnd('need-999996', (job, token) => job.moveToCompleted({ items: 0 }, token, false));
    expect((await outbox.relay(0)).completed).toBeGreaterThanOrEqual(1);
    const [row] = await db.query(`SELECT completed_at FROM job_outbox WHERE job_id = 'need-999996'`);
    expect(row.completed_at).not.toBeNull();
  });

  it('runs the owning feature’s hook when the relay finds a job failed for good (PostgreSQL was away at the time)', async () => {
    const seen: Array<Record<string, unknown>> = [];
    outbox.onFailedForGood('test-final', (data) => {
      seen.push(data);
      return Promise.resolve();
    });
    await outbox.enqueue([{ queue: 'matching', name: 'test-final', jobId: 'test-final-1', data: { what: 'it' } }]);
    await takeAndEnd('test-final-1', (j, token) => j.moveToFailed(new Error('bad data'), token, false));
    expect((await outbox.relay(0)).failed).toBeGreaterThanOrEqual(1);
    expect(seen).toEqual([{ what: 'it' }]);
    const [row] = await db.query(`SELECT failed_at, error FROM job_outbox WHERE job_id = 'test-final-1'`);
    expect(row.failed_at).not.toBeNull();
    expect(row.error).toBe('bad data');
  });

  it('marks a job failed for good when its payload cannot be run, so that it is not sent again', async () => {
    await t.startWorker();
    await outbox.enqueue([{ queue: 'matching', name: 'need-changed', jobId: 'need-999998', data: { nonsense: true } }]);
    const [row] = await until(
      () => db.query(`SELECT failed_at, error FROM job_outbox WHERE job_id = 'need-999998'`),
      (r: Array<{ failed_at: Date | null; error: string | null }>) => !!r[0]?.failed_at,
    );
    expect(row.failed_at).not.toBeNull();
    expect(row.error).toMatch(/malformed need-changed payload/);
  });

  it('shows admins the jobs that failed for good, and lets them retry one', async () => {
    const list = await t.http().get('/api/v1/admin/jobs').set(auth(c.admin));
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          jobId: 'need-999998',
          queue: 'matching',
          state: 'failed',
          error: expect.stringMatching(/malformed need-changed payload/),
        }),
      ]),
    );
    expect((await t.http().get('/api/v1/admin/jobs').set(auth(c.coordinator))).status).toBe(403);
    expect((await t.http().post('/api/v1/admin/jobs/need-0000/retry').set(auth(c.admin))).status).toBe(404);
    const retried = await t.http().post('/api/v1/admin/jobs/need-999998/retry').set(auth(c.admin));
    expect(retried.status).toBe(202);
    expect(retried.body).toEqual({ jobId: 'need-999998', state: 'pending' });
    // The payload is still broken: it fails for good again, and shows again.
    await until(
      () => db.query(`SELECT failed_at FROM job_outbox WHERE job_id = 'need-999998'`),
      (r: Array<{ failed_at: Date | null }>) => !!r[0]?.failed_at,
    );
    const again = await t.http().get('/api/v1/admin/jobs?state=failed').set(auth(c.admin));
    expect(again.body.items.map((j: { jobId: string }) => j.jobId)).toContain('need-999998');
  });

  it('stops listing a job as failed once it completes after a retry from elsewhere (the queue board)', async () => {
    await outbox.add(db.manager, [{ queue: 'maintenance', name: 'retention', jobId: 'board-retried-1', data: {} }]);
    await outbox.markFailed('board-retried-1', 'Error: a bug, since fixed');
    const failed = async () =>
      (
        (await t.http().get('/api/v1/admin/jobs?state=failed').set(auth(c.admin))).body.items as Array<{
          jobId: string;
        }>
      ).map((j) => j.jobId);
    expect(await failed()).toContain('board-retried-1');
    // Bull Board retries the job in BullMQ itself; the worker's run marks the row completed.
    await outbox.markCompleted('board-retried-1');
    expect(await failed()).not.toContain('board-retried-1');
    const [row] = await db.query(`SELECT failed_at, completed_at FROM job_outbox WHERE job_id = 'board-retried-1'`);
    expect(row).toMatchObject({ failed_at: null, completed_at: expect.any(Date) });
  });

  it('answers an admin’s retry at once while Redis is away, and leaves the job to the relay', async () => {
    // Nothing listens on port 1: this API runs with its Redis down from the start. Its queues' connection errors go
    // to the structured log, not to the console as raw stack traces (nobody listened for them while it started).
    const printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const down = await createTestApp({ REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      await new Promise((r) => setTimeout(r, 300));
      expect(printed.mock.calls.map((c) => String(c[0]))).toEqual([]);
      printed.mockRestore();
      const cast = await createCast(down);
      await down.app.get(DataSource).query(
        `INSERT INTO job_outbox (queue, name, job_id, data, failed_at, error)
           VALUES ('matching', 'need-changed', 'need-999997', '{}', now(), 'bad data')`,
      );
      const started = Date.now();
      const retried = await down.http().post('/api/v1/admin/jobs/need-999997/retry').set(auth(cast.admin));
      expect(retried.status).toBe(202);
      expect(Date.now() - started).toBeLessThan(5000);
      const [row] = await down.app
        .get(DataSource)
        .query(`SELECT failed_at, dispatched_at FROM job_outbox WHERE job_id = 'need-999997'`);
      expect(row).toEqual({ failed_at: null, dispatched_at: null });
    } finally {
      printed.mockRestore();
      await down.close();
    }
  });

  it('is marked completed once a worker has run it, after which the relay leaves it alone', async () => {
    const id = (
      await t
        .http()
        .post('/api/v1/needs')
        .set(auth(c.enterpriseA))
        .send(needBody({ title: '有人处理的任务' }))
    ).body.id;
    const row = await until(
      () => outboxRow(id),
      (r) => !!r?.completed_at,
    );
    expect(row?.completed_at).not.toBeNull();
    await queue.obliterate({ force: true });
    await outbox.relay(0);
    expect(await queue.getJob(row!.job_id)).toBeUndefined();
  });

  it('gives a job five failures that are not outages, however many outage retries came before', async () => {
    await outbox.add(db.manager, [
      { queue: 'matching', name: 'need-changed', jobId: 'need-999990', data: { ids: [], op: 'upsert', seq: 3 } },
    ]);
    // As BullMQ hands it over after a long PostgreSQL outage: many attempts already made.
    const job = { id: 'need-999990', name: 'need-changed', attemptsMade: 40, opts: {}, data: {} } as unknown as Job;
    const outage = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    await expect(runTracked(job, outbox, () => Promise.reject(outage))).rejects.toBe(outage);
    const failures = async () =>
      (await db.query(`SELECT failures FROM job_outbox WHERE job_id = 'need-999990'`))[0].failures as number;
    expect(await failures()).toBe(0);
    const bug = new TypeError("Cannot read properties of undefined (reading 'id')");
    for (let i = 1; i <= 4; i++) {
      await expect(runTracked(job, outbox, () => Promise.reject(bug))).rejects.toBe(bug);
      expect(await failures()).toBe(i);
    }
    await expect(runTracked(job, outbox, () => Promise.reject(bug))).rejects.toMatchObject({
      name: 'UnrecoverableError',
      message: expect.stringContaining('failed 5 times'),
    });
  });
});

describe('a job delivered again after it completed', () => {
  let t: TestApp;
  let c: Cast;
  beforeAll(async () => {
    t = await createTestApp();
    c = await createCast(t);
    await t.startWorker();
  });
  afterAll(() => t.close());

  it('is not run a second time (a stall taken for a dead worker must not redo work a coordinator is reading)', async () => {
    const db = t.app.get(DataSource);
    const id = (await t.http().post('/api/v1/needs').set(auth(c.enterpriseA)).send(needBody())).body.id as string;
    const rankedAt = async () =>
      (await db.query(`SELECT ranked_at FROM need_rankings WHERE need_id = $1`, [id]))[0]?.ranked_at as
        Date | undefined;
    await until(rankedAt, (at) => at !== undefined, 30_000);
    const first = await rankedAt();
    const [row] = await db.query(`SELECT job_id, queue, name, data FROM job_outbox WHERE data->'ids' ? $1`, [id]);
    const queue = new Queue(row.queue, { connection: { url: t.config.redisUrl }, prefix: t.config.queuePrefix });
    try {
      await until(async () => (await queue.getJob(row.job_id))?.finishedOn, Boolean, 30_000);
      // BullMQ delivers the same job once more, as it does after taking a running job for stalled.
      await (await queue.getJob(row.job_id))!.remove();
      await queue.add(row.name, row.data, { jobId: row.job_id });
      const again = await until(
        async () => queue.getJob(row.job_id),
        (j) => !!j?.finishedOn,
        30_000,
      );
      expect(again!.returnvalue).toBe('already completed');
      expect(await rankedAt()).toEqual(first);
    } finally {
      await queue.close();
    }
  });
});
