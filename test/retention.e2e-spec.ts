import { jest } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RetentionService } from '../src/jobs/retention.service.js';
import { CatalogIndexService } from '../src/modules/matching/catalog-index.service.js';
import { createCast, type Cast } from './factories/cast.js';
import { capabilityBody, needBody } from './factories/listings.js';
import { until } from './factories/wait.js';
import { createTestApp, type TestApp } from './setup/test-app.js';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const AGED = `now() - interval '40 days'`;

// Its waits allow a loaded machine a minute each; the test as a whole gets three.
jest.setTimeout(180_000);

describe('retention: the bookkeeping tables do not grow for ever', () => {
  let t: TestApp;
  let c: Cast;
  let db: DataSource;
  let worker: INestApplicationContext;
  beforeAll(async () => {
    t = await createTestApp({ RETENTION_DAYS: '30' });
    c = await createCast(t);
    db = t.app.get(DataSource);
    worker = await t.startWorker();
    await t.http().post('/api/v1/capabilities').set(auth(c.university)).send(capabilityBody()).expect(201);
  });
  afterAll(() => t.close());

  const matchesOf = async (needId: string) =>
    (await t.http().get(`/api/v1/needs/${needId}/matches`).set(auth(c.coordinator))).body.items as unknown[];
  const postNeed = async (title: string) => {
    const id = (await t.http().post('/api/v1/needs').set(auth(c.enterpriseA)).send(needBody({ title }))).body
      .id as string;
    // On a machine loaded by other test files the first ranking can take a while; the test goes on only once it has.
    expect(
      await until(
        () => matchesOf(id),
        (m) => m.length > 0,
        60_000,
      ),
    ).not.toHaveLength(0);
    return id;
  };
  const count = async (sql: string) => (await db.query<Array<{ n: number }>>(sql))[0].n;

  it('removes finished work older than RETENTION_DAYS and keeps what is unfinished, recent or unread (for a year)', async () => {
    await postNeed('低温电池需求一');
    // Every job settled first: one still running when the rows are aged below would finish as new work.
    expect(
      await until(
        () => count(`SELECT count(*)::int AS n FROM job_outbox WHERE completed_at IS NULL`),
        (n) => n === 0,
        60_000,
      ),
    ).toBe(0);
    // Everything so far is made old; one unfinished job, one unread and one read message, sessions, counters.
    await db.query(`UPDATE job_outbox SET created_at = ${AGED}, completed_at = ${AGED}`);
    await db.query(`UPDATE catalog_changes SET created_at = ${AGED}`);
    await db.query(
      `INSERT INTO job_outbox (queue, name, job_id, data, created_at) VALUES ('matching', 'need-changed', 'need-old-pending', '{"ids":[],"op":"upsert","seq":1}', ${AGED})`,
    );
    const [{ id: read }] = await db.query(
      `INSERT INTO notification_events (type, title, body, payload, created_at) VALUES ('test', '已读', '-', '{}', ${AGED}) RETURNING id`,
    );
    const [{ id: unread }] = await db.query(
      `INSERT INTO notification_events (type, title, body, payload, created_at) VALUES ('test', '未读', '-', '{}', ${AGED}) RETURNING id`,
    );
    const [{ id: forgotten }] = await db.query(
      `INSERT INTO notification_events (type, title, body, payload, created_at)
       VALUES ('test', '一年多未读', '-', '{}', now() - interval '400 days') RETURNING id`,
    );
    const userId = c.ids.users['b@example.org'];
    await db.query(
      `INSERT INTO notifications (event_id, user_id, read_at) VALUES ($1, $4, now()), ($2, $4, NULL), ($3, $4, NULL)`,
      [read, unread, forgotten, userId],
    );
    await db.query(`UPDATE sessions SET expires_at = ${AGED} WHERE user_id = $1`, [userId]);
    await db.query(
      `INSERT INTO rate_counters (key, count, window_started_at, expires_at) VALUES ('route:old', 3, ${AGED}, ${AGED})`,
    );

    const removed = await worker.get(RetentionService).run();
    expect(removed.job_outbox).toBeGreaterThan(0);
    expect(removed.catalog_changes).toBeGreaterThan(0);
    expect(await count(`SELECT count(*)::int AS n FROM job_outbox WHERE completed_at IS NOT NULL`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM job_outbox WHERE job_id = 'need-old-pending'`)).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM catalog_changes`)).toBe(0);
    // Read and old: gone. Unread: kept, but not past a year.
    expect(
      await db.query(`SELECT id FROM notification_events WHERE id = ANY($1::uuid[])`, [[read, unread, forgotten]]),
    ).toEqual([{ id: unread }]);
    expect(await count(`SELECT count(*)::int AS n FROM sessions WHERE user_id = '${userId}'`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM rate_counters WHERE key = 'route:old'`)).toBe(0);
    // Other users' live sessions are untouched.
    expect((await t.http().get('/api/v1/me').set(auth(c.enterpriseA))).status).toBe(200);
  });

  it('keeps a worker in step when the change sequence was pruned past it: it rebuilds its index and matches on', async () => {
    const catalog = worker.get(CatalogIndexService);
    const before = catalog.index;
    // As if this worker had been away while changes it never saw were pruned.
    await db.query(
      `INSERT INTO catalog_changes_pruned (id, tx_id, seq) VALUES (true, pg_current_xact_id()::text::bigint, 0)
       ON CONFLICT (id) DO UPDATE SET tx_id = EXCLUDED.tx_id, seq = 0`,
    );
    await until(
      () => Promise.resolve(catalog.index),
      (i) => i !== before,
      10000,
    );
    expect(catalog.index).not.toBe(before);
    expect(catalog.index.capabilities.documentCount).toBe(1);
    const needId = await postNeed('低温电池需求二');
    expect((await matchesOf(needId)).length).toBeGreaterThan(0);
  });
});
