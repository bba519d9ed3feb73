import { createCast, type Cast } from './factories/cast.js';
import { capabilityBody, needBody } from './factories/listings.js';
import { until } from './factories/wait.js';
import { createTestApp, type TestApp } from './setup/test-app.js';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

const NEED = {
  title: '保密：燃气轮机涡轮盘榫槽裂纹攻关',
  description: '某型燃气轮机涡轮盘榫槽部位出现疲劳裂纹，需要疲劳强度评估与寿命预测，试车台位于道里。',
  keywords: ['涡轮盘', '疲劳强度', '寿命预测'],
  sectors: ['hitech:0301'],
  district: '道里',
  cooperationModes: ['commissioned_development', 'license'],
};
const NEED_ORG = '示例乙制造有限公司';
const INTERNAL_APPROVAL = '内部：该企业资金紧张，谨慎推进';
const SHARED_APPROVAL = '领域相符，请双方准备材料';
const INTERNAL_CLOSE = '内部：需求方预算被砍';
const SHARED_INTRO = '已安排线上对接会';
const INTERNAL_PROGRESS = '内部：对方曾有违约记录';

/**
 * What the need says and the capability side must not read before the introduction: its title, words only its
 * description and keywords hold, its organisation, sector, district and cooperation modes, and coordinators'
 * internal notes.
 */
const LEAKS = [
  NEED.title,
  '燃气轮机',
  '榫槽',
  '寿命预测',
  '涡轮盘',
  '试车台',
  NEED_ORG,
  'hitech:0301',
  '道里',
  'commissioned_development',
  INTERNAL_APPROVAL,
  INTERNAL_CLOSE,
  INTERNAL_PROGRESS,
];
const leaked = (body: unknown): string[] => LEAKS.filter((s) => JSON.stringify(body).includes(s));

type History = { items: Array<{ to: string; kind: string; note: string | null; shared: boolean }> };
type Inbox = { items: Array<{ type: string; title: string; body: string; payload: Record<string, unknown> }> };

describe('a restricted need before the introduction, and coordinators’ notes', () => {
  let t: TestApp;
  let c: Cast;
  let uniCap: string;
  let instCap: string;
  let needId: string;
  let m1: string; // the university's capability: approved, later introduced
  let m2: string; // the institute's: approved, then closed before any introduction
  const get = async (token: string, path: string) => {
    const r = await t.http().get(`/api/v1${path}`).set(auth(token));
    expect({ path, status: r.status }).toEqual({ path, status: 200 });
    return r.body as Record<string, unknown>;
  };
  const step = (id: string, token: string, body: Record<string, unknown>) =>
    t.http().post(`/api/v1/matches/${id}/transition`).set(auth(token)).send(body);

  beforeAll(async () => {
    t = await createTestApp();
    c = await createCast(t);
    for (const org of [c.ids.entB, c.ids.uni, c.ids.inst]) {
      await t
        .http()
        .patch(`/api/v1/organizations/${org}`)
        .set(auth(c.admin))
        .send({ contact: { person: '联系人', phone: '0451-86000000', email: `contact-${org}@example.org` } });
    }
    await t.startWorker();
    const capability = {
      kind: 'achievement',
      description: '涡轮叶片高周疲劳试验与疲劳强度评估，具备振动台和断口分析能力。',
      sectors: ['hitech:0302'],
      keywords: ['涡轮', '疲劳强度', '叶片'],
      cooperationModes: ['license', 'transfer'],
      district: '南岗',
    };
    uniCap = (
      await t
        .http()
        .post('/api/v1/capabilities')
        .set(auth(c.university))
        .send(capabilityBody({ ...capability, title: '航空发动机涡轮叶片疲劳强度试验' }))
    ).body.id;
    instCap = (
      await t
        .http()
        .post('/api/v1/capabilities')
        .set(auth(c.institute))
        .send(capabilityBody({ ...capability, title: '涡轮叶片疲劳强度评估服务' }))
    ).body.id;
    const need = await t
      .http()
      .post('/api/v1/needs')
      .set(auth(c.enterpriseB))
      .send(needBody({ ...NEED, visibility: 'restricted' }));
    expect(need.status).toBe(201);
    needId = need.body.id;
    const suggested = await until(
      async () =>
        (await t.http().get(`/api/v1/needs/${needId}/matches`).set(auth(c.coordinator))).body.items as Array<{
          id: string;
          capabilityId: string;
        }>,
      (items) => items.length === 2,
    );
    m1 = suggested.find((m) => m.capabilityId === uniCap)!.id;
    m2 = suggested.find((m) => m.capabilityId === instCap)!.id;
  });
  afterAll(() => t.close());

  it('shows the capability side of an approved match only its own capability and a placeholder', async () => {
    // The engine did explain the score with the need's words and place: coordinators see them.
    const full = await get(c.coordinator, `/matches/${m1}`);
    const explanation = full.explanation as { keyword: { terms: Array<{ term: string }> } };
    expect(explanation.keyword.terms.length).toBeGreaterThan(0);
    expect(JSON.stringify(full)).toContain('道里');

    const approved = await t
      .http()
      .post(`/api/v1/matches/${m1}/approve`)
      .set(auth(c.coordinator))
      .send({ note: INTERNAL_APPROVAL });
    expect(approved.status).toBe(200);

    const one = await get(c.university, `/matches/${m1}`);
    expect(one).toMatchObject({
      id: m1,
      needId,
      capabilityId: uniCap,
      status: 'approved',
      score: full.score,
      rank: full.rank,
      explanation: null,
      need: {
        id: needId,
        kind: null,
        status: null,
        title: expect.stringMatching(/保密需求/),
        description: '',
        sectors: [],
        keywords: [],
        district: null,
        organizationId: null,
        organizationName: null,
      },
      capability: { id: uniCap, title: '航空发动机涡轮叶片疲劳强度试验', organizationName: '示例理工大学' },
      counterpart: { organizationName: null, contact: null },
    });
    const list = await get(c.university, `/capabilities/${uniCap}/matches`);
    expect(list.items).toEqual([expect.objectContaining({ id: m1, explanation: null })]);
    const history = (await get(c.university, `/matches/${m1}/history`)) as unknown as History;
    expect(history.items.find((h) => h.to === 'approved')).toMatchObject({ note: null, shared: false });
    const inbox = await get(c.university, '/notifications');
    for (const [what, body] of Object.entries({ one, list, history, inbox })) {
      expect({ what, leaked: leaked(body) }).toEqual({ what, leaked: [] });
    }
  });

  it('keeps a coordinator’s note from both parties unless it is shared; coordinators read it', async () => {
    const owner = (await get(c.enterpriseB, `/matches/${m1}/history`)) as unknown as History;
    expect(owner.items.find((h) => h.to === 'approved')?.note).toBeNull();
    const coordinator = (await get(c.coordinator, `/matches/${m1}/history`)) as unknown as History;
    expect(coordinator.items.find((h) => h.to === 'approved')).toMatchObject({
      note: INTERNAL_APPROVAL,
      shared: false,
    });
    // The need's owner sees its own need in full.
    expect(await get(c.enterpriseB, `/matches/${m1}`)).toMatchObject({ need: { title: NEED.title } });

    await t
      .http()
      .post(`/api/v1/matches/${m2}/approve`)
      .set(auth(c.coordinator))
      .send({ note: SHARED_APPROVAL, shared: true })
      .expect(200);
    for (const token of [c.institute, c.enterpriseB]) {
      const seen = (await get(token, `/matches/${m2}/history`)) as unknown as History;
      expect(seen.items.find((h) => h.to === 'approved')).toMatchObject({ note: SHARED_APPROVAL, shared: true });
    }
    expect(
      (await t.http().post(`/api/v1/matches/${m2}/approve`).set(auth(c.coordinator)).send({ shared: 'yes' })).status,
    ).toBe(400);
  });

  it('closes a match before any introduction without telling the capability side the need or the internal note', async () => {
    expect(
      (await step(m2, c.coordinator, { to: 'closed_no_deal', reason: 'price', note: INTERNAL_CLOSE })).status,
    ).toBe(200);
    const inbox = (await get(c.institute, '/notifications')) as unknown as Inbox;
    const closed = inbox.items.filter((n) => n.type === 'match.closed_no_deal');
    expect(closed).toHaveLength(1);
    expect(closed[0].body).toMatch(/保密需求/);
    expect(closed[0].payload.note).toBeNull();
    expect(leaked(inbox)).toEqual([]);
    expect(await get(c.institute, `/matches/${m2}`)).toMatchObject({ closeReason: 'price', closeNote: null });
    expect(leaked(await get(c.institute, `/matches/${m2}`))).toEqual([]);
    // The need's owner is told about its own need by name, still without the internal note.
    const owner = (await get(c.enterpriseB, '/notifications')) as unknown as Inbox;
    const ownClosed = owner.items.filter((n) => n.type === 'match.closed_no_deal');
    expect(ownClosed).toHaveLength(1);
    expect(ownClosed[0].body).toContain(NEED.title);
    expect(JSON.stringify(owner)).not.toContain(INTERNAL_CLOSE);
    expect(await get(c.coordinator, `/matches/${m2}`)).toMatchObject({ closeNote: INTERNAL_CLOSE });
  });

  it('shows the need in full from the introduction on; shared notes reach the parties, internal ones do not', async () => {
    expect((await step(m1, c.coordinator, { to: 'introduced', note: SHARED_INTRO, shared: true })).status).toBe(200);
    expect((await step(m1, c.coordinator, { to: 'introduced', note: INTERNAL_PROGRESS })).status).toBe(200);
    expect((await step(m1, c.university, { to: 'introduced', note: '已寄送试验报告' })).status).toBe(200);

    const one = await get(c.university, `/matches/${m1}`);
    expect(one).toMatchObject({
      need: {
        title: NEED.title,
        district: '道里',
        sectors: NEED.sectors,
        organizationName: NEED_ORG,
        organizationId: c.ids.entB,
      },
      counterpart: { organizationName: NEED_ORG, contact: { email: `contact-${c.ids.entB}@example.org` } },
    });
    expect((one.explanation as { keyword: { terms: unknown[] } }).keyword.terms.length).toBeGreaterThan(0);
    const list = await get(c.university, `/capabilities/${uniCap}/matches`);
    expect((list.items as Array<{ need: { title: string } }>)[0].need.title).toBe(NEED.title);

    for (const token of [c.university, c.enterpriseB]) {
      const history = (await get(token, `/matches/${m1}/history`)) as unknown as History;
      const notes = history.items.map((h) => h.note);
      expect(notes).toEqual(expect.arrayContaining([SHARED_INTRO, '已寄送试验报告']));
      expect(notes).not.toContain(INTERNAL_APPROVAL);
      expect(notes).not.toContain(INTERNAL_PROGRESS);
      // The internal note's event is there, its words are not.
      expect(history.items.filter((h) => h.kind === 'note' && h.note === null)).toHaveLength(1);
    }
    const inbox = (await get(c.university, '/notifications')) as unknown as Inbox;
    const intro = inbox.items.find((n) => n.type === 'match.introduced')!;
    expect(intro.body).toContain(NEED.title);
    expect(intro.body).toContain(SHARED_INTRO);
    expect(JSON.stringify(inbox)).not.toContain(INTERNAL_PROGRESS);
    // An internal progress note is announced to nobody; the university's own note reaches the enterprise.
    expect(inbox.items.filter((n) => n.type === 'match.note')).toHaveLength(0);
    const owner = (await get(c.enterpriseB, '/notifications')) as unknown as Inbox;
    expect(owner.items.filter((n) => n.type === 'match.note').map((n) => n.payload.note)).toEqual(['已寄送试验报告']);
    const coordinator = (await get(c.coordinator, `/matches/${m1}/history`)) as unknown as History;
    expect(coordinator.items.map((h) => h.note)).toEqual(
      expect.arrayContaining([INTERNAL_APPROVAL, SHARED_INTRO, INTERNAL_PROGRESS, '已寄送试验报告']),
    );
  });
});
