import { createCast, type Cast } from './factories/cast.js';
import { needBody } from './factories/listings.js';
import { createTestApp, type TestApp } from './setup/test-app.js';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
type Code = { code: string; parent: string | null; nameZh: string; nameEn: string | null };

describe('taxonomies', () => {
  let t: TestApp;
  let c: Cast;
  beforeAll(async () => {
    t = await createTestApp();
    c = await createCast(t);
  });
  afterAll(() => t.close());

  it('ships hitech (2016): the 8 fields, each with its second level, in Chinese and English', async () => {
    const r = await t.http().get('/api/v1/taxonomies/hitech').set(auth(c.enterpriseA));
    expect(r.status).toBe(200);
    const codes = r.body.codes as Code[];
    const top = codes.filter((x) => !x.parent);
    expect(top.map((x) => x.nameZh)).toEqual([
      '电子信息',
      '生物与新医药',
      '航空航天',
      '新材料',
      '高技术服务',
      '新能源与节能',
      '资源与环境',
      '先进制造与自动化',
    ]);
    for (const f of top) expect(codes.filter((x) => x.parent === f.code).length).toBeGreaterThanOrEqual(2);
    expect(codes.every((x) => x.nameEn)).toBe(true);
  });

  it('ships GB/T 4754-2017 with its 20 门类 and 97 大类', async () => {
    const r = await t.http().get('/api/v1/taxonomies/gbt4754').set(auth(c.university));
    const codes = r.body.codes as Code[];
    expect(codes.filter((x) => !x.parent)).toHaveLength(20);
    expect(codes.filter((x) => x.parent)).toHaveLength(97);
    expect(codes.find((x) => x.code === 'C')?.nameZh).toBe('制造业');
    expect(codes.find((x) => x.code === '27')).toMatchObject({ parent: 'C', nameZh: '医药制造业' });
  });

  it('lists schemes and answers 404 for an unknown one', async () => {
    const r = await t.http().get('/api/v1/taxonomies').set(auth(c.enterpriseA));
    expect(r.body.items.map((s: { scheme: string }) => s.scheme)).toEqual(['gbt4754', 'hitech']);
    expect((await t.http().get('/api/v1/taxonomies/nope').set(auth(c.enterpriseA))).status).toBe(404);
  });

  const csl = {
    name: '学科分类 Disciplines',
    codes: [
      { code: '工学', nameZh: '工学', nameEn: 'Engineering' },
      { code: '材料科学与工程', parent: '工学', nameZh: '材料科学与工程' },
      { code: '计算机科学与技术', parent: '工学', nameZh: '计算机科学与技术' },
    ],
  };

  it('lets an admin import a scheme, whose codes then work as sectors', async () => {
    const r = await t.http().put('/api/v1/taxonomies/csl').set(auth(c.admin)).send(csl);
    expect(r.status).toBe(200);
    expect(r.body.codes).toHaveLength(3);
    const n = await t
      .http()
      .post('/api/v1/needs')
      .set(auth(c.enterpriseA))
      .send(needBody({ sectors: ['csl:材料科学与工程'] }));
    expect(n.status).toBe(201);
  });

  it('does not let coordinators or members import', async () => {
    expect((await t.http().put('/api/v1/taxonomies/csl2').set(auth(c.coordinator)).send(csl)).status).toBe(403);
    expect((await t.http().put('/api/v1/taxonomies/csl2').set(auth(c.enterpriseA)).send(csl)).status).toBe(403);
  });

  it.each([
    ['an unknown parent', { name: 'x', codes: [{ code: 'a', parent: 'zz', nameZh: '甲' }] }, 'codes[0].parent'],
    [
      'a duplicate code',
      {
        name: 'x',
        codes: [
          { code: 'a', nameZh: '甲' },
          { code: 'a', nameZh: '乙' },
        ],
      },
      'codes[1].code',
    ],
    [
      'a cycle',
      {
        name: 'x',
        codes: [
          { code: 'a', parent: 'b', nameZh: '甲' },
          { code: 'b', parent: 'a', nameZh: '乙' },
        ],
      },
      'codes[0].parent',
    ],
    ['no codes', { name: 'x', codes: [] }, 'codes'],
    ['a code without a Chinese name', { name: 'x', codes: [{ code: 'a' }] }, 'codes[0].nameZh'],
  ])('refuses a scheme with %s (400)', async (_what, body, field) => {
    const r = await t.http().put('/api/v1/taxonomies/broken').set(auth(c.admin)).send(body);
    expect(r.status).toBe(400);
    expect(r.body.details.map((d: { field: string }) => d.field)).toContain(field);
    expect((await t.http().get('/api/v1/taxonomies/broken').set(auth(c.admin))).status).toBe(404);
  });

  it('refuses a bad scheme name', async () => {
    const r = await t.http().put('/api/v1/taxonomies/Bad%20Name').set(auth(c.admin)).send(csl);
    expect(r.status).toBe(400);
    expect(r.body.details[0].field).toBe('scheme');
  });

  it('refuses (409) to replace a scheme in a way that drops codes still in use, and changes nothing', async () => {
    const dropped = { ...csl, codes: csl.codes.filter((x) => x.code !== '材料科学与工程') };
    const r = await t.http().put('/api/v1/taxonomies/csl').set(auth(c.admin)).send(dropped);
    expect(r.status).toBe(409);
    expect(r.body.details.codesInUse).toEqual(['csl:材料科学与工程']);
    expect((await t.http().get('/api/v1/taxonomies/csl').set(auth(c.admin))).body.codes).toHaveLength(3);
    const renamed = { name: '学科 v2', codes: [...csl.codes, { code: '化学', parent: null, nameZh: '化学' }] };
    expect((await t.http().put('/api/v1/taxonomies/csl').set(auth(c.admin)).send(renamed)).status).toBe(200);
  });

  it('counts only the scheme’s own codes in use: replacing a_b does not see axb’s (nor axb a_b’s)', async () => {
    const scheme = (code: string) => ({ name: 'x', codes: [{ code, nameZh: code }] });
    for (const s of ['a_b', 'axb']) {
      expect((await t.http().put(`/api/v1/taxonomies/${s}`).set(auth(c.admin)).send(scheme('k1'))).status).toBe(200);
    }
    const need = await t
      .http()
      .post('/api/v1/needs')
      .set(auth(c.enterpriseA))
      .send(needBody({ title: '分类体系测试', sectors: ['axb:k1'] }));
    expect(need.status).toBe(201);
    // a_b's k1 is used by nobody: it may go, though `_` would match the x of axb:k1 as a LIKE pattern.
    expect((await t.http().put('/api/v1/taxonomies/a_b').set(auth(c.admin)).send(scheme('k2'))).status).toBe(200);
    const dropAxb = await t.http().put('/api/v1/taxonomies/axb').set(auth(c.admin)).send(scheme('k2'));
    expect(dropAxb.status).toBe(409);
    expect(dropAxb.body.details.codesInUse).toEqual(['axb:k1']);
    // And the other way round: a need on a_b does not hold axb's codes.
    await t.http().put('/api/v1/taxonomies/a_b').set(auth(c.admin)).send(scheme('k1'));
    await t
      .http()
      .patch(`/api/v1/needs/${need.body.id}`)
      .set(auth(c.enterpriseA))
      .send({ sectors: ['a_b:k1'] });
    expect((await t.http().put('/api/v1/taxonomies/axb').set(auth(c.admin)).send(scheme('k2'))).status).toBe(200);
    const dropAb = await t.http().put('/api/v1/taxonomies/a_b').set(auth(c.admin)).send(scheme('k3'));
    expect(dropAb.body.details.codesInUse).toEqual(['a_b:k1']);
  });
});
