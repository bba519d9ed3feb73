import { createCast, createOrganization, createUser, type Cast } from './factories/cast.js';
import { createTestApp, type TestApp } from './setup/test-app.js';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

describe('organisations', () => {
  let t: TestApp;
  let c: Cast;
  beforeAll(async () => {
    t = await createTestApp();
    c = await createCast(t);
  });
  afterAll(() => t.close());

  const create = (token: string, body: Record<string, unknown>) =>
    t.http().post('/api/v1/organizations').set(auth(token)).send(body);

  it('lets admins and coordinators create organisations with a checked credit code', async () => {
    const r = await create(c.coordinator, {
      kind: 'lab',
      name: '示例寒地工程实验室',
      district: '松北',
      creditCode: '91230199ma19f0lx04',
      contact: { person: '李老师', phone: '0451-86400000', email: 'lab@example.edu.cn' },
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      kind: 'lab',
      creditCode: '91230199MA19F0LX04',
      district: '松北',
      contact: { person: '李老师' },
    });
  });

  it.each([
    ['a wrong check character', '91230199MA19F0LX05', '校验位'],
    ['17 characters', '91230199MA19F0LX0', '18'],
    ['a letter the code never uses', '91230199MA19F0LXO4', 'I、O、Z、S、V'],
  ])('refuses a credit code with %s (400 naming creditCode)', async (_what, creditCode, hint) => {
    const r = await create(c.admin, {
      kind: 'enterprise',
      name: `示例公司-${creditCode}`,
      district: '道里',
      creditCode,
    });
    expect(r.status).toBe(400);
    expect(r.body.details[0].field).toBe('creditCode');
    expect(r.body.details[0].message).toContain(hint);
  });

  it('refuses unknown kinds and districts, and duplicate names or credit codes (409)', async () => {
    expect((await create(c.admin, { kind: 'club', name: '示例俱乐部', district: '道里' })).status).toBe(400);
    const d = await create(c.admin, { kind: 'enterprise', name: '示例外地公司', district: '北京' });
    expect(d.status).toBe(400);
    expect(d.body.details[0].field).toBe('district');
    expect((await create(c.admin, { kind: 'enterprise', name: '示例甲科技有限公司', district: '道里' })).status).toBe(
      409,
    );
    expect(
      (
        await create(c.admin, {
          kind: 'enterprise',
          name: '另一家示例公司',
          district: '道里',
          creditCode: '91230199MA19F0LX04',
        })
      ).status,
    ).toBe(409);
  });

  it('does not let members create organisations', async () => {
    expect((await create(c.enterpriseA, { kind: 'enterprise', name: '示例新公司', district: '道里' })).status).toBe(
      403,
    );
  });

  it('shows a member its own organisation only', async () => {
    const list = await t.http().get('/api/v1/organizations').set(auth(c.enterpriseA));
    expect(list.body.items.map((o: { id: string }) => o.id)).toEqual([c.ids.entA]);
    expect((await t.http().get(`/api/v1/organizations/${c.ids.entA}`).set(auth(c.enterpriseA))).status).toBe(200);
    expect((await t.http().get(`/api/v1/organizations/${c.ids.entB}`).set(auth(c.enterpriseA))).status).toBe(404);
    const all = await t.http().get('/api/v1/organizations?kind=enterprise').set(auth(c.coordinator));
    expect(all.body.total).toBeGreaterThanOrEqual(2);
  });

  it('lets a member edit its own organisation’s contact and nothing else', async () => {
    const ok = await t
      .http()
      .patch(`/api/v1/organizations/${c.ids.entA}`)
      .set(auth(c.enterpriseA))
      .send({ contact: { person: '王经理', phone: '13800000000' } });
    expect(ok.status).toBe(200);
    expect(ok.body.contact).toEqual({ person: '王经理', phone: '13800000000', email: null });
    const name = await t
      .http()
      .patch(`/api/v1/organizations/${c.ids.entA}`)
      .set(auth(c.enterpriseA))
      .send({ name: '改名' });
    expect(name.status).toBe(403);
    const kind = await t
      .http()
      .patch(`/api/v1/organizations/${c.ids.entA}`)
      .set(auth(c.enterpriseA))
      .send({ kind: 'university' });
    expect(kind.status).toBe(403);
    const other = await t
      .http()
      .patch(`/api/v1/organizations/${c.ids.entB}`)
      .set(auth(c.enterpriseA))
      .send({ contact: { person: 'x' } });
    expect(other.status).toBe(404);
    const badPhone = await t
      .http()
      .patch(`/api/v1/organizations/${c.ids.entA}`)
      .set(auth(c.enterpriseA))
      .send({ contact: { phone: 'call me' } });
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.details[0].field).toBe('contact.phone');
  });

  // Any signed-in user finds other organisations by name (a consortium's partners): public facts only.
  describe('the directory', () => {
    const directory = (token: string | null, query: string) => {
      const r = t.http().get(`/api/v1/organizations/directory${query}`);
      return token ? r.set(auth(token)) : r;
    };
    const names = (body: { items: Array<{ name: string }> }) => body.items.map((o) => o.name);

    it('lets a member find another organisation by part of its name, with its name, kind and district only', async () => {
      const r = await directory(c.university, `?q=${encodeURIComponent('材料')}`);
      expect(r.status).toBe(200);
      expect(r.body).toEqual({
        items: [{ id: c.ids.inst, name: '示例材料研究所', kind: 'research_institute', district: 'outside' }],
        total: 1,
        page: 1,
        pageSize: 20,
      });
      // entA has a contact (set above) and every organisation may have a credit code: neither is shown.
      const a = await directory(c.institute, `?q=${encodeURIComponent('甲科技')}`);
      expect(a.body.items).toHaveLength(1);
      expect(Object.keys(a.body.items[0]).sort()).toEqual(['district', 'id', 'kind', 'name']);
      expect(JSON.stringify(a.body)).not.toMatch(/contact|creditCode|王经理|13800000000/);
    });

    it('needs every word of q, takes % and _ literally, and filters by kind; pages like other lists', async () => {
      expect(names((await directory(c.enterpriseA, `?q=${encodeURIComponent('示例 有限公司 乙')}`)).body)).toEqual([
        '示例乙制造有限公司',
      ]);
      expect((await directory(c.enterpriseA, '?q=%25')).body.total).toBe(0);
      expect((await directory(c.enterpriseA, '?q=_')).body.total).toBe(0);
      const enterprises = await directory(c.university, '?kind=enterprise');
      expect(names(enterprises.body).sort()).toEqual(['示例乙制造有限公司', '示例甲科技有限公司'].sort());
      const first = await directory(c.university, '?pageSize=2');
      const second = await directory(c.university, '?pageSize=2&page=2');
      expect(first.body).toMatchObject({ total: 5, page: 1, pageSize: 2 });
      expect(first.body.items).toHaveLength(2);
      expect(second.body.items).toHaveLength(2);
      expect(names(second.body)).not.toContain(names(first.body)[0]);
    });

    it('lists only organisations someone can act for: not the platform’s own, none without an active user', async () => {
      // The lab made above has no users; the platform's administration is the admin's own organisation.
      expect((await directory(c.university, `?q=${encodeURIComponent('寒地工程实验室')}`)).body.total).toBe(0);
      expect((await directory(c.coordinator, `?q=${encodeURIComponent('平台管理')}`)).body.total).toBe(0);
      const org = await createOrganization(t, c.admin, { kind: 'lab', name: '示例冰雪材料实验室', district: '松北' });
      const user = await createUser(t, c.admin, { email: 'lab@example.org', role: 'member', organizationId: org });
      expect(names((await directory(c.university, `?q=${encodeURIComponent('冰雪')}`)).body)).toEqual([
        '示例冰雪材料实验室',
      ]);
      const off = await t.http().patch(`/api/v1/users/${user}`).set(auth(c.admin)).send({ active: false });
      expect(off.status).toBe(200);
      expect((await directory(c.university, `?q=${encodeURIComponent('冰雪')}`)).body.total).toBe(0);
    });

    it('is for signed-in users only (401), and refuses a bad query with 400 naming the field', async () => {
      expect((await directory(null, '?q=x')).status).toBe(401);
      for (const [query, field] of [
        ['?kind=club', 'kind'],
        ['?pageSize=1000', 'pageSize'],
        ['?page=0', 'page'],
        [`?q=${'长'.repeat(101)}`, 'q'],
        ['?creditCode=91230199MA19F0LX04', 'creditCode'],
      ]) {
        const r = await directory(c.enterpriseA, encodeURI(query));
        expect([query, r.status]).toEqual([query, 400]);
        expect(r.body.details.map((d: { field: string }) => d.field)).toContain(field);
      }
    });
  });
});
