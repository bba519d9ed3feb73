import { createCast, type Cast } from './factories/cast.js';
import { capabilityBody } from './factories/listings.js';
import { createTestApp, type TestApp } from './setup/test-app.js';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

describe('capabilities', () => {
  let t: TestApp;
  let c: Cast;
  beforeAll(async () => {
    t = await createTestApp();
    c = await createCast(t);
  });
  afterAll(() => t.close());

  const post = (token: string, body: unknown) =>
    t
      .http()
      .post('/api/v1/capabilities')
      .set(auth(token))
      .send(body as object);

  it('lets universities and institutes list capabilities for themselves', async () => {
    const u = await post(c.university, capabilityBody({ maxActiveIntroductions: 2 }));
    expect(u.status).toBe(201);
    expect(u.body).toMatchObject({
      organizationId: c.ids.uni,
      organizationName: '示例理工大学',
      trl: 6,
      status: 'active',
      maxActiveIntroductions: 2,
    });
    const i = await post(c.institute, capabilityBody({ kind: 'equipment', district: undefined, trl: null }));
    expect(i.status).toBe(201);
    expect(i.body).toMatchObject({ kind: 'equipment', district: 'outside', trl: null });
  });

  it('does not let an enterprise list a capability (403)', async () => {
    expect((await post(c.enterpriseA, capabilityBody())).status).toBe(403);
  });

  it.each([
    ['TRL 12', { trl: 12 }, 'trl'],
    ['TRL 0', { trl: 0 }, 'trl'],
    ['TRL 6.5', { trl: 6.5 }, 'trl'],
    ['an unknown IP status', { ipStatus: 'secret-ish' }, 'ipStatus'],
    ['an unknown kind', { kind: 'idea' }, 'kind'],
    ['a zero capacity', { maxActiveIntroductions: 0 }, 'maxActiveIntroductions'],
    ['an unknown sector', { sectors: ['gbt4754:ZZ'] }, 'sectors[0]'],
    ['a description over 20,000 characters', { description: '字'.repeat(20_001) }, 'description'],
  ])('answers 400 naming the field for %s', async (_what, change, field) => {
    const r = await post(c.university, capabilityBody(change));
    expect(r.status).toBe(400);
    expect(r.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('is readable by every signed-in user, enterprises included', async () => {
    const id = (await post(c.university, capabilityBody({ title: '焊接机器人视觉团队', kind: 'expertise' }))).body.id;
    const r = await t.http().get(`/api/v1/capabilities/${id}`).set(auth(c.enterpriseB));
    expect(r.status).toBe(200);
    const list = await t.http().get('/api/v1/capabilities?q=焊接').set(auth(c.enterpriseB));
    expect(list.body.items.map((x: { id: string }) => x.id)).toEqual([id]);
  });

  it('lets only the owner or a coordinator change or withdraw it', async () => {
    const id = (await post(c.university, capabilityBody({ title: '可撤回的成果' }))).body.id;
    expect((await t.http().patch(`/api/v1/capabilities/${id}`).set(auth(c.institute)).send({ trl: 7 })).status).toBe(
      403,
    );
    expect((await t.http().patch(`/api/v1/capabilities/${id}`).set(auth(c.enterpriseA)).send({ trl: 7 })).status).toBe(
      403,
    );
    const w = await t
      .http()
      .patch(`/api/v1/capabilities/${id}`)
      .set(auth(c.university))
      .send({ status: 'withdrawn', trl: 7 });
    expect(w.status).toBe(200);
    expect(w.body).toMatchObject({ status: 'withdrawn', trl: 7 });
    const bad = await t.http().patch(`/api/v1/capabilities/${id}`).set(auth(c.coordinator)).send({ trl: 10 });
    expect(bad.status).toBe(400);
    expect((await t.http().delete(`/api/v1/capabilities/${id}`).set(auth(c.institute))).status).toBe(403);
    expect((await t.http().delete(`/api/v1/capabilities/${id}`).set(auth(c.coordinator))).status).toBe(204);
  });

  it('takes batches all or nothing, with row errors', async () => {
    const before = (await t.http().get('/api/v1/capabilities?mine=true').set(auth(c.institute))).body.total;
    const bad = await t
      .http()
      .post('/api/v1/capabilities/batch')
      .set(auth(c.institute))
      .send({ items: [capabilityBody(), capabilityBody({ trl: 99 }), 'not an object'] });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { index: number }) => d.index)).toEqual([1, 2]);
    expect((await t.http().get('/api/v1/capabilities?mine=true').set(auth(c.institute))).body.total).toBe(before);
    const ok = await t
      .http()
      .post('/api/v1/capabilities/batch')
      .set(auth(c.institute))
      .send({ items: [capabilityBody(), capabilityBody({ title: '第二项' })] });
    expect(ok.status).toBe(201);
    expect(ok.body.items.map((x: { title: string }) => x.title)).toEqual(['耐低温锂离子电池电解液', '第二项']);
  });

  it('takes a batch of 1,000 in one request', async () => {
    const items = Array.from({ length: 1000 }, (_, i) => capabilityBody({ title: `成果 ${i}` }));
    const r = await t
      .http()
      .post('/api/v1/capabilities/batch')
      .set(auth(c.coordinator))
      .send({ items: items.map((x) => ({ ...x, organizationId: c.ids.uni })) });
    expect(r.status).toBe(201);
    expect(r.body.items).toHaveLength(1000);
    expect(r.body.items[999].title).toBe('成果 999');
  });

  it('answers 400 naming the field for hostile values, never letting them reach the database', async () => {
    const id = (await post(c.university, capabilityBody())).body.id as string;
    const fields = (r: { body: { details?: Array<{ field: string }> } }) => [
      ...new Set(r.body.details?.map((d) => d.field)),
    ];
    for (const field of ['title', 'kind', 'status', 'district', 'cooperationModes']) {
      const r = await t
        .http()
        .patch(`/api/v1/capabilities/${id}`)
        .set(auth(c.university))
        .send({ [field]: null });
      expect({ field, status: r.status, fields: fields(r) }).toEqual({ field, status: 400, fields: [field] });
    }
    // trl, ipStatus and the capacity may be cleared.
    const cleared = await t
      .http()
      .patch(`/api/v1/capabilities/${id}`)
      .set(auth(c.university))
      .send({ trl: null, ipStatus: null, maxActiveIntroductions: null });
    expect(cleared.status).toBe(200);
    const page = await t.http().get('/api/v1/capabilities?page=1e20').set(auth(c.university));
    expect({ status: page.status, fields: fields(page) }).toEqual({ status: 400, fields: ['page'] });
    const nul = await post(c.university, capabilityBody({ keywords: ['a\u0000b'] }));
    expect({ status: nul.status, fields: fields(nul) }).toEqual({ status: 400, fields: ['keywords[0]'] });
    const modes = await post(
      c.university,
      capabilityBody({ cooperationModes: Array.from({ length: 50 }, (_, i) => `m${i}`) }),
    );
    expect(modes.status).toBe(400);
    expect(fields(modes)).toEqual(['cooperationModes']);
  });

  it('finds every word typed in the title, description or keywords, as the engine segments them, best match first', async () => {
    const t2 = await createTestApp();
    try {
      const c2 = await createCast(t2);
      const titles = async (q: string) =>
        (
          (
            await t2
              .http()
              .get(`/api/v1/capabilities?q=${encodeURIComponent(q)}&pageSize=100`)
              .set(auth(c2.enterpriseA))
          ).body.items as Array<{ title: string }>
        )
          .map((x) => x.title)
          .sort();
      const listings = [
        capabilityBody({
          title: '耐低温锂离子电池电解液',
          description: '零下40摄氏度容量保持率85%。',
          keywords: ['电解液'],
        }),
        capabilityBody({
          title: '焊接机器人视觉',
          description: 'Weld seam tracking with Machine Vision。',
          keywords: ['焊缝'],
        }),
        capabilityBody({
          title: '寒地水稻育种',
          description: '耐冷品种，第一积温带。',
          keywords: ['水稻', '池塘养殖'],
        }),
      ];
      for (const body of listings) {
        expect((await t2.http().post('/api/v1/capabilities').set(auth(c2.university)).send(body)).status).toBe(201);
      }
      const list = (await t2.http().get('/api/v1/capabilities').set(auth(c2.university))).body.items;
      expect(list).toHaveLength(3);
      // A word in the title; in the description only; part of a keyword; English in any case, stemmed.
      expect(await titles('电池')).toEqual(['耐低温锂离子电池电解液']);
      expect(await titles('保持率')).toEqual(['耐低温锂离子电池电解液']);
      expect(await titles('养殖')).toEqual(['寒地水稻育种']);
      expect(await titles('machine vision')).toEqual(['焊接机器人视觉']);
      expect(await titles('SEAM')).toEqual(['焊接机器人视觉']);
      // The engine's aliases: 锂电池 is 锂离子电池, "weld" is 焊接.
      expect(await titles('锂电池')).toEqual(['耐低温锂离子电池电解液']);
      expect(await titles('welding')).toEqual(['焊接机器人视觉']);
      // Every word must be found, wherever it stands; characters that are not a word there find nothing.
      expect(await titles('水稻 育种')).toEqual(['寒地水稻育种']);
      expect(await titles('水稻 电池')).toEqual([]);
      expect(await titles('电解池')).toEqual([]);
      // Operators of PostgreSQL's query syntax are plain text.
      expect(await titles("电池 & !电解液 | ' :*")).toEqual(['耐低温锂离子电池电解液']);
      // Nothing to search for is a clear 400 naming q, not an empty list.
      for (const q of ['85%', '_', '的']) {
        const r = await t2
          .http()
          .get(`/api/v1/capabilities?q=${encodeURIComponent(q)}`)
          .set(auth(c2.enterpriseA));
        const named = (r.body as { details?: Array<{ field: string }> }).details?.map((d) => d.field);
        expect({ q, status: r.status, named }).toEqual({ q, status: 400, named: ['q'] });
      }
      // A word in a title ranks above the same word in a description; sort=newest lists newest first instead.
      const ranked = capabilityBody({ title: '水稻秸秆还田', description: '秸秆粉碎。', keywords: [] });
      const later = capabilityBody({ title: '农机作业', description: '适用于水稻田。', keywords: [] });
      for (const body of [ranked, later]) {
        expect((await t2.http().post('/api/v1/capabilities').set(auth(c2.university)).send(body)).status).toBe(201);
      }
      const order = async (sort: string) =>
        (
          (await t2.http().get(`/api/v1/capabilities?q=水稻&sort=${sort}`).set(auth(c2.enterpriseA))).body
            .items as Array<{ title: string }>
        ).map((x) => x.title);
      expect((await order('relevance')).indexOf('农机作业')).toBe(2);
      expect(await order('newest')).toEqual(['农机作业', '水稻秸秆还田', '寒地水稻育种']);
    } finally {
      await t2.close();
    }
  });
});
