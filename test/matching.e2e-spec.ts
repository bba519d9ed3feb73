import { DataSource } from 'typeorm';
import { SuggestionsService } from '../src/modules/matching/suggestions.service.js';
import { createCast, type Cast } from './factories/cast.js';
import { capabilityBody, needBody, postCapability, postNeed } from './factories/listings.js';
import { until } from './factories/wait.js';
import { createTestApp, type TestApp } from './setup/test-app.js';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
type Match = {
  id: string;
  capabilityId: string;
  needId: string;
  score: number;
  rank: number;
  status: string;
  // The explanation's shape is asserted field by field below.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  explanation: any;
  counterpart: Record<string, unknown>;
  capability: { organizationId: string };
};

/** The acceptance scenario's catalogue: two battery listings, a welding team, rice breeding. */
const CATALOGUE = [
  capabilityBody(),
  capabilityBody({
    kind: 'expertise',
    title: '焊接机器人视觉团队',
    description: '焊缝跟踪、机器视觉与深度学习缺陷检测，服务轨道交通与压力容器制造。',
    sectors: ['hitech:0804'],
    keywords: ['焊缝', '机器视觉', '缺陷检测'],
    trl: 7,
    cooperationModes: ['joint_development'],
  }),
  capabilityBody({
    title: '寒地水稻抗冷品种选育',
    description: '耐冷水稻新品系，适合黑龙江第一积温带种植。',
    sectors: ['hitech:0207'],
    keywords: ['水稻', '耐冷', '育种'],
    trl: 8,
    cooperationModes: ['transfer'],
    district: '香坊',
  }),
  capabilityBody({
    kind: 'patent',
    title: 'Thermal management for battery packs in cold climates',
    description: 'Heating film and insulation design keeping lithium battery packs above 0°C at -35°C ambient.',
    keywords: ['battery', 'thermal management', 'cold climate'],
    trl: 5,
    district: '平房',
  }),
];

describe('matching, end to end with the real worker', () => {
  let t: TestApp;
  let c: Cast;
  let caps: string[];
  let needId: string;
  const matchesOf = async (id: string, token: string, query = '') =>
    (await t.http().get(`/api/v1/needs/${id}/matches${query}`).set(auth(token))).body.items as Match[];

  beforeAll(async () => {
    t = await createTestApp();
    c = await createCast(t);
    await t.startWorker();
    caps = [];
    for (const body of CATALOGUE)
      caps.push((await t.http().post('/api/v1/capabilities').set(auth(c.university)).send(body)).body.id);
    needId = await postNeed(t, c.enterpriseA, {
      title: '储能锂电池冬季低温容量衰减',
      description: '我公司储能电站位于哈尔滨，冬季零下30度时锂电池容量下降40%以上，寻求耐低温电解液或电池热管理方案。',
    });
  });
  afterAll(() => t.close());

  it('ranks a new need by itself: the electrolyte first, the English battery patent above rice, best first', async () => {
    const items = await until(
      () => matchesOf(needId, c.coordinator),
      (m) => m.length >= 2,
    );
    expect(items[0].capabilityId).toBe(caps[0]);
    expect(items[0]).toMatchObject({ rank: 1, status: 'suggested' });
    expect(items[0].score).toBeGreaterThan(0);
    expect(items[0].score).toBeLessThanOrEqual(1);
    const patent = items.findIndex((m) => m.capabilityId === caps[3]);
    const rice = items.findIndex((m) => m.capabilityId === caps[2]);
    expect(patent).toBeGreaterThan(0);
    expect(rice === -1 || rice > patent).toBe(true);
    // The welding team is not a technical answer to a battery problem's words: it should not be there at all.
    expect(items.some((m) => m.capabilityId === caps[1])).toBe(false);
    for (let i = 1; i < items.length; i++) expect(items[i - 1].score).toBeGreaterThanOrEqual(items[i].score);
  });

  it('explains a score: the terms that met with their weights, the sector codes, every factor and the version', async () => {
    const [top] = await matchesOf(needId, c.coordinator);
    const e = top.explanation;
    expect(e.algorithmVersion).toMatch(/^tm-/);
    expect(e.keyword.terms.map((x: { term: string }) => x.term)).toEqual(expect.arrayContaining(['电解液', '低温']));
    expect(e.keyword.terms[0]).toEqual({
      term: expect.any(String),
      weight: expect.any(Number),
      contribution: expect.any(Number),
    });
    expect(e.sector).toMatchObject({
      score: 1,
      matched: [{ need: 'hitech:0603', capability: 'hitech:0603', relation: 'same' }],
    });
    expect(Object.keys(e.factors).sort()).toEqual(['cooperation', 'kind', 'location', 'trl']);
    expect(top.counterpart).toMatchObject({ organizationName: '示例理工大学' });
  });

  it('shows owners nothing until a coordinator approves, then the approved match on both sides', async () => {
    expect(await matchesOf(needId, c.enterpriseA)).toEqual([]);
    const [top] = await matchesOf(needId, c.coordinator);
    expect((await t.http().post(`/api/v1/matches/${top.id}/approve`).set(auth(c.enterpriseA)).send({})).status).toBe(
      403,
    );
    const r = await t
      .http()
      .post(`/api/v1/matches/${top.id}/approve`)
      .set(auth(c.coordinator))
      .send({ note: '推荐对接' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'approved', version: 2 });
    const own = await matchesOf(needId, c.enterpriseA);
    expect(own.map((m) => m.id)).toEqual([top.id]);
    // Contact details stay hidden until the introduction.
    expect(own[0].counterpart).toEqual({ organizationName: '示例理工大学', contact: null });
    const uni = (await t.http().get(`/api/v1/capabilities/${caps[0]}/matches`).set(auth(c.university))).body
      .items as Match[];
    expect(uni.map((m) => m.needId)).toEqual([needId]);
    // Another enterprise sees none of this.
    expect((await t.http().get(`/api/v1/needs/${needId}/matches`).set(auth(c.enterpriseB))).status).toBe(403);
    expect((await t.http().get(`/api/v1/matches/${top.id}`).set(auth(c.enterpriseB))).status).toBe(404);
  });

  it('lets one of two coordinators review a match and answers the other 409', async () => {
    const second = (await matchesOf(needId, c.coordinator, '?status=suggested'))[0];
    const coord2 = await (async () => {
      await t.http().post('/api/v1/users').set(auth(c.admin)).send({
        email: 'c2@example.org',
        password: 'User-Pass-2026!',
        name: '第二协调员',
        role: 'coordinator',
        organizationId: c.ids.gov,
      });
      return (await t.http().post('/api/v1/auth/login').send({ email: 'c2@example.org', password: 'User-Pass-2026!' }))
        .body.accessToken as string;
    })();
    const results = await Promise.all([
      t.http().post(`/api/v1/matches/${second.id}/reject`).set(auth(c.coordinator)).send({ note: '不相关' }),
      t
        .http()
        .post(`/api/v1/matches/${second.id}/approve`)
        .set(auth(coord2))
        .send({ note: '可以', expectedStatus: 'suggested' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const lost = results.find((r) => r.status === 409)!;
    expect(lost.body.details.currentStatus).toMatch(/approved|rejected/);
    const stale = await t
      .http()
      .post(`/api/v1/matches/${second.id}/approve`)
      .set(auth(c.coordinator))
      .send({ expectedStatus: 'suggested' });
    expect(stale.status).toBe(409);
  });

  it('keeps an audit trail of every status change, readable by coordinators and, once approved, the owners', async () => {
    const [top] = await matchesOf(needId, c.coordinator, '?status=approved');
    const h = await t.http().get(`/api/v1/matches/${top.id}/history`).set(auth(c.coordinator));
    expect(h.status).toBe(200);
    expect(h.body.items.map((e: { from: string | null; to: string }) => [e.from, e.to])).toEqual([
      [null, 'suggested'],
      ['suggested', 'approved'],
    ]);
    expect(h.body.items[0].actor).toBeNull();
    expect(h.body.items[1]).toMatchObject({ actor: { role: 'coordinator' }, note: '推荐对接' });
    expect((await t.http().get(`/api/v1/matches/${top.id}/history`).set(auth(c.enterpriseA))).status).toBe(200);
    const suggested = (await matchesOf(needId, c.coordinator, '?status=suggested'))[0];
    if (suggested)
      expect((await t.http().get(`/api/v1/matches/${suggested.id}/history`).set(auth(c.enterpriseA))).status).toBe(404);
  });

  it('offers a new capability to the open needs it suits, by itself', async () => {
    const late = await postCapability(t, c.university, {
      title: '宽温域固态电解质',
      description: '固态电解质在零下30度下保持离子电导率，提升锂电池低温性能。',
      keywords: ['固态电解质', '锂电池', '低温'],
    });
    const items = await until(
      () => matchesOf(needId, c.coordinator),
      (m) => m.some((x) => x.capabilityId === late),
    );
    const m = items.find((x) => x.capabilityId === late)!;
    expect(m.status).toBe('suggested');
    // Ranks stay a clean 1..n over the suggestions.
    const ranks = items.filter((x) => x.status === 'suggested').map((x) => x.rank);
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks.map((_, i) => i + 1));
  });

  it('rematches without touching reviewed matches, keeping the ids of re-scored suggestions', async () => {
    const before = await matchesOf(needId, c.coordinator);
    const r = await t.http().post('/api/v1/matching/rematch').set(auth(c.coordinator)).send({ scope: 'all' });
    expect(r.status).toBe(202);
    const job = await until(
      async () => (await t.http().get(`/api/v1/matching/jobs/${r.body.jobId}`).set(auth(c.coordinator))).body,
      (j) => j.state === 'completed',
    );
    expect(job).toMatchObject({ state: 'completed', progress: 100, counts: { chunks: 1, chunksDone: 1, items: 1 } });
    const after = await matchesOf(needId, c.coordinator);
    for (const b of before) {
      const a = after.find((x) => x.capabilityId === b.capabilityId)!;
      expect(a.id).toBe(b.id);
      if (b.status !== 'suggested') expect(a).toMatchObject({ status: b.status, score: b.score, rank: b.rank });
    }
    expect(new Set(after.map((x) => x.capabilityId)).size).toBe(after.length);
  });

  it('takes suggestions away from paused needs and withdrawn capabilities, and gives them none', async () => {
    await t.http().patch(`/api/v1/capabilities/${caps[3]}`).set(auth(c.university)).send({ status: 'withdrawn' });
    await until(
      () => matchesOf(needId, c.coordinator),
      (m) => !m.some((x) => x.capabilityId === caps[3] && x.status === 'suggested'),
    );
    expect(
      (await matchesOf(needId, c.coordinator)).some((x) => x.capabilityId === caps[3] && x.status === 'suggested'),
    ).toBe(false);
    await t.http().patch(`/api/v1/needs/${needId}`).set(auth(c.enterpriseA)).send({ status: 'paused' });
    const left = await until(
      () => matchesOf(needId, c.coordinator),
      (m) => m.every((x) => x.status !== 'suggested'),
    );
    expect(left.length).toBeGreaterThan(0);
    expect(left.every((x) => x.status !== 'suggested')).toBe(true);
    // A capability listed while the need is paused is not offered to it.
    await t
      .http()
      .post('/api/v1/capabilities')
      .set(auth(c.university))
      .send(capabilityBody({ title: '又一种耐低温电解液' }));
    await new Promise((r) => setTimeout(r, 1500));
    expect((await matchesOf(needId, c.coordinator, '?status=suggested')).length).toBe(0);
    await t.http().patch(`/api/v1/needs/${needId}`).set(auth(c.enterpriseA)).send({ status: 'open' });
    await until(
      () => matchesOf(needId, c.coordinator, '?status=suggested'),
      (m) => m.length > 0,
    );
  });

  it('refuses (409) to delete a need or capability with an approved match', async () => {
    expect((await t.http().delete(`/api/v1/needs/${needId}`).set(auth(c.enterpriseA))).status).toBe(409);
    expect((await t.http().delete(`/api/v1/capabilities/${caps[0]}`).set(auth(c.university))).status).toBe(409);
  });

  it('serves the review queue to coordinators, best first, with filters', async () => {
    const q = await t.http().get('/api/v1/matches?status=suggested&pageSize=50').set(auth(c.coordinator));
    expect(q.status).toBe(200);
    expect(q.body.items.length).toBeGreaterThan(0);
    const scores = q.body.items.map((m: Match) => m.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(q.body.items[0]).toMatchObject({
      need: { title: expect.any(String) },
      capability: { organizationName: '示例理工大学' },
    });
    // A queue row says in short why (summary, band, probability, core terms); the match itself says it whole.
    const row = q.body.items[0];
    expect(row.explanation).toMatchObject({
      summary: { zh: expect.any(String) },
      band: row.band,
      ranker: { probability: expect.any(Number) },
      keyword: { core: expect.any(Array) },
    });
    expect(row.explanation.ranker.features).toBeUndefined();
    expect(row.explanation.factors).toBeUndefined();
    const whole = (await t.http().get(`/api/v1/matches/${row.id}`).set(auth(c.coordinator))).body;
    expect(whole.explanation.ranker.features).toEqual(expect.objectContaining({ bm: expect.any(Number) }));
    expect(whole.explanation.factors).toEqual(expect.objectContaining({ kind: expect.any(Object) }));
    expect(whole.explanation.keyword.terms.length).toBeGreaterThan(0);
    const high = await t.http().get('/api/v1/matches?minScore=0.99').set(auth(c.coordinator));
    expect(high.body.items.every((m: Match) => m.score >= 0.99)).toBe(true);
    const bio = await t.http().get('/api/v1/matches?sector=hitech:02').set(auth(c.coordinator));
    expect(
      bio.body.items.every((m: { capability: { sectors: string[] }; need: { sectors: string[] } }) =>
        [...m.capability.sectors, ...m.need.sectors].some((s) => s.startsWith('hitech:02')),
      ),
    ).toBe(true);
    expect((await t.http().get('/api/v1/matches?district=南岗').set(auth(c.coordinator))).status).toBe(200);
    expect((await t.http().get('/api/v1/matches?minScore=2').set(auth(c.coordinator))).status).toBe(400);
    expect((await t.http().get('/api/v1/matches').set(auth(c.enterpriseA))).status).toBe(403);
  });

  it('filters the review queue by either listing’s district or sector exactly, and follows a listing that moves', async () => {
    type Row = Match & {
      need: { district: string; sectors: string[] };
      capability: { district: string; sectors: string[]; id: string };
    };
    const get = async (query: string) =>
      (await t.http().get(`/api/v1/matches?pageSize=100&${query}`).set(auth(c.coordinator))).body as {
        items: Row[];
        total: number;
      };
    const all = (await get('status=suggested')).items;
    const ids = (rows: Row[]) => rows.map((r) => r.id).sort();
    const inNangang = all.filter((r) => r.need.district === '南岗' || r.capability.district === '南岗');
    expect(inNangang.length).toBeGreaterThan(0);
    const byDistrict = await get(`status=suggested&district=${encodeURIComponent('南岗')}`);
    expect(ids(byDistrict.items)).toEqual(ids(inNangang));
    expect(byDistrict.total).toBe(inNangang.length);
    const energy = all.filter((r) =>
      [...r.need.sectors, ...r.capability.sectors].some((x) => x.startsWith('hitech:06')),
    );
    expect(ids((await get('status=suggested&sector=hitech:06')).items)).toEqual(ids(energy));
    // A capability with an approved match moves district: the approved match follows it in the filter.
    const approved = (await get('status=approved')).items[0];
    expect(approved).toBeDefined();
    expect(
      (
        await t
          .http()
          .patch(`/api/v1/capabilities/${approved.capabilityId}`)
          .set(auth(c.coordinator))
          .send({ district: '道里' })
      ).status,
    ).toBe(200);
    const moved = await until(
      () => get(`status=approved&district=${encodeURIComponent('道里')}`),
      (r) => r.items.some((x) => x.id === approved.id),
    );
    expect(moved.items.map((x) => x.id)).toContain(approved.id);
  });

  it('never holds two matches for one pair', async () => {
    const db = t.app.get(DataSource);
    const [{ dupes }] = await db.query(
      `SELECT count(*)::int AS dupes FROM (SELECT 1 FROM matches GROUP BY need_id, capability_id HAVING count(*) > 1) x`,
    );
    expect(dupes).toBe(0);
  });
});

describe('matching, the finer rules', () => {
  let t: TestApp;
  let c: Cast;
  beforeAll(async () => {
    t = await createTestApp();
    c = await createCast(t);
    await t.startWorker();
  });
  afterAll(() => t.close());
  const suggested = async (needId: string) =>
    (await t.http().get(`/api/v1/needs/${needId}/matches?status=suggested&limit=100`).set(auth(c.coordinator))).body
      .items as Match[];

  it('suggests a listing posted twice once, whichever way it arrives, and names the copy', async () => {
    const needId = await postNeed(t, c.enterpriseB, {
      title: '冷库蒸发器除霜节能改造',
      description: '冷库蒸发器结霜严重，需要节能除霜技术。',
      keywords: ['除霜', '冷库'],
    });
    const copy = capabilityBody({
      title: '冷库蒸发器智能除霜技术',
      description: '根据结霜厚度智能控制冷库蒸发器除霜，节能30%，适用于寒区冷链物流。',
      keywords: ['除霜', '冷库', '蒸发器'],
    });
    // Arriving after the need: the capability path places the first and leaves the copy out.
    const first = (await t.http().post('/api/v1/capabilities').set(auth(c.university)).send(copy)).body.id as string;
    await until(
      () => suggested(needId),
      (m) => m.some((x) => x.capabilityId === first),
    );
    const second = (await t.http().post('/api/v1/capabilities').set(auth(c.institute)).send(copy)).body.id as string;
    // The copy's own job has run when no matching job is left unfinished.
    const db = t.app.get(DataSource);
    await until(
      async () =>
        (
          await db.query<Array<{ n: number }>>(
            `SELECT count(*)::int AS n FROM job_outbox WHERE queue LIKE 'matching%' AND completed_at IS NULL AND failed_at IS NULL`,
          )
        )[0].n,
      (n) => n === 0,
    );
    const placed = await suggested(needId);
    expect(placed.filter((x) => x.capabilityId === first || x.capabilityId === second)).toHaveLength(1);
    // Ranked afresh (the need edited): one suggestion, naming the other copy.
    await t
      .http()
      .patch(`/api/v1/needs/${needId}`)
      .set(auth(c.enterpriseB))
      .send({ description: '冷库蒸发器结霜严重，影响制冷效率，需要节能除霜技术。' });
    const ranked = await until(
      () => suggested(needId),
      (m) => m.some((x) => (x.explanation as { duplicates?: unknown }).duplicates !== undefined),
    );
    const shown = ranked.filter((x) => x.capabilityId === first || x.capabilityId === second);
    expect(shown).toHaveLength(1);
    expect((shown[0].explanation as { duplicates?: { count: number } }).duplicates?.count).toBe(1);
  });

  it('refills a need’s suggestions when a suggested capability is withdrawn or deleted', async () => {
    const items = Array.from({ length: 24 }, (_, i) =>
      capabilityBody({
        title: `耐低温电解液方案 ${i}`,
        description: `第${i}种耐低温锂电池电解液配方，零下${20 + i}度容量保持良好。`,
      }),
    );
    const caps = (await t.http().post('/api/v1/capabilities/batch').set(auth(c.university)).send({ items })).body
      .items as Array<{
      id: string;
    }>;
    const needId = await postNeed(t, c.enterpriseA);
    const full = await until(
      () => suggested(needId),
      (m) => m.length === 20,
    );
    expect(full).toHaveLength(20);
    const dropped = full[0].capabilityId;
    await t.http().patch(`/api/v1/capabilities/${dropped}`).set(auth(c.university)).send({ status: 'withdrawn' });
    const after = await until(
      () => suggested(needId),
      (m) => m.length === 20 && !m.some((x) => x.capabilityId === dropped),
    );
    expect(after.some((x) => x.capabilityId === dropped)).toBe(false);
    expect(after).toHaveLength(20);
    expect(after.map((x) => x.rank)).toEqual(after.map((_, i) => i + 1));
    expect(caps.length).toBe(24);
    // Deleting a suggested capability frees its place the same way.
    const deleted = after[0].capabilityId;
    expect((await t.http().delete(`/api/v1/capabilities/${deleted}`).set(auth(c.university))).status).toBe(204);
    const refilled = await until(
      () => suggested(needId),
      (m) => m.length === 20 && !m.some((x) => x.capabilityId === deleted),
    );
    expect(refilled).toHaveLength(20);
    expect(refilled.map((x) => x.rank)).toEqual(refilled.map((_, i) => i + 1));
  });

  it('hides a restricted need’s content from the capability’s owner until the introduction', async () => {
    await t
      .http()
      .post('/api/v1/capabilities')
      .set(auth(c.institute))
      .send(capabilityBody({ title: '寒区储能热管理系统', keywords: ['热管理', '储能'] }));
    const needId = (
      await t
        .http()
        .post('/api/v1/needs')
        .set(auth(c.enterpriseB))
        .send(needBody({ title: '保密：储能电站热管理改造', visibility: 'restricted', keywords: ['热管理', '储能'] }))
    ).body.id as string;
    const m = (
      await until(
        () => suggested(needId),
        (x) => x.length > 0,
      )
    )[0];
    expect((await t.http().post(`/api/v1/matches/${m.id}/approve`).set(auth(c.coordinator)).send({})).status).toBe(200);
    const ownerView = await t.http().get(`/api/v1/matches/${m.id}`).set(auth(c.enterpriseB));
    expect(ownerView.body.need.title).toBe('保密：储能电站热管理改造');
    const token = m.capability.organizationId === c.ids.inst ? c.institute : c.university;
    const other = await t.http().get(`/api/v1/matches/${m.id}`).set(auth(token));
    expect(other.status).toBe(200);
    expect(other.body.need.title).toMatch(/保密需求/);
    expect(other.body.need.description).toBe('');
  });

  it('never writes a ranking made from an older version of the need', async () => {
    const needId = (
      await t
        .http()
        .post('/api/v1/needs')
        .set(auth(c.enterpriseA))
        .send(needBody({ title: '版本测试需求' }))
    ).body.id as string;
    await until(
      () => suggested(needId),
      (m) => m.length > 0,
    );
    const before = await suggested(needId);
    const suggestions = t.app.get(SuggestionsService);
    const written = await suggestions.writeRankings([{ needId, version: 1, ranked: [] }]);
    expect(written).toBe(0);
    expect((await suggested(needId)).map((x) => x.id)).toEqual(before.map((x) => x.id));
  });
});
