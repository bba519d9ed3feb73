import { Queue } from 'bullmq';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCast, type Cast } from './factories/cast.js';
import { needBody } from './factories/listings.js';
import { unfinishedRequest } from './setup/processes.js';
import { createTestApp, type TestApp } from './setup/test-app.js';

describe('needs', () => {
  let t: TestApp;
  let c: Cast;
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await createTestApp();
    c = await createCast(t);
  });
  afterAll(() => t.close());

  const post = (token: string, body: unknown) =>
    t
      .http()
      .post('/api/v1/needs')
      .set(auth(token))
      .send(body as object);

  describe('create', () => {
    it('lets an enterprise member post a need for its own organisation, with defaults filled in', async () => {
      const r = await post(c.enterpriseA, { title: '  焊缝视觉检测  ', description: '需要高精度焊缝缺陷检测。' });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({
        organizationId: c.ids.entA,
        organizationName: '示例甲科技有限公司',
        kind: 'technical_problem',
        title: '焊缝视觉检测',
        district: '平房', // the organisation's district
        visibility: 'public',
        status: 'open',
        sectors: [],
        keywords: [],
        budget: { min: null, max: null },
        deadline: null,
      });
      expect(r.body.id).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('trims and de-duplicates keywords', async () => {
      const r = await post(c.enterpriseA, needBody({ keywords: [' 锂电池 ', '锂电池', 'AI', 'ai', '', '低温'] }));
      expect(r.status).toBe(201);
      expect(r.body.keywords).toEqual(['锂电池', 'AI', '低温']);
    });

    it('refuses more than 20 keywords or one longer than 30 characters', async () => {
      const many = await post(c.enterpriseA, needBody({ keywords: Array.from({ length: 21 }, (_, i) => `词${i}`) }));
      expect(many.status).toBe(400);
      expect(many.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'keywords' })]));
      const long = await post(c.enterpriseA, needBody({ keywords: ['低温', 'x'.repeat(31)] }));
      expect(long.status).toBe(400);
      expect(JSON.stringify(long.body.details)).toContain('keywords');
    });

    it('refuses a university posting a need (403) and a member posting for another organisation (403)', async () => {
      expect((await post(c.university, needBody())).status).toBe(403);
      expect((await post(c.enterpriseA, needBody({ organizationId: c.ids.entB }))).status).toBe(403);
    });

    it('lets a coordinator post on an enterprise’s behalf, naming it', async () => {
      const missing = await post(c.coordinator, needBody());
      expect(missing.status).toBe(400);
      expect(missing.body.details[0].field).toBe('organizationId');
      const notEnterprise = await post(c.coordinator, needBody({ organizationId: c.ids.uni }));
      expect(notEnterprise.status).toBe(400);
      const ok = await post(c.coordinator, needBody({ organizationId: c.ids.entB }));
      expect(ok.status).toBe(201);
      expect(ok.body.organizationId).toBe(c.ids.entB);
    });

    it.each([
      ['an empty title', { title: '' }, 'title'],
      ['a 201-character title', { title: '长'.repeat(201) }, 'title'],
      ['a missing description', { description: undefined }, 'description'],
      ['an unknown sector code', { sectors: ['hitech:9999'] }, 'sectors[0]'],
      ['a sector without a scheme', { sectors: ['0603'] }, 'sectors[0]'],
      ['an unknown scheme', { sectors: ['nope:01'] }, 'sectors[0]'],
      ['an unknown kind', { kind: 'wish' }, 'kind'],
      ['an unknown cooperation mode', { cooperationModes: ['gift'] }, 'cooperationModes'],
      ['a budget minimum above its maximum', { budget: { min: 10, max: 5 } }, 'budget'],
      ['a negative budget', { budget: { min: -1 } }, 'budget.min'],
      ['a fractional budget', { budget: { max: 1.5 } }, 'budget.max'],
      ['a deadline in the past', { deadline: '2020-01-01' }, 'deadline'],
      ['a deadline that is no date', { deadline: '2027-02-30' }, 'deadline'],
      ['an unknown district', { district: '朝阳' }, 'district'],
      ['an unknown field', { colour: 'red' }, 'colour'],
    ])('answers 400 naming the field for %s, and writes nothing', async (_what, change, field) => {
      const before = (await t.http().get('/api/v1/needs?mine=true').set(auth(c.enterpriseB))).body.total;
      const r = await post(c.enterpriseB, needBody(change));
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(r.body.details.map((d: { field: string }) => d.field)).toContain(field);
      const after = (await t.http().get('/api/v1/needs?mine=true').set(auth(c.enterpriseB))).body.total;
      expect(after).toBe(before);
    });

    it('answers 400 for malformed JSON and 413 for a body over 1 MB, in the one error shape', async () => {
      const bad = await t
        .http()
        .post('/api/v1/needs')
        .set(auth(c.enterpriseA))
        .set('content-type', 'application/json')
        .send('{"title": ');
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(bad.body.message).toBe('请求体不是有效的 JSON / Malformed JSON body');
      expect(bad.body.details[0].field).toBe('body');
      const big = await post(c.enterpriseA, needBody({ description: 'x'.repeat(1_100_000) }));
      expect(big.status).toBe(413);
      expect(big.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
    });

    it('needs a token (401)', async () => {
      const r = await t.http().post('/api/v1/needs').send(needBody());
      expect(r.status).toBe(401);
      expect(r.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    });
  });

  describe('visibility', () => {
    let restricted: string;
    let open: string;
    beforeAll(async () => {
      restricted = (await post(c.enterpriseA, needBody({ title: '保密需求：新型涂层', visibility: 'restricted' }))).body
        .id;
      open = (await post(c.enterpriseA, needBody({ title: '公开需求：焊接机器人' }))).body.id;
    });

    it('hides a restricted need from other organisations (404) and from their lists', async () => {
      expect((await t.http().get(`/api/v1/needs/${restricted}`).set(auth(c.enterpriseB))).status).toBe(404);
      expect((await t.http().get(`/api/v1/needs/${restricted}`).set(auth(c.university))).status).toBe(404);
      const list = await t.http().get('/api/v1/needs?pageSize=100').set(auth(c.university));
      const ids = list.body.items.map((n: { id: string }) => n.id);
      expect(ids).toContain(open);
      expect(ids).not.toContain(restricted);
    });

    it('shows it to the owner and to coordinators', async () => {
      expect((await t.http().get(`/api/v1/needs/${restricted}`).set(auth(c.enterpriseA))).status).toBe(200);
      expect((await t.http().get(`/api/v1/needs/${restricted}`).set(auth(c.coordinator))).status).toBe(200);
      const list = await t.http().get('/api/v1/needs?pageSize=100').set(auth(c.coordinator));
      expect(list.body.items.map((n: { id: string }) => n.id)).toContain(restricted);
    });

    it('does not let another organisation change or delete it', async () => {
      expect(
        (await t.http().patch(`/api/v1/needs/${restricted}`).set(auth(c.enterpriseB)).send({ title: '改' })).status,
      ).toBe(404);
      expect(
        (await t.http().patch(`/api/v1/needs/${open}`).set(auth(c.enterpriseB)).send({ title: '改' })).status,
      ).toBe(403);
      expect((await t.http().delete(`/api/v1/needs/${open}`).set(auth(c.university))).status).toBe(403);
      expect((await t.http().get(`/api/v1/needs/${open}`).set(auth(c.enterpriseB))).body.title).toBe(
        '公开需求：焊接机器人',
      );
    });

    it('answers 404 for an id that does not exist or is not an id', async () => {
      expect(
        (await t.http().get('/api/v1/needs/00000000-0000-4000-8000-000000000000').set(auth(c.coordinator))).status,
      ).toBe(404);
      expect((await t.http().get('/api/v1/needs/not-an-id').set(auth(c.coordinator))).status).toBe(404);
    });
  });

  describe('lists', () => {
    let t2: TestApp;
    let c2: Cast;
    beforeAll(async () => {
      t2 = await createTestApp();
      c2 = await createCast(t2);
      const p = (token: string, b: Record<string, unknown>) =>
        t2.http().post('/api/v1/needs').set(auth(token)).send(needBody(b));
      await p(c2.enterpriseA, { title: '软件需求', sectors: ['hitech:0101'], district: '平房' });
      await p(c2.enterpriseA, { title: '通信需求', sectors: ['hitech:0104'], district: '南岗', keywords: ['5G'] });
      await p(c2.enterpriseB, { title: '新材料需求', sectors: ['hitech:0401'], district: '香坊' });
      const paused = await p(c2.enterpriseB, { title: '暂停的需求', sectors: [] });
      await t2.http().patch(`/api/v1/needs/${paused.body.id}`).set(auth(c2.enterpriseB)).send({ status: 'paused' });
    });
    afterAll(() => t2.close());

    const titles = async (query: string, token = c2.coordinator) => {
      const r = await t2.http().get(`/api/v1/needs?${query}`).set(auth(token));
      expect(r.status).toBe(200);
      return (r.body.items as Array<{ title: string }>).map((n) => n.title).sort();
    };

    it('filters by sector, including sub-sectors of a top-level field', async () => {
      expect(await titles('sector=hitech:0101')).toEqual(['软件需求']);
      expect(await titles('sector=hitech:01')).toEqual(['软件需求', '通信需求']);
    });

    it('filters by status, district, words and ownership', async () => {
      expect(await titles('status=paused')).toEqual(['暂停的需求']);
      expect(await titles('district=南岗')).toEqual(['通信需求']);
      expect(await titles('q=5g')).toEqual(['通信需求']);
      expect(await titles('mine=true', c2.enterpriseB)).toEqual(['新材料需求', '暂停的需求']);
      expect(await titles('mine=true', c2.university)).toEqual([]);
    });

    it('pages with {items, total, page, pageSize}, newest first, at most 100 a page', async () => {
      const r = await t2.http().get('/api/v1/needs?page=2&pageSize=3').set(auth(c2.coordinator));
      expect(r.body).toMatchObject({ total: 4, page: 2, pageSize: 3 });
      expect(r.body.items).toHaveLength(1);
      expect(r.body.items[0].title).toBe('软件需求');
      const tooBig = await t2.http().get('/api/v1/needs?pageSize=101').set(auth(c2.coordinator));
      expect(tooBig.status).toBe(400);
      expect(tooBig.body.details[0].field).toBe('pageSize');
    });
  });

  describe('update and delete', () => {
    it('lets the owner change a need and keeps fields it did not send', async () => {
      const id = (await post(c.enterpriseA, needBody({ title: '待修改', budget: { min: 100, max: 200 } }))).body.id;
      const r = await t
        .http()
        .patch(`/api/v1/needs/${id}`)
        .set(auth(c.enterpriseA))
        .send({ budget: { max: 500 }, status: 'paused' });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ title: '待修改', budget: { min: 100, max: 500 }, status: 'paused' });
      const bad = await t
        .http()
        .patch(`/api/v1/needs/${id}`)
        .set(auth(c.enterpriseA))
        .send({ budget: { max: 50 } });
      expect(bad.status).toBe(400);
      expect(bad.body.details[0].field).toBe('budget');
    });

    it('lets the owner delete a need (204), after which it is gone (404)', async () => {
      const id = (await post(c.enterpriseA, needBody({ title: '待删除' }))).body.id;
      expect((await t.http().delete(`/api/v1/needs/${id}`).set(auth(c.enterpriseA))).status).toBe(204);
      expect((await t.http().get(`/api/v1/needs/${id}`).set(auth(c.enterpriseA))).status).toBe(404);
    });
  });

  describe('batches', () => {
    it('accepts up to 1,000 valid needs and returns them in order', async () => {
      const items = Array.from({ length: 5 }, (_, i) => needBody({ title: `批量需求 ${i}` }));
      const r = await t.http().post('/api/v1/needs/batch').set(auth(c.enterpriseB)).send({ items });
      expect(r.status).toBe(201);
      expect(r.body.items.map((n: { title: string }) => n.title)).toEqual(items.map((i) => i.title));
    });

    it('refuses the whole batch when one item is invalid, naming the item, and writes nothing', async () => {
      const before = (await t.http().get('/api/v1/needs?mine=true').set(auth(c.enterpriseB))).body.total;
      const r = await t
        .http()
        .post('/api/v1/needs/batch')
        .set(auth(c.enterpriseB))
        .send({ items: [needBody({ title: '好' }), needBody({ title: '' }), needBody({ sectors: ['hitech:nope'] })] });
      expect(r.status).toBe(400);
      expect(r.body.details).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ index: 1, field: 'items[1].title' }),
          expect.objectContaining({ index: 2, field: 'items[2].sectors[0]' }),
        ]),
      );
      expect((await t.http().get('/api/v1/needs?mine=true').set(auth(c.enterpriseB))).body.total).toBe(before);
    });

    it('refuses more than 1,000 items and an empty batch', async () => {
      const many = await t
        .http()
        .post('/api/v1/needs/batch')
        .set(auth(c.enterpriseB))
        .send({ items: Array.from({ length: 1001 }, () => ({ title: 'x', description: 'y' })) });
      expect(many.status).toBe(400);
      expect(many.body.details[0].field).toBe('items');
      expect((await t.http().post('/api/v1/needs/batch').set(auth(c.enterpriseB)).send({ items: [] })).status).toBe(
        400,
      );
    });

    it('refuses a batch with an item for another organisation (403), writing nothing', async () => {
      const r = await t
        .http()
        .post('/api/v1/needs/batch')
        .set(auth(c.enterpriseB))
        .send({ items: [needBody(), needBody({ organizationId: c.ids.entA })] });
      expect(r.status).toBe(403);
    });
  });

  describe('hostile input', () => {
    const patch = (id: string, body: unknown) =>
      t
        .http()
        .patch(`/api/v1/needs/${id}`)
        .set(auth(c.enterpriseA))
        .send(body as object);
    const fields = (r: { body: { details?: Array<{ field: string }> } }) => r.body.details?.map((d) => d.field);

    it('bounds the page (400 naming it) instead of asking PostgreSQL for an offset past any list', async () => {
      for (const page of ['1e20', '100000000000000000000', '1e308', '10001']) {
        const r = await t.http().get(`/api/v1/needs?page=${page}`).set(auth(c.enterpriseA));
        expect({ page, status: r.status, fields: fields(r) }).toEqual({ page, status: 400, fields: ['page'] });
      }
      expect((await t.http().get('/api/v1/needs?page=10000').set(auth(c.enterpriseA))).status).toBe(200);
    });

    it('refuses deadlines the calendar does not have, on create, in a batch and on change', async () => {
      const id = (await post(c.enterpriseA, needBody())).body.id as string;
      for (const deadline of ['2026-02-31', '2026-13-01', '0000-01-01', '2027-02-29', '+20000-01-01']) {
        const created = await post(c.enterpriseA, needBody({ deadline }));
        expect({ deadline, status: created.status, fields: fields(created) }).toEqual({
          deadline,
          status: 400,
          fields: ['deadline'],
        });
        const changed = await patch(id, { deadline });
        expect({ deadline, status: changed.status, fields: fields(changed) }).toEqual({
          deadline,
          status: 400,
          fields: ['deadline'],
        });
      }
      const batch = await t
        .http()
        .post('/api/v1/needs/batch')
        .set(auth(c.enterpriseA))
        .send({ items: [needBody(), needBody({ deadline: '2026-02-31' })] });
      expect(batch.status).toBe(400);
      expect(fields(batch)).toEqual(['items[1].deadline']);
    });

    it('refuses null for a field that cannot be empty, rather than letting it reach the database', async () => {
      const id = (await post(c.enterpriseA, needBody())).body.id as string;
      for (const field of ['title', 'description', 'kind', 'district', 'visibility', 'status', 'sectors', 'keywords']) {
        const r = await patch(id, { [field]: null });
        expect({ field, status: r.status, fields: [...new Set(fields(r))] }).toEqual({
          field,
          status: 400,
          fields: [field],
        });
      }
      // Where null means "none", it still does.
      expect((await patch(id, { deadline: null, budget: { min: null, max: null } })).status).toBe(200);
    });

    it('refuses NUL characters, broken Unicode and nesting no body needs, naming the field', async () => {
      const nul = await post(c.enterpriseA, needBody({ description: '含有\u0000空字符' }));
      expect(nul.status).toBe(400);
      expect(nul.body.details).toEqual([{ field: 'description', message: expect.stringMatching(/NUL/) }]);
      const keyword = await post(c.enterpriseA, needBody({ keywords: ['好', 'a\u0000'] }));
      expect(fields(keyword)).toEqual(['keywords[1]']);
      const surrogate = await post(c.enterpriseA, needBody({ title: 'bad \ud800 half' }));
      expect(surrogate.status).toBe(400);
      expect(fields(surrogate)).toEqual(['title']);
      let deep: unknown = 'x';
      for (let i = 0; i < 100; i++) deep = [deep];
      const nested = await post(c.enterpriseA, needBody({ keywords: deep }));
      expect(nested.status).toBe(400);
      expect(nested.body.details[0].message).toMatch(/nested/);
      const query = await t.http().get('/api/v1/needs?q=%00').set(auth(c.enterpriseA));
      expect(query.status).toBe(400);
      expect(fields(query)).toEqual(['q']);
    });
  });

  describe('request bodies', () => {
    let port: number;
    beforeAll(async () => {
      const server = t.app.getHttpServer() as Server;
      if (!server.listening) await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
      port = (server.address() as AddressInfo).port;
    });

    const unfinished = async (headers: Record<string, string>, first: Buffer) => {
      const r = await unfinishedRequest(port, '/api/v1/needs', { ...auth(c.enterpriseA), ...headers }, first);
      return { ...r, body: r.body as { statusCode: number; message: string } };
    };

    it('answers 413 to a declared length over 1 MB before reading the body, and closes the connection', async () => {
      const r = await unfinished(
        { 'content-type': 'application/json', 'content-length': String(2 * 1024 * 1024) },
        Buffer.from('{"title":"'),
      );
      expect(r.status).toBe(413);
      expect(r.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
      expect(r.connection).toBe('close');
    });

    it('stops reading a chunked body at 1 MB and answers 413', async () => {
      const r = await unfinished(
        { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
        Buffer.from(`{"description":"${'x'.repeat(1024 * 1024 + 10)}`),
      );
      expect(r.status).toBe(413);
      expect(r.body.message).toMatch(/1 MB/);
    });

    it('refuses a CSV or text body with 415 without reading it (raw bodies are for the import routes only)', async () => {
      for (const type of ['text/csv', 'text/plain', 'application/octet-stream']) {
        const r = await unfinished(
          { 'content-type': type, 'content-length': String(10 * 1024 * 1024) },
          Buffer.alloc(64 * 1024, 0x61),
        );
        expect({ type, status: r.status }).toEqual({ type, status: 415 });
        expect(r.body.message).toMatch(/JSON/);
      }
    });

    it('still reads JSON and HTML-form bodies, compressed ones too', async () => {
      const form = await t
        .http()
        .post('/api/v1/auth/login')
        .type('form')
        .send({ email: 'a@example.org', password: 'wrong-password' });
      // The console's sign-in form: a wrong password sends the browser back to the form, naming the e-mail it read.
      expect(form.status).toBe(303);
      expect(form.headers.location).toMatch(/^\/login\?error=.*email=a%40example\.org/);
      const { gzipSync } = await import('node:zlib');
      const compressed = gzipSync(JSON.stringify(needBody({ title: '压缩的请求体' })));
      const gz = await t
        .http()
        .post('/api/v1/needs')
        .set(auth(c.enterpriseA))
        .set('content-type', 'application/json')
        .set('content-encoding', 'gzip')
        // The bytes as they are (superagent would write a Buffer out as JSON).
        .serialize(() => compressed as unknown as string)
        .send({});
      expect(gz.status).toBe(201);
      expect(gz.body.title).toBe('压缩的请求体');
    });
  });

  describe('matching jobs', () => {
    it('queues a matching job for each write of needs: create, change, delete, batch', async () => {
      const t3 = await createTestApp();
      const c3 = await createCast(t3);
      const queue = new Queue('matching', { connection: { url: t3.config.redisUrl }, prefix: t3.config.queuePrefix });
      try {
        const id = (await t3.http().post('/api/v1/needs').set(auth(c3.enterpriseA)).send(needBody())).body.id;
        await t3.http().patch(`/api/v1/needs/${id}`).set(auth(c3.enterpriseA)).send({ title: '改过的标题' });
        await t3.http().delete(`/api/v1/needs/${id}`).set(auth(c3.enterpriseA));
        const jobs = (await queue.getJobs(['waiting', 'delayed', 'active', 'completed'])).filter((j) =>
          j.data.ids?.includes(id),
        );
        expect(jobs.map((j) => [j.name, j.data.op]).sort()).toEqual([
          ['need-changed', 'delete'],
          ['need-changed', 'upsert'],
          ['need-changed', 'upsert'],
        ]);
        expect(new Set(jobs.map((j) => j.data.seq)).size).toBe(3);
        // A batch is one job for all its needs.
        const batch = await t3
          .http()
          .post('/api/v1/needs/batch')
          .set(auth(c3.enterpriseA))
          .send({ items: [needBody(), needBody()] });
        const batchJobs = (await queue.getJobs(['waiting'])).filter((j) => j.data.ids?.length === 2);
        expect(batchJobs.map((j) => j.data.ids)).toEqual([batch.body.items.map((n: { id: string }) => n.id)]);
      } finally {
        await queue.close();
        await t3.close();
      }
    });
  });
});
