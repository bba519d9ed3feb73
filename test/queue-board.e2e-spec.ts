import { jest } from '@jest/globals';
import { Job, Worker } from 'bullmq';
import { OutboxService } from '../src/jobs/outbox.service.js';
import { QUEUES } from '../src/jobs/queues.js';
import { hardenBoardPage } from '../src/modules/operations/queue-board.js';
import { createCast, type Cast } from './factories/cast.js';
import { until } from './factories/wait.js';
import { createTestApp, type TestApp } from './setup/test-app.js';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('Bull Board at /admin/queues', () => {
  let t: TestApp;
  let c: Cast;

  beforeAll(async () => {
    t = await createTestApp();
    c = await createCast(t);
  });
  afterAll(() => t.close());

  it('is for admins only: 401 without a session, 403 for a coordinator, never the console', async () => {
    const none = await t.http().get('/admin/queues');
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ statusCode: 401, message: expect.stringContaining('sign-in required') });
    const coordinator = await t.http().get('/admin/queues').set(auth(c.coordinator));
    expect(coordinator.status).toBe(403);
    expect(coordinator.body.message).toContain('admin');
    expect((await t.http().get('/admin/queues/api/queues').set(auth(c.coordinator))).status).toBe(403);
  });

  it('serves its page under a strict CSP: scripts only from our origin, none inline, nothing fetched from elsewhere', async () => {
    const page = await t.http().get('/admin/queues').set(auth(c.admin));
    expect(page.status).toBe(200);
    const csp = page.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("base-uri 'self'");
    expect(page.text).toContain('<base href="/admin/queues/"');
    expect(page.text).not.toContain('googleapis');
    // Its one inline <script> is JSON data, which no browser runs.
    expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)(?![^>]*type="application\/json")[^>]*>/);
    // Its scripts are served from the same origin, under the base path.
    const script = /<script defer src="([^"]+)"/.exec(page.text)?.[1];
    expect((await t.http().get(`/admin/queues/${script}`).set(auth(c.admin))).status).toBe(200);
    // The console keeps its stricter base-uri.
    expect((await t.http().get('/').set(auth(c.admin))).headers['content-security-policy']).toContain(
      "base-uri 'none'",
    );
  });

  it('lists every queue, shows a failed job with its error and data, and retries it', async () => {
    const queue = t.app.get(OutboxService).queue(QUEUES.maintenance);
    await queue.add('retention', { note: 'board-test' }, { jobId: 'board-test-1', attempts: 1 });
    // A BullMQ worker of the test's own fails it, as a bug would.
    const worker = new Worker(
      queue.name,
      () => {
        throw new Error('PostgreSQL said no');
      },
      { connection: queue.opts.connection, prefix: queue.opts.prefix },
    );
    await until(
      async () => (await Job.fromId(queue, 'board-test-1'))?.getState(),
      (state) => state === 'failed',
    );
    await worker.close();

    const list = await t.http().get('/admin/queues/api/queues').set(auth(c.admin));
    expect(list.status).toBe(200);
    const names = (list.body.queues as Array<{ name: string }>).map((q) => q.name).sort();
    expect(names).toEqual(Object.values(QUEUES).sort());
    const failed = await t
      .http()
      .get(`/admin/queues/api/queues?activeQueue=${QUEUES.maintenance}&status=failed&page=1`)
      .set(auth(c.admin));
    const maintenance = (
      failed.body.queues as Array<{ name: string; jobs: Array<{ id: string; failedReason: string; data: unknown }> }>
    ).find((q) => q.name === QUEUES.maintenance)!;
    expect(maintenance.jobs[0]).toMatchObject({
      id: 'board-test-1',
      failedReason: 'PostgreSQL said no',
      data: { note: 'board-test' },
    });

    const retry = await t
      .http()
      .put(`/admin/queues/api/queues/${QUEUES.maintenance}/board-test-1/retry`)
      .set(auth(c.admin));
    expect(retry.status).toBe(204);
    expect(await (await Job.fromId(queue, 'board-test-1'))!.getState()).toBe('waiting');
    await queue.remove('board-test-1');
  });
});

describe('Bull Board while Redis is away', () => {
  it('answers 503 naming Redis, at once, rather than hanging', async () => {
    // Nothing listens on port 1: this API runs with its Redis down from the start.
    const printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const down = await createTestApp({ REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const cast = await createCast(down);
      const started = Date.now();
      const r = await down.http().get('/admin/queues/api/queues').set(auth(cast.admin));
      expect(Date.now() - started).toBeLessThan(10000);
      expect(r.status).toBe(503);
      expect(r.body.message).toContain('Redis');
      expect(r.headers['retry-after']).toBe('10');
    } finally {
      printed.mockRestore();
      await down.close();
    }
  }, 30000);
});

describe('hardenBoardPage', () => {
  it('drops the Google Fonts stylesheet and keeps the rest', () => {
    const html =
      '<head><link href="https://fonts.googleapis.com/css2?family=X" rel="stylesheet">' +
      '<link href="static/css/main.css" rel="stylesheet"></head><body><script defer src="static/js/main.js"></script></body>';
    const out = hardenBoardPage(html);
    expect(out).not.toContain('googleapis');
    expect(out).toContain('<link href="static/css/main.css" rel="stylesheet">');
    expect(out).toContain('<script defer src="static/js/main.js"></script>');
  });
});
