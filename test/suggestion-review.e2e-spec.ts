import { DataSource } from 'typeorm';
import { createCast, type Cast } from './factories/cast.js';
import { capabilityBody, postCapability, postNeed } from './factories/listings.js';
import { until } from './factories/wait.js';
import { createTestApp, type TestApp } from './setup/test-app.js';

// Issue 11 on the API's side: rejection reasons, the review queue by confidence band, a need's ranking state
// (暂无合适匹配) with its near misses, and the new explanation fields kept from the capability side of a restricted need.

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

type Item = {
  id: string;
  score: number;
  band: string | null;
  status: string;
  rejectReason: string | null;
  explanation: Record<string, unknown> | null;
};
type Ranking = {
  state: string;
  rankedAt: string | null;
  suggestions: number;
  nearMisses: number;
  catalogueChangedAt: string | null;
};

/** An explanation as the new engine writes it (issue 11): a summary, the band, the ranker, vocabulary bridges. */
const explanation = (score: number, band: string | null, words = { need: '锂电池', cap: '电解液' }) => ({
  algorithmVersion: 'tm-2026.12.1',
  score,
  summary: {
    zh: `需求的“${words.need}”与成果的“${words.cap}”相关；领域相同。`,
    en: `The need’s ${words.need} meets the capability’s ${words.cap}.`,
  },
  band,
  ranker: {
    version: 'rk-test',
    probability: score,
    features: { keyword: 0.6 },
    contributions: [
      { feature: 'keyword', labelZh: `关键词“${words.need}”`, labelEn: 'keywords', value: 0.6, contribution: 1.2 },
    ],
  },
  associations: [{ needTerm: words.need, capabilityTerm: words.cap, strength: 0.5 }],
  keyword: { score: 0.6, weight: 0.7, terms: [{ term: words.need, weight: 3, contribution: 0.3 }] },
  sector: { score: 1, weight: 0.3, factor: 1, matched: [], inferred: [] },
  factors: {},
});

/**
 * Writes a suggestion the way the matching worker does (its facets, its "suggested" event), for tests that need
 * known bands and scores: without a worker running, nothing replaces them.
 */
async function suggest(
  db: DataSource,
  needId: string,
  capabilityId: string,
  score: number,
  band: string | null,
  opts: { status?: string; explanation?: unknown } = {},
): Promise<string> {
  const [{ id }] = await db.query<Array<{ id: string }>>(
    `INSERT INTO matches (need_id, capability_id, score, rank, status, explanation, algorithm_version, band,
                          listing_sector_keys, listing_districts)
     SELECT n.id, c.id, $3, 1, $4::match_status, $5::jsonb, 'tm-2026.12.1', $6,
            ARRAY(SELECT hashtextextended(s, 0) FROM unnest(n.sectors || c.sectors) s),
            ARRAY[n.district::text, c.district::text]
       FROM needs n, capabilities c WHERE n.id = $1 AND c.id = $2
     RETURNING id`,
    [
      needId,
      capabilityId,
      score,
      opts.status ?? 'suggested',
      JSON.stringify(opts.explanation ?? explanation(score, band)),
      band,
    ],
  );
  await db.query(
    `INSERT INTO match_events (match_id, actor_id, from_status, to_status, note) VALUES ($1, NULL, NULL, 'suggested', '匹配引擎推荐')`,
    [id],
  );
  return id;
}

describe('suggestions a coordinator acts on: bands, rejection reasons, restricted explanations', () => {
  let t: TestApp;
  let c: Cast;
  let db: DataSource;
  let needId: string;
  const caps: string[] = [];
  const ids: Record<string, string> = {};
  const queue = async (query: string) => t.http().get(`/api/v1/matches${query}`).set(auth(c.coordinator));

  beforeAll(async () => {
    // No worker: the suggestions below are the only ones, with the bands and scores the tests give them.
    t = await createTestApp();
    c = await createCast(t);
    db = t.app.get(DataSource);
    needId = await postNeed(t, c.enterpriseA);
    for (let i = 0; i < 6; i++) {
      caps.push(
        await postCapability(t, c.university, { title: `耐低温电解液 ${i}`, district: i % 2 ? '香坊' : '南岗' }),
      );
    }
    ids.high1 = await suggest(db, needId, caps[0], 0.9, 'high');
    ids.high2 = await suggest(db, needId, caps[1], 0.8, 'high');
    ids.medium1 = await suggest(db, needId, caps[2], 0.7, 'medium');
    ids.medium2 = await suggest(db, needId, caps[3], 0.5, 'medium');
    ids.low = await suggest(db, needId, caps[4], 0.3, 'low');
    // From before bands: the best score, no band, an explanation without the new parts.
    ids.old = await suggest(db, needId, caps[5], 0.95, null, {
      explanation: { algorithmVersion: 'tm-2026.11.1', score: 0.95, keyword: { score: 1, weight: 1, terms: [] } },
    });
  });
  afterAll(() => t.close());

  it('carries each suggestion’s band in the queue, and filters by one band or several', async () => {
    const all = await queue('');
    expect(all.status).toBe(200);
    expect(all.body.items.map((m: Item) => [m.id, m.band])).toEqual([
      [ids.old, null],
      [ids.high1, 'high'],
      [ids.high2, 'high'],
      [ids.medium1, 'medium'],
      [ids.medium2, 'medium'],
      [ids.low, 'low'],
    ]);
    const high = await queue('?band=high');
    expect(high.body).toMatchObject({ total: 2, items: [{ id: ids.high1 }, { id: ids.high2 }] });
    for (const q of ['?band=high,low', '?band=high&band=low', '?band=low,%20high,high']) {
      const r = await queue(q);
      expect({ q, status: r.status, ids: r.body.items.map((m: Item) => m.id) }).toEqual({
        q,
        status: 200,
        ids: [ids.high1, ids.high2, ids.low],
      });
    }
    // With the other filters and a deep page.
    const xiangfang = await queue('?band=high,medium&district=香坊&pageSize=1&page=2');
    expect(xiangfang.body).toMatchObject({ total: 2, items: [{ id: ids.medium2 }] });
  });

  it('sorts by band: high, medium, low, best first within each, matches without a band last', async () => {
    const r = await queue('?sort=band');
    expect(r.body.items.map((m: Item) => m.id)).toEqual([
      ids.high1,
      ids.high2,
      ids.medium1,
      ids.medium2,
      ids.low,
      ids.old,
    ]);
    const page = await queue('?sort=band&band=medium,low&pageSize=2&page=2');
    expect(page.body).toMatchObject({ total: 3, items: [{ id: ids.low }] });
  });

  it('answers an unknown band with 400 naming the bad value', async () => {
    for (const [q, bad] of [
      ['?band=bogus', 'bogus'],
      ['?band=high,excellent', 'excellent'],
      ['?band=high&band=HIGH', 'HIGH'],
    ]) {
      const r = await queue(q);
      expect({ q, status: r.status }).toEqual({ q, status: 400 });
      expect(r.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(r.body.details).toEqual([{ field: 'band', message: expect.stringContaining(`“${bad}”`) }]);
    }
    expect((await queue('?sort=bands')).status).toBe(400);
  });

  it('rejects with a reason, stores it, shows it on the match and in the history', async () => {
    const r = await t
      .http()
      .post(`/api/v1/matches/${ids.medium2}/reject`)
      .set(auth(c.coordinator))
      .send({ reason: 'stage_mismatch', note: '成果尚在实验室阶段', expectedStatus: 'suggested' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'rejected', rejectReason: 'stage_mismatch', band: 'medium' });
    expect((await t.http().get(`/api/v1/matches/${ids.medium2}`).set(auth(c.coordinator))).body.rejectReason).toBe(
      'stage_mismatch',
    );
    const [row] = await db.query(`SELECT reject_reason FROM matches WHERE id = $1`, [ids.medium2]);
    expect(row.reject_reason).toBe('stage_mismatch');
    const h = await t.http().get(`/api/v1/matches/${ids.medium2}/history`).set(auth(c.coordinator));
    expect(h.body.items.at(-1)).toMatchObject({
      to: 'rejected',
      rejectReason: 'stage_mismatch',
      note: '阶段不匹配 / stage mismatch：成果尚在实验室阶段',
    });
    expect(h.body.items[0]).toMatchObject({ to: 'suggested', rejectReason: null, note: '匹配引擎推荐' });
    const rejected = await queue('?status=rejected');
    expect(rejected.body.items).toEqual([expect.objectContaining({ id: ids.medium2, rejectReason: 'stage_mismatch' })]);
  });

  it('stores a rejection without a reason as other (old clients send only a note), with or without the note', async () => {
    const r = await t
      .http()
      .post(`/api/v1/matches/${ids.low}/reject`)
      .set(auth(c.coordinator))
      .send({ note: '不相关' });
    expect(r.status).toBe(200);
    expect(r.body.rejectReason).toBe('other');
    const h = await t.http().get(`/api/v1/matches/${ids.low}/history`).set(auth(c.coordinator));
    expect(h.body.items.at(-1)).toMatchObject({ rejectReason: 'other', note: '其他 / other：不相关' });
    const bare = await t.http().post(`/api/v1/matches/${ids.high2}/reject`).set(auth(c.coordinator)).send({});
    expect(bare.body).toMatchObject({ status: 'rejected', rejectReason: 'other' });
    const h2 = await t.http().get(`/api/v1/matches/${ids.high2}/history`).set(auth(c.coordinator));
    expect(h2.body.items.at(-1)).toMatchObject({ rejectReason: 'other', note: '其他 / other' });
  });

  it('validates the reason: one of five, an explicit other needs a note, approve takes none', async () => {
    const reject = (body: object) =>
      t.http().post(`/api/v1/matches/${ids.medium1}/reject`).set(auth(c.coordinator)).send(body);
    const other = await reject({ reason: 'other' });
    expect(other.status).toBe(400);
    expect(other.body.details).toEqual([{ field: 'note', message: expect.stringMatching(/其他.*note/) }]);
    expect((await reject({ reason: 'other', note: '   ' })).status).toBe(400);
    const unknown = await reject({ reason: 'too_expensive', note: '贵' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.details).toEqual([{ field: 'reason', message: expect.stringContaining('not_relevant') }]);
    expect((await reject({ reason: ['not_relevant'] })).status).toBe(400);
    const approve = await t
      .http()
      .post(`/api/v1/matches/${ids.medium1}/approve`)
      .set(auth(c.coordinator))
      .send({ reason: 'not_relevant' });
    expect(approve.status).toBe(400);
    // Nothing changed.
    expect((await t.http().get(`/api/v1/matches/${ids.medium1}`).set(auth(c.coordinator))).body).toMatchObject({
      status: 'suggested',
      rejectReason: null,
    });
    const ok = await reject({ reason: 'other', note: '企业已转产' });
    expect(ok.body).toMatchObject({ status: 'rejected', rejectReason: 'other' });
  });

  it('says a need not yet ranked is pending, and lets only its owner and coordinators ask for near misses', async () => {
    const r = await t.http().get(`/api/v1/needs/${needId}/matches`).set(auth(c.enterpriseA));
    expect(r.status).toBe(200);
    expect(r.body.ranking).toMatchObject({ state: 'pending', rankedAt: null, suggestions: 0, nearMisses: 0 });
    expect(Date.parse(r.body.ranking.catalogueChangedAt)).toBeGreaterThan(0);
    expect((await t.http().get(`/api/v1/needs/${needId}/near-misses`).set(auth(c.enterpriseA))).body).toEqual({
      items: [],
      rankedAt: null,
    });
    for (const token of [c.enterpriseB, c.university]) {
      const other = await t.http().get(`/api/v1/needs/${needId}/near-misses`).set(auth(token));
      expect(other.status).toBe(404);
      expect(other.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    }
    expect((await t.http().get(`/api/v1/needs/${caps[0]}/near-misses`).set(auth(c.coordinator))).status).toBe(404);
  });

  it('keeps the new explanation fields and the band from the capability side of a restricted need until the introduction', async () => {
    const words = { need: '涡轮盘榫槽', cap: '叶片疲劳' };
    const secret = await postNeed(t, c.enterpriseB, {
      title: '保密：涡轮盘榫槽裂纹攻关',
      description: '涡轮盘榫槽部位出现疲劳裂纹，需要寿命预测。',
      keywords: ['涡轮盘', '寿命预测'],
      visibility: 'restricted',
    });
    const matchId = await suggest(db, secret, caps[0], 0.66, 'medium', {
      status: 'approved',
      explanation: { ...explanation(0.66, 'medium', words), duplicates: { count: 1, capabilityIds: [caps[1]] } },
    });
    const leaks = (body: unknown) =>
      ['涡轮盘', '榫槽', '保密：', '寿命预测', 'rk-test', '示例乙制造有限公司'].filter((w) =>
        JSON.stringify(body).includes(w),
      );
    const capSide = [
      (await t.http().get(`/api/v1/matches/${matchId}`).set(auth(c.university))).body,
      ...(await t.http().get(`/api/v1/capabilities/${caps[0]}/matches`).set(auth(c.university))).body.items,
    ];
    expect(capSide).toHaveLength(2);
    for (const m of capSide) {
      expect(m).toMatchObject({ id: matchId, explanation: null, band: null, score: 0.66 });
      expect(leaks(m)).toEqual([]);
    }
    // The need's owner and coordinators read all of it.
    for (const token of [c.enterpriseB, c.coordinator]) {
      const m = (await t.http().get(`/api/v1/matches/${matchId}`).set(auth(token))).body;
      expect(m).toMatchObject({
        band: 'medium',
        explanation: {
          summary: { zh: expect.stringContaining('涡轮盘榫槽') },
          associations: [{ needTerm: '涡轮盘榫槽', capabilityTerm: '叶片疲劳' }],
          ranker: { version: 'rk-test' },
          duplicates: { count: 1 },
        },
      });
    }
    // From the introduction on, the capability side reads it too.
    expect(
      (await t.http().post(`/api/v1/matches/${matchId}/transition`).set(auth(c.coordinator)).send({ to: 'introduced' }))
        .status,
    ).toBe(200);
    const after = (await t.http().get(`/api/v1/matches/${matchId}`).set(auth(c.university))).body;
    expect(after).toMatchObject({
      band: 'medium',
      explanation: { summary: { zh: expect.stringContaining('涡轮盘') } },
    });
  });
});

describe('a need’s ranking state with the real worker: 暂无合适匹配 and its near misses', () => {
  let t: TestApp;
  let c: Cast;
  let db: DataSource;
  let battery: string;
  let pets: string;
  const caps: Record<string, string> = {};
  const ranking = async (id: string, token: string): Promise<Ranking> => {
    const r = await t.http().get(`/api/v1/needs/${id}/matches`).set(auth(token));
    expect(r.status).toBe(200);
    return r.body.ranking as Ranking;
  };
  const ranked = (id: string, token: string) =>
    until(
      () => ranking(id, token),
      (r) => r.state !== 'pending',
    );

  beforeAll(async () => {
    t = await createTestApp();
    c = await createCast(t);
    db = t.app.get(DataSource);
    await t.startWorker();
    const post = (body: Record<string, unknown>) => postCapability(t, c.university, body);
    caps.electrolyte = await post({});
    caps.welding = await post({
      kind: 'expertise',
      title: '焊接机器人视觉团队',
      description: '焊缝跟踪、机器视觉与深度学习缺陷检测，服务轨道交通与压力容器制造。',
      sectors: ['hitech:0804'],
      keywords: ['焊缝', '机器视觉', '缺陷检测'],
    });
    caps.rice = await post({
      title: '寒地水稻抗冷品种选育',
      description: '耐冷水稻新品系，适合黑龙江第一积温带种植。',
      sectors: ['hitech:0207'],
      keywords: ['水稻', '耐冷', '育种'],
    });
    caps.withdrawn = await post({
      title: '旧版冻土桩基检测',
      description: '冻土区桩基检测与评估。',
      keywords: ['桩基'],
    });
    caps.deleted = await post({ title: '已删除的成果', description: '一项后来删除的成果。', keywords: ['删除'] });
    battery = await postNeed(t, c.enterpriseA);
    // Nothing in the catalogue speaks of this.
    pets = await postNeed(t, c.enterpriseA, {
      title: '宠物猫粮适口性改良',
      description: '我司生产宠物猫粮，希望提升适口性并延长开封后的保质期。',
      keywords: ['猫粮', '适口性'],
      sectors: [],
      cooperationModes: ['commissioned_development'],
    });
  });
  afterAll(() => t.close());

  it('shows suggested for a need with suggestions, to coordinators and to its owner', async () => {
    const coord = await ranked(battery, c.coordinator);
    expect(coord.state).toBe('suggested');
    expect(Date.parse(coord.rankedAt!)).toBeGreaterThan(0);
    expect((await ranking(battery, c.enterpriseA)).state).toBe('suggested');
    // The counts of the list itself are unchanged: the owner sees no suggestion, only the state.
    expect((await t.http().get(`/api/v1/needs/${battery}/matches`).set(auth(c.enterpriseA))).body.items).toEqual([]);
  });

  it('shows 暂无合适匹配 (no_suitable_match) for a need nothing cleared the floor for', async () => {
    const r = await ranked(pets, c.enterpriseA);
    expect(r).toMatchObject({ state: 'no_suitable_match', suggestions: 0, nearMisses: expect.any(Number) });
    const latest = (await db.query(`SELECT max(updated_at) AS at FROM capabilities`))[0].at as Date;
    expect(Date.parse(r.catalogueChangedAt!)).toBe(latest.getTime());
    expect((await t.http().get(`/api/v1/needs/${pets}/matches`).set(auth(c.coordinator))).body.items).toEqual([]);
  });

  it('lists the near misses the ranking kept to the owner and coordinators, without withdrawn or deleted ones', async () => {
    // As the engine keeps them when it writes no suggestion (closest first).
    const miss = (capabilityId: string, score: number) => ({
      capabilityId,
      score,
      summary: {
        zh: `与需求的部分用词相近，低于推荐门槛（${score}）`,
        en: `Some words meet; below the floor (${score})`,
      },
    });
    await db.query(`UPDATE need_rankings SET near_misses = $2::jsonb WHERE need_id = $1`, [
      pets,
      JSON.stringify([
        miss(caps.rice, 0.21),
        miss(caps.withdrawn, 0.18),
        miss(caps.deleted, 0.15),
        miss(caps.welding, 0.12),
      ]),
    ]);
    await t
      .http()
      .patch(`/api/v1/capabilities/${caps.withdrawn}`)
      .set(auth(c.university))
      .send({ status: 'withdrawn' });
    expect((await t.http().delete(`/api/v1/capabilities/${caps.deleted}`).set(auth(c.university))).status).toBe(204);

    const expected = {
      items: [
        {
          capabilityId: caps.rice,
          title: '寒地水稻抗冷品种选育',
          kind: 'achievement',
          organizationName: '示例理工大学',
          score: 0.21,
          summary: miss(caps.rice, 0.21).summary,
        },
        expect.objectContaining({ capabilityId: caps.welding, kind: 'expertise', score: 0.12 }),
      ],
      rankedAt: expect.any(String),
    };
    for (const token of [c.enterpriseA, c.coordinator]) {
      const r = await t.http().get(`/api/v1/needs/${pets}/near-misses`).set(auth(token));
      expect(r.status).toBe(200);
      expect(r.body).toEqual(expected);
    }
    // Another enterprise (the need is public) and the university: 404, as for a need they may not see.
    for (const token of [c.enterpriseB, c.university]) {
      expect((await t.http().get(`/api/v1/needs/${pets}/near-misses`).set(auth(token))).status).toBe(404);
    }
    // The ranking counts only those still listed.
    const r = await ranking(pets, c.enterpriseA);
    expect(r).toMatchObject({ state: 'no_suitable_match', nearMisses: 2 });
  });

  it('is pending again after an edit until the worker has ranked the new version', async () => {
    const before = await ranking(pets, c.coordinator);
    const edit = await t
      .http()
      .patch(`/api/v1/needs/${pets}`)
      .set(auth(c.enterpriseA))
      .send({ description: '我司生产宠物猫粮，希望提升适口性，并延长开封后的保质期。' });
    expect(edit.status).toBe(200);
    // The worker may already have ranked it by the time this is read.
    expect(['pending', 'no_suitable_match']).toContain((await ranking(pets, c.coordinator)).state);
    const after = await until(
      () => ranking(pets, c.coordinator),
      (r) => r.state !== 'pending' && r.rankedAt !== before.rankedAt,
    );
    expect(after.state).toBe('no_suitable_match');
    expect(Date.parse(after.rankedAt!)).toBeGreaterThan(Date.parse(before.rankedAt!));
  });

  it('checks the need again when the catalogue changes: a fitting capability ends 暂无合适匹配', async () => {
    const before = await ranking(pets, c.coordinator);
    const fitting = (
      await t
        .http()
        .post('/api/v1/capabilities')
        .set(auth(c.institute))
        .send(
          capabilityBody({
            kind: 'achievement',
            title: '宠物猫粮适口性改良与保质期延长技术',
            description: '宠物猫粮适口性改良配方，诱食剂与抗氧化包装延长开封后的保质期。',
            sectors: [],
            keywords: ['猫粮', '适口性', '保质期'],
            cooperationModes: ['commissioned_development', 'license'],
          }),
        )
    ).body;
    const after = await until(
      () => ranking(pets, c.coordinator),
      (r) => r.state === 'suggested',
    );
    expect(after.state).toBe('suggested');
    expect(Date.parse(after.catalogueChangedAt!)).toBeGreaterThanOrEqual(Date.parse(fitting.createdAt));
    expect(Date.parse(after.catalogueChangedAt!)).toBeGreaterThan(Date.parse(before.catalogueChangedAt!));
    const items = (await t.http().get(`/api/v1/needs/${pets}/matches`).set(auth(c.coordinator))).body.items as Item[];
    expect(items.map((m) => (m as Item & { capabilityId: string }).capabilityId)).toContain(fitting.id);
  });
});
