import { DataSource } from 'typeorm';
import { createCast, type Cast } from './factories/cast.js';
import { capabilityBody, needBody } from './factories/listings.js';
import { until } from './factories/wait.js';
import { createTestApp, type TestApp } from './setup/test-app.js';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

interface Marked {
  text: string;
  marks: Array<[number, number]>;
}
interface HallItem {
  id: string;
  title: Marked;
  snippet: Marked;
  kind: string;
  district: string;
  organization: { name: string; kind: string };
}
interface HallPage {
  items: HallItem[];
  total: number;
  facets: Record<string, Array<{ value: string; count: number }>>;
}

const marked = (m: Marked) => m.marks.map(([s, e]) => m.text.slice(s, e));

describe('the halls (需求大厅 / 成果大厅)', () => {
  let t: TestApp;
  let c: Cast;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestApp();
    c = await createCast(t);
    // The enterprise's contacts, which the halls must never show.
    await t
      .http()
      .patch(`/api/v1/organizations/${c.ids.entA}`)
      .set(auth(c.admin))
      .send({ contact: { person: '示例联系人王工', email: 'wang.contact@example.com', phone: '13800000000' } })
      .expect(200);
    const need = async (key: string, body: Record<string, unknown>, token = c.enterpriseA) => {
      const r = await t.http().post('/api/v1/needs').set(auth(token)).send(needBody(body));
      expect(r.status).toBe(201);
      ids[key] = r.body.id;
    };
    await need('battery', {});
    await need('water', {
      title: '工业污水处理设备升级',
      description: '现有污水处理设备能耗高，寻求低能耗膜处理技术。',
      keywords: ['污水处理'],
      district: '香坊',
      sectors: ['hitech:0701'],
    });
    await need('restricted', { title: '保密的锂电池需求', visibility: 'restricted' });
    await need('paused', { title: '暂停的锂电池需求' });
    await t.http().patch(`/api/v1/needs/${ids.paused}`).set(auth(c.enterpriseA)).send({ status: 'paused' }).expect(200);
    const cap = async (key: string, body: Record<string, unknown>) => {
      const r = await t.http().post('/api/v1/capabilities').set(auth(c.university)).send(capabilityBody(body));
      expect(r.status).toBe(201);
      ids[key] = r.body.id;
    };
    await cap('electrolyte', {});
    await cap('membrane', {
      title: '低能耗膜法污水处理',
      description: '用于工业废水的膜分离工艺，能耗降低三成。',
      keywords: ['膜分离'],
      trl: 7,
      kind: 'patent',
    });
    await cap('withdrawn', { title: '已撤回的电解液成果' });
    await t
      .http()
      .patch(`/api/v1/capabilities/${ids.withdrawn}`)
      .set(auth(c.university))
      .send({ status: 'withdrawn' })
      .expect(200);
  });
  afterAll(() => t.close());

  const anon = (path: string) => t.http().get(`/api/v1/hall/${path}`);

  it('shows open public needs without sign-in, never restricted or paused ones, never contacts', async () => {
    const r = await anon('needs').expect(200);
    const page = r.body as HallPage;
    expect(page.items.map((x) => x.id).sort()).toEqual([ids.battery, ids.water].sort());
    expect(page.total).toBe(2);
    expect(page.items[0].organization).toEqual({ name: '示例甲科技有限公司', kind: 'enterprise' });
    expect(r.text).not.toMatch(/wang\.contact|13800000000|示例联系人/);
    await anon(`needs/${ids.battery}`).expect(200);
    await anon(`needs/${ids.restricted}`).expect(404);
    await anon(`needs/${ids.paused}`).expect(404);
    const detail = await anon(`needs/${ids.battery}`);
    expect(detail.body.description).toContain('耐低温电解液');
    expect(detail.text).not.toMatch(/wang\.contact|13800000000|示例联系人/);
  });

  it('searches with every word required, ranks, marks the words and counts facets', async () => {
    const both = (await anon(`needs?q=${encodeURIComponent('锂电池 低温')}`).expect(200)).body as HallPage;
    expect(both.items.map((x) => x.id)).toEqual([ids.battery]);
    // 寒地 is one of 低温's aliases to the engine, so it is marked too.
    expect(marked(both.items[0].title)).toEqual(['寒地', '锂电池', '低温']);
    expect(marked(both.items[0].snippet)).toEqual(expect.arrayContaining(['锂电池']));
    expect(both.facets.district).toEqual([{ value: '平房', count: 1 }]);
    expect(((await anon(`needs?q=${encodeURIComponent('锂电池 污水')}`)).body as HallPage).total).toBe(0);

    const caps = (await anon(`capabilities?q=${encodeURIComponent('污水处理')}`).expect(200)).body as HallPage;
    expect(caps.items.map((x) => x.id)).toEqual([ids.membrane]);
    expect(caps.facets.trl).toEqual([{ value: '7', count: 1 }]);
    expect(caps.facets.kind).toEqual([{ value: 'patent', count: 1 }]);
    const all = (await anon('capabilities').expect(200)).body as HallPage;
    expect(all.items.map((x) => x.id)).toEqual([ids.membrane, ids.electrolyte]); // newest first; withdrawn gone
    expect(all.facets.trl).toEqual([
      { value: '6', count: 1 },
      { value: '7', count: 1 },
    ]);
    expect(((await anon('capabilities?trl=6')).body as HallPage).items.map((x) => x.id)).toEqual([ids.electrolyte]);
    expect(((await anon('needs?district=香坊')).body as HallPage).items.map((x) => x.id)).toEqual([ids.water]);
    expect(((await anon('needs?sector=hitech:07')).body as HallPage).items.map((x) => x.id)).toEqual([ids.water]);
  });

  it('takes a listing holding a run too long to be a word (a DNA sequence), and finds it by its other words', async () => {
    const dna = 'ATGC'.repeat(600);
    const r = await t
      .http()
      .post('/api/v1/needs')
      .set(auth(c.enterpriseA))
      .send(
        needBody({ title: '基因片段测序服务', description: `待测样本序列：${dna}。需要高通量测序。`, keywords: [] }),
      );
    expect(r.status).toBe(201);
    const found = (await anon(`needs?q=${encodeURIComponent('测序')}`).expect(200)).body as HallPage;
    expect(found.items.map((x) => x.id)).toContain(r.body.id);
    await t.http().delete(`/api/v1/needs/${r.body.id}`).set(auth(c.enterpriseA)).expect(204);
  });

  it('drops a need from the hall the day after its deadline, before the deadline job closes it', async () => {
    const db = t.app.get(DataSource);
    await db.query(`UPDATE needs SET deadline = current_date - 2 WHERE id = $1`, [ids.water]);
    try {
      const page = (await anon('needs').expect(200)).body as HallPage;
      expect(page.items.map((x) => x.id)).toEqual([ids.battery]);
      await anon(`needs/${ids.water}`).expect(404);
    } finally {
      await db.query(`UPDATE needs SET deadline = NULL WHERE id = $1`, [ids.water]);
    }
  });

  it('gives visitors the sector schemes, so the halls can name sectors', async () => {
    const r = await t.http().get('/api/v1/taxonomies/hitech').expect(200);
    expect(r.body.codes.find((x: { code: string }) => x.code === '0603')?.nameZh).toBeTruthy();
    await t.http().get('/api/v1/taxonomies').expect(200);
    await t.http().put('/api/v1/taxonomies/hitech').send({}).expect(401);
  });

  it('refuses bad parameters with a 400 naming them', async () => {
    for (const [query, field] of [
      ['q=%E7%9A%84', 'q'],
      ['trl=10', 'trl'],
      ['district=北京', 'district'],
      ['sort=best', 'sort'],
      ['kind=patent', 'kind'],
      ['pageSize=1000', 'pageSize'],
    ]) {
      const r = await anon(`needs?${query}`);
      expect({ query, status: r.status, fields: r.body.details?.map((d: { field: string }) => d.field) }).toEqual({
        query,
        status: 400,
        fields: [field],
      });
    }
  });

  it('finds listings written before search terms existed, once the worker has caught up', async () => {
    const db = t.app.get(DataSource);
    // As the migration leaves rows written by an older release: no terms.
    await db.query(`UPDATE capabilities SET search_terms = NULL, search_version = NULL WHERE id = $1`, [ids.membrane]);
    expect(((await anon(`capabilities?q=${encodeURIComponent('膜分离')}`)).body as HallPage).total).toBe(0);
    const worker = await t.startWorker();
    try {
      const found = await until(
        async () => ((await anon(`capabilities?q=${encodeURIComponent('膜分离')}`)).body as HallPage).total,
        (n) => n === 1,
        90_000,
        500,
      );
      expect(found).toBe(1);
    } finally {
      await worker.close();
    }
  }, 120_000);
});

describe('the halls with PUBLIC_HALLS=false', () => {
  let t: TestApp;
  let c: Cast;
  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_HALLS: 'false' });
    c = await createCast(t);
  });
  afterAll(() => t.close());

  it('asks for sign-in, and shows any signed-in user the same hall', async () => {
    await t.http().get('/api/v1/hall/needs').expect(401);
    await t.http().get('/api/v1/hall/capabilities').expect(401);
    await t.http().get('/api/v1/taxonomies/hitech').expect(401);
    const r = await t.http().get('/api/v1/hall/capabilities').set(auth(c.enterpriseA)).expect(200);
    expect(r.body).toMatchObject({ items: [], total: 0, page: 1, pageSize: 20 });
  });
});

describe('the halls under a flood from one address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ HALL_RATE_LIMIT: '5' });
  });
  afterAll(() => t.close());

  it('answers 429 with Retry-After beyond HALL_RATE_LIMIT a minute, and says so in Chinese and English', async () => {
    for (let i = 0; i < 5; i++) await t.http().get('/api/v1/hall/capabilities').expect(200);
    const r = await t.http().get('/api/v1/hall/needs');
    expect(r.status).toBe(429);
    expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    expect(r.body.message).toMatch(/大厅访问过于频繁.*too many requests to the halls/);
    // The sector schemes, also open to visitors, share the address's budget; other routes are not counted.
    expect((await t.http().get('/api/v1/taxonomies')).status).toBe(429);
    await t.http().get('/health').expect(200);
  });
});
