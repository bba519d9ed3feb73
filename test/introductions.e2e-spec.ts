import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { DeadlinesService } from '../src/modules/notifications/deadlines.service.js';
import { createCast, type Cast } from './factories/cast.js';
import { capabilityBody, needBody } from './factories/listings.js';
import { until } from './factories/wait.js';
import { createTestApp, type TestApp } from './setup/test-app.js';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/** A webhook receiver on this machine; `fail` answers 500 that many times first. */
function receiver() {
  const received: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];
  let fail = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      if (fail > 0) {
        fail--;
        res.statusCode = 500;
        res.end('not now');
        return;
      }
      received.push({ headers: req.headers, body });
      res.end('ok');
    });
  });
  return {
    received,
    failNext: (n: number) => (fail = n),
    start: () =>
      new Promise<string>((r) =>
        server.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`)),
      ),
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/**
 * Puts a suggestion in place directly (this file is about what happens after the engine). Once a worker runs, the
 * engine may have suggested the same pair a moment earlier: that suggestion is used.
 */
async function suggest(db: DataSource, needId: string, capabilityId: string): Promise<string> {
  const [m] = await db.query<Array<{ id: string }>>(
    `INSERT INTO matches (need_id, capability_id, score, rank, status, explanation, algorithm_version)
     VALUES ($1, $2, 0.5, 1, 'suggested', '{}'::jsonb, 'test')
     ON CONFLICT ON CONSTRAINT uq_matches_pair DO UPDATE SET score = matches.score RETURNING id`,
    [needId, capabilityId],
  );
  return m.id;
}

describe('from approved match to contract', () => {
  let t: TestApp;
  let c: Cast;
  let db: DataSource;
  const hook = receiver();
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  let capId: string;
  let hookUrl: string;
  const needs: string[] = [];
  const step = (id: string, token: string, body: Record<string, unknown>) =>
    t.http().post(`/api/v1/matches/${id}/transition`).set(auth(token)).send(body);

  beforeAll(async () => {
    const url = (hookUrl = await hook.start());
    t = await createTestApp({ WEBHOOK_ALLOW_HOSTS: '127.0.0.1' });
    db = t.app.get(DataSource);
    c = await createCast(t);
    for (const [org, token] of [
      [c.ids.entA, c.enterpriseA],
      [c.ids.uni, c.university],
    ] as const) {
      await t
        .http()
        .patch(`/api/v1/organizations/${org}`)
        .set(auth(c.admin))
        .send({ contact: { person: '联系人', phone: '0451-86000000', email: `contact-${org}@example.org` } });
      void token;
    }
    expect(
      (await t.http().put(`/api/v1/organizations/${c.ids.uni}/webhooks`).set(auth(c.university)).send({ url, secret }))
        .status,
    ).toBe(200);
    capId = (
      await t
        .http()
        .post('/api/v1/capabilities')
        .set(auth(c.university))
        .send(capabilityBody({ maxActiveIntroductions: 1 }))
    ).body.id;
    for (const title of ['储能电池低温问题', '车用电池低温问题', '叉车电池低温问题'])
      needs.push((await t.http().post('/api/v1/needs').set(auth(c.enterpriseA)).send(needBody({ title }))).body.id);
  });
  afterAll(async () => {
    await t.close();
    await hook.stop();
  });

  it('takes a match through every stage, showing contacts only from the introduction, refusing illegal steps', async () => {
    const id = await suggest(db, needs[0], capId);
    expect((await t.http().post(`/api/v1/matches/${id}/approve`).set(auth(c.coordinator)).send({})).status).toBe(200);
    const before = await t.http().get(`/api/v1/needs/${needs[0]}/matches`).set(auth(c.enterpriseA));
    expect(before.body.items[0].counterpart.contact).toBeNull();

    const illegal = await step(id, c.coordinator, {
      to: 'contracted',
      contract: { mode: 'license', amountCny: 100000, signedOn: '2026-11-01' },
    });
    expect(illegal.status).toBe(409);
    expect(illegal.body.details).toMatchObject({
      currentStatus: 'approved',
      allowed: ['introduced', 'closed_no_deal'],
    });
    // The parties cannot introduce themselves.
    expect((await step(id, c.enterpriseA, { to: 'introduced' })).status).toBe(403);

    const intro = await step(id, c.coordinator, { to: 'introduced', note: '已安排线上对接会' });
    expect(intro.status).toBe(200);
    expect(intro.body).toMatchObject({ status: 'introduced', introducedAt: expect.any(String) });
    const after = await t.http().get(`/api/v1/needs/${needs[0]}/matches`).set(auth(c.enterpriseA));
    expect(after.body.items[0].counterpart.contact).toMatchObject({ email: `contact-${c.ids.uni}@example.org` });
    const otherSide = await t.http().get(`/api/v1/capabilities/${capId}/matches`).set(auth(c.university));
    expect(otherSide.body.items[0].counterpart.contact).toMatchObject({ email: `contact-${c.ids.entA}@example.org` });

    expect((await step(id, c.enterpriseA, { to: 'negotiating', note: '双方洽谈中' })).status).toBe(200);
    // Either party adds progress notes; an empty one is refused; a party cannot sign for the coordinator.
    expect((await step(id, c.university, { to: 'negotiating', note: '已寄送样品' })).status).toBe(200);
    expect((await step(id, c.university, { to: 'negotiating' })).status).toBe(400);
    expect((await step(id, c.enterpriseB, { to: 'negotiating', note: '旁观' })).status).toBe(404);
    expect(
      (
        await step(id, c.enterpriseA, {
          to: 'contracted',
          contract: { mode: 'license', amountCny: 800000, signedOn: '2026-11-20' },
        })
      ).status,
    ).toBe(403);
    // Contract details are required, and checked.
    expect((await step(id, c.coordinator, { to: 'contracted' })).status).toBe(400);
    expect(
      (
        await step(id, c.coordinator, {
          to: 'contracted',
          contract: { mode: 'license', amountCny: -1, signedOn: '2026-11-20' },
        })
      ).status,
    ).toBe(400);
    const done = await step(id, c.coordinator, {
      to: 'contracted',
      contract: { mode: 'license', amountCny: 800000, signedOn: '2026-11-20', registrationNo: '2026230103000123' },
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      status: 'contracted',
      contract: { mode: 'license', amountCny: 800000, signedOn: '2026-11-20', registrationNo: '2026230103000123' },
    });
    const final = await step(id, c.coordinator, { to: 'closed_no_deal', reason: 'price' });
    expect(final.status).toBe(409);
    expect(final.body.details.allowed).toEqual([]);

    const history = await t.http().get(`/api/v1/matches/${id}/history`).set(auth(c.enterpriseA));
    expect(history.body.items.map((h: { to: string; kind: string }) => `${h.kind}:${h.to}`)).toEqual([
      'status:approved',
      'status:introduced',
      'status:negotiating',
      'note:negotiating',
      'status:contracted',
    ]);
  });

  it('closes without a deal only with a reason from the list (and words when the reason is other)', async () => {
    const id = await suggest(
      db,
      needs[1],
      (
        await t
          .http()
          .post('/api/v1/capabilities')
          .set(auth(c.university))
          .send(capabilityBody({ title: '另一项电解液' }))
      ).body.id,
    );
    await t.http().post(`/api/v1/matches/${id}/approve`).set(auth(c.coordinator)).send({});
    expect((await step(id, c.coordinator, { to: 'closed_no_deal' })).status).toBe(400);
    expect((await step(id, c.coordinator, { to: 'closed_no_deal', reason: 'weather' })).status).toBe(400);
    expect((await step(id, c.coordinator, { to: 'closed_no_deal', reason: 'other' })).status).toBe(400);
    const closed = await step(id, c.coordinator, { to: 'closed_no_deal', reason: 'price', note: '报价差距过大' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed_no_deal', closeReason: 'price', closeNote: '报价差距过大' });
    // Closed before any introduction: the parties were never put in touch, so no contact details are shown.
    const seen = await t.http().get(`/api/v1/needs/${needs[1]}/matches`).set(auth(c.enterpriseA));
    const own = seen.body.items.find((x: { id: string }) => x.id === id);
    expect(own.counterpart.contact).toBeNull();
  });

  it('keeps a capability to its capacity, says why, and marks its other suggestions as full in the queue', async () => {
    // The capability takes one at a time; its first match is contracted (no longer active), so one more fits.
    const a = await suggest(db, needs[1], capId);
    const b = await suggest(db, needs[2], capId);
    expect((await t.http().post(`/api/v1/matches/${a}/approve`).set(auth(c.coordinator)).send({})).status).toBe(200);
    const full = await t.http().post(`/api/v1/matches/${b}/approve`).set(auth(c.coordinator)).send({});
    expect(full.status).toBe(409);
    expect(full.body.message).toMatch(/名额已满.*capacity/);
    const queue = await t.http().get(`/api/v1/matches?capabilityId=${capId}`).set(auth(c.coordinator));
    expect(queue.body.items.find((m: { id: string }) => m.id === b).capacity).toEqual({
      max: 1,
      active: 1,
      full: true,
    });
    // Freed when the other closes.
    await step(a, c.coordinator, { to: 'closed_no_deal', reason: 'timing' });
    expect((await t.http().post(`/api/v1/matches/${b}/approve`).set(auth(c.coordinator)).send({})).status).toBe(200);
  });

  it('notifies both parties in their inboxes (not the one who acted), and lets them mark notes read', async () => {
    const inbox = await t.http().get('/api/v1/notifications').set(auth(c.university));
    const types = inbox.body.items.map((n: { type: string }) => n.type);
    expect(types).toEqual(
      expect.arrayContaining(['match.introduced', 'match.negotiating', 'match.contracted', 'match.closed_no_deal']),
    );
    expect(inbox.body.unread).toBe(inbox.body.total);
    // The university wrote the note itself: it is not told of it; the enterprise is.
    const own = inbox.body.items.filter((n: { type: string }) => n.type === 'match.note');
    const ent = await t.http().get('/api/v1/notifications').set(auth(c.enterpriseA));
    expect(ent.body.items.filter((n: { type: string }) => n.type === 'match.note')).toHaveLength(1);
    expect(own).toHaveLength(0);
    const first = inbox.body.items[0].id;
    expect((await t.http().post(`/api/v1/notifications/${first}/read`).set(auth(c.university))).status).toBe(204);
    const after = (await t.http().get('/api/v1/notifications?pageSize=1').set(auth(c.university))).body;
    expect(after).toMatchObject({ unread: inbox.body.total - 1, total: inbox.body.total, page: 1, pageSize: 1 });
    expect(after.items).toHaveLength(1);
    // Someone else's notification is not found.
    expect((await t.http().post(`/api/v1/notifications/${first}/read`).set(auth(c.enterpriseA))).status).toBe(404);
  });

  it('delivers each event once to the webhook, signed, after the worker starts; retries a failing receiver', async () => {
    // No worker ran while the events above were written: they waited in the outbox and Redis.
    expect(hook.received).toHaveLength(0);
    hook.failNext(1);
    await t.startWorker();
    const deliveries = async () =>
      (await t.http().get(`/api/v1/organizations/${c.ids.uni}/webhooks/deliveries`).set(auth(c.university))).body
        .items as Array<{ status: string; attempts: number; type: string }>;
    const log = await until(deliveries, (d) => d.length > 0 && d.every((x) => x.status === 'delivered'), 30000);
    expect(log.every((x) => x.status === 'delivered')).toBe(true);
    expect(log.some((x) => x.attempts === 2)).toBe(true); // the one the receiver refused first
    const ids = hook.received.map((r) => String(r.headers['webhook-id']));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(log.length);
    const contracted = hook.received.find((r) => r.body.includes('"match.contracted"'))!;
    const verified = new Webhook(secret).verify(contracted.body, {
      'webhook-id': String(contracted.headers['webhook-id']),
      'webhook-timestamp': String(contracted.headers['webhook-timestamp']),
      'webhook-signature': String(contracted.headers['webhook-signature']),
    }) as { type: string; data: { amountCny?: number; contract: { amountCny: number } } };
    expect(verified).toMatchObject({ type: 'match.contracted', data: { contract: { amountCny: 800000 } } });
  });

  it('refuses webhooks to internal addresses unless allowed, and replays a failed delivery', async () => {
    for (const url of ['http://169.254.169.254/latest/meta-data', 'http://10.1.2.3/hook', 'http://localhost:9/hook']) {
      const r = await t
        .http()
        .put(`/api/v1/organizations/${c.ids.entA}/webhooks`)
        .set(auth(c.enterpriseA))
        .send({ url, secret });
      expect({ url, status: r.status }).toEqual({ url, status: 400 });
    }
    const weak = await t
      .http()
      .put(`/api/v1/organizations/${c.ids.entA}/webhooks`)
      .set(auth(c.enterpriseA))
      .send({ url: 'http://127.0.0.1:9/x', secret: 'whsec_c2hvcnQ=' });
    expect(weak.status).toBe(400);
    // Another organisation's webhook is not yours to set.
    expect(
      (
        await t
          .http()
          .put(`/api/v1/organizations/${c.ids.uni}/webhooks`)
          .set(auth(c.enterpriseA))
          .send({ url: 'http://127.0.0.1:9/x', secret })
      ).status,
    ).toBe(403);

    // A receiver that is down: the delivery is retried with backoff, then marked failed; once it is back, replay.
    const dead = 'http://127.0.0.1:9/hook';
    await t
      .http()
      .put(`/api/v1/organizations/${c.ids.uni}/webhooks`)
      .set(auth(c.university))
      .send({ url: dead, secret });
    const capability = (
      await t
        .http()
        .post('/api/v1/capabilities')
        .set(auth(c.university))
        .send(capabilityBody({ title: '第三项电解液' }))
    ).body.id;
    const id = await suggest(db, needs[0], capability);
    await t.http().post(`/api/v1/matches/${id}/approve`).set(auth(c.coordinator)).send({});
    await step(id, c.coordinator, { to: 'introduced' });
    const latest = async () =>
      (await t.http().get(`/api/v1/organizations/${c.ids.uni}/webhooks/deliveries`).set(auth(c.university))).body
        .items[0] as { id: string; eventId: string; status: string; attempts: number; type: string; lastError: string };
    const failed = await until(latest, (d) => d.status === 'failed', 40000, 500);
    expect(failed).toMatchObject({ type: 'match.introduced', status: 'failed', attempts: 5 });
    expect(failed.lastError).toMatch(/ECONNREFUSED|connect/i);
    await t
      .http()
      .put(`/api/v1/organizations/${c.ids.uni}/webhooks`)
      .set(auth(c.university))
      .send({ url: hookUrl, secret });
    const before = hook.received.length;
    const replay = await t
      .http()
      .post(`/api/v1/organizations/${c.ids.uni}/webhooks/deliveries/${failed.id}/replay`)
      .set(auth(c.university));
    expect(replay.status).toBe(200);
    await until(
      () => Promise.resolve(hook.received.length),
      (n) => n > before,
    );
    expect(hook.received.at(-1)!.body).toContain('match.introduced');
    // The same message id as the failed attempts had: a receiver can tell a replay from a new event.
    expect(hook.received.at(-1)!.headers['webhook-id']).toBe(`msg_${failed.eventId}`);
    // Only a failed delivery can be replayed.
    const delivered = await until(latest, (d) => d.status === 'delivered');
    expect(delivered.status).toBe('delivered');
    const again = await t
      .http()
      .post(`/api/v1/organizations/${c.ids.uni}/webhooks/deliveries/${failed.id}/replay`)
      .set(auth(c.university));
    expect(again.status).toBe(409);
  });

  it('closes needs past their deadline (withdrawing their suggestions) and warns owners a week before, once', async () => {
    const past = needs[2];
    const soon = (
      await t
        .http()
        .post('/api/v1/needs')
        .set(auth(c.enterpriseA))
        .send(needBody({ title: '即将到期的需求' }))
    ).body.id;
    await db.query(`UPDATE needs SET deadline = (now() AT TIME ZONE 'Asia/Shanghai')::date - 1 WHERE id = $1`, [past]);
    await db.query(`UPDATE needs SET deadline = (now() AT TIME ZONE 'Asia/Shanghai')::date + 3 WHERE id = $1`, [soon]);
    const open = await suggest(
      db,
      past,
      (
        await t
          .http()
          .post('/api/v1/capabilities')
          .set(auth(c.university))
          .send(capabilityBody({ title: '第四项电解液' }))
      ).body.id,
    );
    const worker = await t.startWorker();
    const deadlines = worker.get(DeadlinesService);
    expect(await deadlines.run()).toEqual({ closed: 1, warned: 1 });
    expect(await deadlines.run()).toEqual({ closed: 0, warned: 0 });
    // A deadline moved (later, still within the week) is announced again, once.
    await db.query(`UPDATE needs SET deadline = deadline + 2 WHERE id = $1`, [soon]);
    expect(await deadlines.run()).toEqual({ closed: 0, warned: 1 });
    expect(await deadlines.run()).toEqual({ closed: 0, warned: 0 });
    expect((await t.http().get(`/api/v1/needs/${past}`).set(auth(c.enterpriseA))).body.status).toBe('closed');
    // Its open suggestion is withdrawn by the matching job its closing queued.
    await until(
      async () => (await db.query(`SELECT 1 FROM matches WHERE id = $1`, [open])).length,
      (n) => n === 0,
    );
    expect(await db.query(`SELECT 1 FROM matches WHERE id = $1`, [open])).toHaveLength(0);
    const inbox = (await t.http().get('/api/v1/notifications').set(auth(c.enterpriseA))).body.items.map(
      (n: { type: string; needId: string }) => `${n.type}:${n.needId}`,
    );
    expect(inbox).toEqual(expect.arrayContaining([`need.expired:${past}`, `need.deadline_soon:${soon}`]));
    // The check is one scheduler in Redis, however many workers registered it.
    const { Queue } = await import('bullmq');
    const q = new Queue('notifications', { connection: { url: t.config.redisUrl }, prefix: t.config.queuePrefix });
    expect((await q.getJobSchedulers()).map((s) => s.key)).toEqual(['need-deadlines']);
    await q.close();
  });

  it('tells a coordinator of new suggestions above the score they set, once per matching write', async () => {
    expect(
      (await t.http().put('/api/v1/notifications/settings').set(auth(c.enterpriseA)).send({ minScore: 0.1 })).status,
    ).toBe(403);
    expect(
      (await t.http().put('/api/v1/notifications/settings').set(auth(c.coordinator)).send({ minScore: 2 })).status,
    ).toBe(400);
    const set = await t.http().put('/api/v1/notifications/settings').set(auth(c.coordinator)).send({ minScore: 0.01 });
    expect(set.body).toEqual({ minScore: 0.01 });
    const need = (
      await t
        .http()
        .post('/api/v1/needs')
        .set(auth(c.enterpriseA))
        .send(needBody({ title: '新的电池低温需求' }))
    ).body.id;
    const alerts = await until(
      async () =>
        (await t.http().get('/api/v1/notifications').set(auth(c.coordinator))).body.items.filter(
          (n: { type: string }) => n.type === 'match.suggested',
        ) as Array<{ payload: { count: number; matchIds: string[] } }>,
      (a) => a.length > 0,
    );
    expect(alerts).toHaveLength(1);
    const matches = (await t.http().get(`/api/v1/needs/${need}/matches`).set(auth(c.coordinator))).body.items;
    expect(alerts[0].payload.count).toBe(matches.length);
    // Those who set nothing hear nothing.
    const admin = (await t.http().get('/api/v1/notifications').set(auth(c.admin))).body.items;
    expect(admin.some((n: { type: string }) => n.type === 'match.suggested')).toBe(false);
  });
});
