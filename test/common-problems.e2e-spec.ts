import { jest } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CommonProblemsDetector } from '../src/modules/common-problems/common-problems.detector.js';
import { CatalogIndexService } from '../src/modules/matching/catalog-index.service.js';
import { CommonProblemsService } from '../src/modules/common-problems/common-problems.service.js';
import { createCast, createOrganization, createUser, login, type Cast } from './factories/cast.js';
import { challengeBody } from './factories/challenges.js';
import { postCapability, postNeed } from './factories/listings.js';
import { until } from './factories/wait.js';
import { createTestApp, type TestApp } from './setup/test-app.js';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

// Real need texts, adapted from the technology market's published needs (data/techmarket: tm-need-0626, -0824,
// -0425, -0353, -0087, -1846); the organisations are fictional.
const SINTERING = {
  title: '烧结烟气低温脱硝技术',
  description:
    '由于产线自身工艺烟气温度差异，传统高温领域锅炉烟气脱硝工艺及催化剂对烧结领域的烟气脱硝不适用。此外当反应温度低于' +
    '250℃时，烟气中SO2和水蒸汽往往对催化剂脱硝活性具有明显抑制作用。把烟气再加热至350摄氏度左右的方法能耗相当大。' +
    '现需求低温烟气脱硝技术，以满足环保要求。',
  keywords: ['脱硝', '低温烟气'],
  sectors: [],
  budget: { min: 500000, max: 2000000 },
  district: '平房',
};
const DENITRATION = {
  title: '低温烟气脱硝技术需求',
  description:
    '公司主营烟气治理（除尘、脱硫）、工业污水处理与环保工程。需求：由于产线自身工艺的烟气温度差异，传统的高温领域锅炉' +
    '烟气脱硝工艺及催化剂（V2O5-WO3/TiO2）对烧结领域的烟气脱硝并不适用，希望与高校合作研发低温SCR脱硝催化剂及工艺。',
  keywords: ['脱硝', '催化剂'],
  sectors: [],
  budget: { min: 300000, max: 800000 },
  district: '香坊',
};
const BOILER = {
  title: '燃煤锅炉低温烟气SCR脱硝催化剂',
  description:
    '我厂燃煤锅炉排烟温度在160至220℃之间，现有SCR脱硝催化剂在低温下活性不足、易受SO2中毒，氮氧化物排放难以达到' +
    '超低排放标准。寻求低温脱硝催化剂及烟气脱硝工艺的技术合作。',
  keywords: ['脱硝', '低温烟气', '催化剂'],
  sectors: [],
  budget: { min: 1000000, max: 3000000 },
  district: '道里',
  visibility: 'restricted',
};
const DESULFURIZER = {
  title: '再生性活性氧化铁脱硫剂技术',
  description:
    '活性氧化铁主要用于石油化工、天然气、煤气的脱硫，可在接近常温条件下脱除大量H2S。现拟与高校合作开发利用钛白粉副产' +
    '硫酸亚铁生产再生性活性氧化铁脱硫剂的制作工艺技术。',
  keywords: ['脱硫剂', '氧化铁'],
  sectors: [],
  district: '平房',
};
const GREASE = {
  title: '超耐低温润滑脂生产技术',
  description: '该公司需求超耐低温润滑脂生产技术，要求适用于零下90度耐低温。',
  keywords: ['润滑脂'],
  sectors: [],
  district: '平房',
};
const SLUDGE_A = {
  title: '减少污水处理后污泥数量',
  description:
    '企业在生产过程中会产生污泥污水废料，目前已配备一定的污水处理系统，但仍希望优化改良，减少污水处理后的污泥数量，' +
    '实现污泥减量化，达到环保要求。',
  keywords: ['污泥', '污泥减量'],
  sectors: [],
  district: '香坊',
};
const SLUDGE_B = {
  title: '污泥深度脱水与减量化处理研发',
  description:
    '国家对污泥处理的要求是减量化、资源化、无害化。就污泥深度脱水工艺而言，核心技术是调理破壁。需要研发污泥减量' +
    '与深度脱水技术，降低污泥处置成本。',
  keywords: ['污泥', '污泥减量', '深度脱水'],
  sectors: [],
  district: '道里',
};

describe('common problems (共性技术难题)', () => {
  let t: TestApp;
  let c: Cast;
  let db: DataSource;
  let entC: string;
  let tokenC: string;
  const n: Record<string, string> = {};
  const caps: Record<string, string> = {};
  let problemId: string;

  const detect = async (): Promise<void> => {
    const r = await t.http().post('/api/v1/common-problems/detect').set(auth(c.coordinator)).send({});
    expect(r.status).toBe(202);
    const jobId = (r.body as { jobId: string }).jobId;
    const done = await until(
      () =>
        db.query<Array<{ completed_at: Date | null; error: string | null }>>(
          `SELECT completed_at, error FROM job_outbox WHERE job_id = $1`,
          [jobId],
        ),
      (rows) => !!rows[0]?.completed_at,
      60000,
    );
    expect(done[0]?.error ?? null).toBeNull();
    expect(done[0]?.completed_at).toBeTruthy();
  };
  const list = (token: string, query = '') => t.http().get(`/api/v1/common-problems${query}`).set(auth(token));
  const get = (token: string, id: string) => t.http().get(`/api/v1/common-problems/${id}`).set(auth(token));
  const inbox = async (token: string) =>
    (
      (await t.http().get('/api/v1/notifications?pageSize=100').set(auth(token))).body as {
        items: Array<{ type: string; title: string; body: string; payload: Record<string, unknown> }>;
      }
    ).items;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    c = await createCast(t);
    entC = await createOrganization(t, c.admin, { kind: 'enterprise', name: '示例丙热电有限公司', district: '道里' });
    await createUser(t, c.admin, { email: 'c@example.org', role: 'member', organizationId: entC });
    tokenC = await login(t, 'c@example.org');
    await t.startWorker();

    n.sintering = await postNeed(t, c.enterpriseA, SINTERING);
    n.denitration = await postNeed(t, c.enterpriseB, DENITRATION);
    n.boiler = await postNeed(t, tokenC, BOILER);
    n.desulfurizer = await postNeed(t, c.enterpriseA, DESULFURIZER);
    // The same problem twice from one organisation is not a problem several share.
    n.greaseA = await postNeed(t, c.enterpriseA, GREASE);
    n.greaseB = await postNeed(t, c.enterpriseA, { ...GREASE, title: '耐低温润滑脂生产技术' });
    n.battery = await postNeed(t, c.enterpriseB, {});
    caps.scr = await postCapability(t, c.university, {
      title: '低温SCR脱硝催化剂及烟气脱硝工艺',
      description:
        '研制的锰铈复合氧化物低温SCR脱硝催化剂在150至250℃下脱硝效率超过90%，抗SO2和水蒸汽中毒，适用于烧结烟气、' +
        '燃煤锅炉低温烟气的脱硝治理，已完成中试。',
      keywords: ['脱硝', '催化剂', '低温烟气'],
      sectors: [],
      trl: 6,
    });
    caps.battery = await postCapability(t, c.institute, {});
  });

  afterAll(async () => {
    await t?.close();
  });

  it('finds the needs of different enterprises that state the same problem, and only those', async () => {
    await detect();
    const r = await list(c.coordinator, '?status=candidate');
    expect(r.status).toBe(200);
    const items = (r.body as { items: Array<{ id: string; needCount: number; organizationCount: number }> }).items;
    expect(items).toHaveLength(1);
    problemId = items[0].id;
    expect(items[0]).toMatchObject({ needCount: 3, organizationCount: 3 });

    const view = (await get(c.coordinator, problemId)).body as {
      status: string;
      title: string;
      summary: string;
      sharedTerms: string[];
      needs: Array<{ id: string; title: string; restricted: boolean; organization: { id: string } | null }>;
      enterprises: Array<{ id: string; district: string }>;
      districtCounts: Array<{ district: string; needs: number }>;
      lead: { needId: string; organization: { id: string }; reason: string };
      capabilities: Array<{
        capabilityId: string;
        fitsAll: boolean;
        covered: number;
        explanations: Array<{ needId: string; fits: boolean; summary: { zh: string; en: string } | null }>;
      }>;
      allowed: string[];
    };
    expect(view.status).toBe('candidate');
    expect(view.needs.map((x) => x.id).sort()).toEqual([n.sintering, n.denitration, n.boiler].sort());
    // A coordinator sees the restricted member named.
    expect(view.needs.find((x) => x.id === n.boiler)).toMatchObject({ title: BOILER.title, restricted: false });
    expect(view.enterprises.map((e) => e.id).sort()).toEqual([c.ids.entA, c.ids.entB, entC].sort());
    expect(view.districtCounts.map((d) => d.district).sort()).toEqual(['平房', '道里', '香坊'].sort());
    expect(view.sharedTerms).toContain('脱硝');
    expect(view.summary).toMatch(/3 家单位的 3 项需求/);
    // The title comes from a public need, never from the restricted one.
    expect(view.title).not.toContain(BOILER.title);
    // The lead: the most specific need with the largest budget (3,000,000 yuan), with the reason.
    expect(view.lead.needId).toBe(n.boiler);
    expect(view.lead.reason).toMatch(/预算最高（上限 3000000 元）/);
    expect(view.lead.reason).toMatch(/largest budget/);
    // The capability that fits every member, explained per member as matching explains a pair.
    const scr = view.capabilities.find((x) => x.capabilityId === caps.scr);
    expect(scr).toMatchObject({ fitsAll: true, covered: 3 });
    expect(scr!.explanations).toHaveLength(3);
    for (const e of scr!.explanations) {
      expect(e.fits).toBe(true);
      expect(e.summary?.zh).toMatch(/脱硝/);
    }
    expect(view.capabilities.map((x) => x.capabilityId)).not.toContain(caps.battery);
    expect(view.allowed).toEqual(['confirmed', 'dismissed']);

    // Coordinators are told of new candidates.
    expect((await inbox(c.coordinator)).some((x) => x.type === 'common_problem.detected')).toBe(true);
  });

  it('shows candidates to coordinators only', async () => {
    expect((await list(c.enterpriseA)).body).toMatchObject({ items: [], total: 0 });
    expect((await list(c.enterpriseA, '?status=candidate')).status).toBe(403);
    expect((await get(c.enterpriseA, problemId)).status).toBe(404);
    expect((await get(c.university, problemId)).status).toBe(404);
    expect((await t.http().get(`/api/v1/common-problems/${problemId}/events`).set(auth(c.enterpriseA))).status).toBe(
      403,
    );
    expect((await t.http().get('/api/v1/common-problems')).status).toBe(401);
    expect((await t.http().post('/api/v1/common-problems/detect').set(auth(c.enterpriseA))).status).toBe(403);
  });

  it('answers bad input with 400 naming the field', async () => {
    const patch = (body: Record<string, unknown>, token = c.coordinator) =>
      t.http().patch(`/api/v1/common-problems/${problemId}`).set(auth(token)).send(body);
    const field = (r: { body: { details?: Array<{ field: string }> } }) => r.body.details?.map((d) => d.field);
    let r = await patch({ title: '  ' });
    expect(r.status).toBe(400);
    expect(field(r)).toEqual(['title']);
    r = await patch({ addNeedIds: ['不是ID'] });
    expect(r.status).toBe(400);
    expect(field(r)).toContain('addNeedIds');
    r = await patch({ addNeedIds: [caps.scr] });
    expect(r.status).toBe(400);
    expect(field(r)).toEqual(['addNeedIds']);
    r = await patch({ removeNeedIds: [n.denitration, n.boiler] });
    expect(r.status).toBe(400);
    expect(field(r)).toEqual(['removeNeedIds']);
    expect(r.body.message ?? JSON.stringify(r.body)).toBeTruthy();
    r = await patch({ removeNeedIds: [n.battery] });
    expect(r.status).toBe(400);
    expect(field(r)).toEqual(['removeNeedIds']);
    r = await patch({ leadNeedId: n.battery });
    expect(r.status).toBe(400);
    expect(field(r)).toEqual(['leadNeedId']);
    r = await patch({ expectedVersion: 'x' });
    expect(r.status).toBe(400);
    r = await patch({ colour: 'red' });
    expect(r.status).toBe(400);
    r = await patch({ expectedVersion: 99 });
    expect(r.status).toBe(409);
    r = await patch({ title: '改个名' }, c.enterpriseA);
    expect(r.status).toBe(403);
    r = await t.http().get('/api/v1/common-problems?status=open').set(auth(c.coordinator));
    expect(r.status).toBe(400);
    expect(field(r)).toEqual(['status']);
    // As everywhere in the API, an id that is no id names nothing.
    r = await t.http().get('/api/v1/common-problems/not-an-id').set(auth(c.coordinator));
    expect(r.status).toBe(404);
    r = await t.http().post(`/api/v1/common-problems/${problemId}/dismiss`).set(auth(c.coordinator)).send({});
    expect(r.status).toBe(400);
    expect([...new Set(field(r))]).toEqual(['reason']);
    r = await t
      .http()
      .post(`/api/v1/common-problems/${problemId}/dismiss`)
      .set(auth(c.coordinator))
      .send({ reason: '   ' });
    expect(r.status).toBe(400);
    expect(field(r)).toEqual(['reason']);
    r = await t
      .http()
      .post(`/api/v1/common-problems/${problemId}/introductions`)
      .set(auth(c.coordinator))
      .send({ capabilityIds: [caps.scr] });
    expect(r.status).toBe(409);
    expect(r.body.details).toMatchObject({ currentStatus: 'candidate' });
  });

  it('does not duplicate a candidate when detection runs again', async () => {
    await detect();
    const items = (await list(c.coordinator)).body.items as Array<{ id: string }>;
    expect(items.map((x) => x.id)).toEqual([problemId]);
    const [{ count }] = await db.query<Array<{ count: number }>>(
      `SELECT count(*)::int AS count FROM common_problem_events WHERE problem_id = $1 AND kind = 'detected'`,
      [problemId],
    );
    expect(count).toBe(1);
  });

  it('lets a coordinator edit, then confirm: audited, and the member enterprises are told', async () => {
    let r = await t
      .http()
      .patch(`/api/v1/common-problems/${problemId}`)
      .set(auth(c.coordinator))
      .send({ title: '烧结与燃煤锅炉烟气低温脱硝', leadNeedId: n.sintering, expectedVersion: 1 });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ title: '烧结与燃煤锅炉烟气低温脱硝', edited: true, version: 2 });
    expect(r.body.lead).toMatchObject({ needId: n.sintering, organization: { id: c.ids.entA } });
    expect(r.body.lead.reason).toMatch(/协调员/);

    r = await t.http().post(`/api/v1/common-problems/${problemId}/confirm`).set(auth(c.enterpriseA)).send({});
    expect(r.status).toBe(403);
    r = await t
      .http()
      .post(`/api/v1/common-problems/${problemId}/confirm`)
      .set(auth(c.coordinator))
      .send({ note: '已与三家企业确认' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'confirmed', allowed: ['dismissed'] });
    r = await t.http().post(`/api/v1/common-problems/${problemId}/confirm`).set(auth(c.coordinator)).send({});
    expect(r.status).toBe(409);
    expect(r.body.details).toEqual({ currentStatus: 'confirmed', allowed: ['dismissed'] });

    const told = async (token: string) =>
      (
        await until(
          () => inbox(token),
          (items) => items.some((x) => x.type === 'common_problem.confirmed'),
        )
      ).filter((x) => x.type === 'common_problem.confirmed');
    const toA = await told(c.enterpriseA);
    expect(toA[0].body).toContain(SINTERING.title);
    const toC = await told(tokenC);
    expect(toC[0].body).toContain(BOILER.title);
    // Each enterprise is told of its own need only: B's message does not name C's restricted need.
    const toB = await told(c.enterpriseB);
    expect(toB[0].body).not.toContain(BOILER.title);
    expect((await inbox(c.university)).some((x) => x.type.startsWith('common_problem'))).toBe(false);

    const events = (
      (await t.http().get(`/api/v1/common-problems/${problemId}/events`).set(auth(c.coordinator))).body as {
        items: Array<{ kind: string; actor: { id: string } | null; fromStatus: string | null; toStatus: string }>;
      }
    ).items;
    expect(events.map((e) => e.kind)).toEqual(['detected', 'edited', 'confirmed']);
    expect(events[0].actor).toBeNull();
    expect(events[2]).toMatchObject({
      fromStatus: 'candidate',
      toStatus: 'confirmed',
      actor: { id: c.ids.users['coord@example.org'] },
    });
  });

  it('shows a confirmed problem to members, the restricted need named only to coordinators and its owner', async () => {
    const items = (await list(c.university)).body.items as Array<{ id: string; sharedTerms: string[] }>;
    expect(items.map((x) => x.id)).toEqual([problemId]);
    const asB = (await get(c.enterpriseB, problemId)).body as {
      needs: Array<{ id: string | null; title: string; restricted: boolean; organization: unknown; budget: unknown }>;
      enterprises: Array<{ id: string }>;
      capabilities: Array<{ capabilityId: string; explanations: Array<{ needId: string | null; summary: unknown }> }>;
      allowed: string[];
    };
    const hidden = asB.needs.filter((x) => x.restricted);
    expect(hidden).toEqual([
      expect.objectContaining({
        id: null,
        title: '受限需求 / restricted need',
        organization: null,
        budget: null,
        // Not even its district: a restricted need is counted only.
        district: null,
      }),
    ]);
    expect(JSON.stringify(asB)).not.toContain(BOILER.title);
    expect(JSON.stringify(asB)).not.toContain(n.boiler);
    expect(JSON.stringify(asB)).not.toContain('示例丙热电有限公司');
    expect(asB.enterprises.map((e) => e.id).sort()).toEqual([c.ids.entA, c.ids.entB].sort());
    const scr = asB.capabilities.find((x) => x.capabilityId === caps.scr)!;
    expect(scr.explanations.filter((e) => e.needId === null)).toEqual([
      { needId: null, fits: true, score: expect.any(Number), band: expect.any(String), summary: null },
    ]);
    expect(asB.allowed).toEqual([]);
    // Its owner sees it named.
    const asC = (await get(tokenC, problemId)).body as { needs: Array<{ id: string | null; title: string }> };
    expect(asC.needs.find((x) => x.id === n.boiler)?.title).toBe(BOILER.title);
  });

  it('gives a challenge what it needs from a confirmed problem', async () => {
    const service = t.app.get(CommonProblemsService);
    const p = await service.getForChallenge(problemId);
    expect(p).toMatchObject({
      id: problemId,
      title: '烧结与燃煤锅炉烟气低温脱硝',
      leadNeedId: n.sintering,
      leadOrganizationId: c.ids.entA,
    });
    expect(p.keywords).toContain('脱硝');
    expect(p.organizationIds.sort()).toEqual([c.ids.entA, c.ids.entB, entC].sort());
  });

  it('introduces the member enterprises to a consortium of capability owners', async () => {
    const intro = (body: Record<string, unknown>, token = c.coordinator) =>
      t.http().post(`/api/v1/common-problems/${problemId}/introductions`).set(auth(token)).send(body);
    let r = await intro({ capabilityIds: [] });
    expect(r.status).toBe(400);
    expect(r.body.details.map((d: { field: string }) => d.field)).toEqual(['capabilityIds']);
    r = await intro({ capabilityIds: [n.sintering] });
    expect(r.status).toBe(400);
    expect(r.body.details.map((d: { field: string }) => d.field)).toEqual(['capabilityIds']);
    r = await intro({ capabilityIds: [caps.scr] }, c.university);
    expect(r.status).toBe(403);
    r = await intro({ capabilityIds: [caps.scr, caps.battery], note: '拟组建“政产学研用”联合体' });
    expect(r.status).toBe(201);
    expect((r.body.organizations as Array<{ id: string }>).map((o) => o.id).sort()).toEqual(
      [c.ids.entA, c.ids.entB, entC, c.ids.uni, c.ids.inst].sort(),
    );
    const owner = await until(
      () => inbox(c.university),
      (items) => items.some((x) => x.type === 'common_problem.introduced'),
    );
    const toOwner = owner.find((x) => x.type === 'common_problem.introduced')!;
    expect(toOwner.body).toContain('示例甲科技有限公司');
    expect(toOwner.body).not.toContain(BOILER.title);
    const member = await until(
      () => inbox(c.enterpriseB),
      (items) => items.some((x) => x.type === 'common_problem.introduced'),
    );
    expect(member.find((x) => x.type === 'common_problem.introduced')!.body).toContain('低温SCR脱硝催化剂');
  });

  it('keeps a confirmed problem and does not propose a dismissed one again', async () => {
    n.sludgeA = await postNeed(t, c.enterpriseB, SLUDGE_A);
    n.sludgeB = await postNeed(t, tokenC, SLUDGE_B);
    await detect();
    const candidates = (await list(c.coordinator, '?status=candidate')).body.items as Array<{ id: string }>;
    expect(candidates).toHaveLength(1);
    const sludge = candidates[0].id;
    const sludgeView = (await get(c.coordinator, sludge)).body as { needs: Array<{ id: string }> };
    expect(sludgeView.needs.map((x) => x.id).sort()).toEqual([n.sludgeA, n.sludgeB].sort());
    // The confirmed one is untouched: its members, its coordinator's title.
    const confirmed = (await get(c.coordinator, problemId)).body as { status: string; title: string; needs: unknown[] };
    expect(confirmed).toMatchObject({ status: 'confirmed', title: '烧结与燃煤锅炉烟气低温脱硝' });
    expect(confirmed.needs).toHaveLength(3);

    let r = await t
      .http()
      .post(`/api/v1/common-problems/${sludge}/dismiss`)
      .set(auth(c.coordinator))
      .send({ reason: '两家企业的污泥性质不同，不宜合并攻关' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'dismissed', dismissReason: '两家企业的污泥性质不同，不宜合并攻关' });
    r = await t
      .http()
      .post(`/api/v1/common-problems/${sludge}/dismiss`)
      .set(auth(c.coordinator))
      .send({ reason: '再次' });
    expect(r.status).toBe(409);
    expect(r.body.details).toEqual({ currentStatus: 'dismissed', allowed: [] });
    r = await t.http().post(`/api/v1/common-problems/${sludge}/confirm`).set(auth(c.coordinator)).send({});
    expect(r.status).toBe(409);
    r = await t.http().patch(`/api/v1/common-problems/${sludge}`).set(auth(c.coordinator)).send({ title: '新' });
    expect(r.status).toBe(409);
    await expect(t.app.get(CommonProblemsService).getForChallenge(sludge)).rejects.toMatchObject({ status: 409 });

    await detect();
    expect((await list(c.coordinator, '?status=candidate')).body.items).toEqual([]);
    expect((await list(c.coordinator)).body.total).toBe(2);
  });

  it('works out the fitting capabilities again after a coordinator changes the members', async () => {
    // The battery need joins (a coordinator's call); the worker refreshes the problem's capabilities.
    const before = await db.query<Array<{ refreshed_at: Date }>>(
      `SELECT refreshed_at FROM common_problems WHERE id = $1`,
      [problemId],
    );
    const r = await t
      .http()
      .patch(`/api/v1/common-problems/${problemId}`)
      .set(auth(c.coordinator))
      .send({ addNeedIds: [n.battery] });
    expect(r.status).toBe(200);
    expect(r.body.needs).toHaveLength(4);
    const after = await until(
      () =>
        db.query<Array<{ refreshed_at: Date }>>(`SELECT refreshed_at FROM common_problems WHERE id = $1`, [problemId]),
      (rows) => rows[0].refreshed_at.getTime() > before[0].refreshed_at.getTime(),
    );
    expect(after[0].refreshed_at.getTime()).toBeGreaterThan(before[0].refreshed_at.getTime());
    const view = (await get(c.coordinator, problemId)).body as {
      capabilities: Array<{ capabilityId: string; fitsAll: boolean; covered: number; explanations: unknown[] }>;
    };
    const scr = view.capabilities.find((x) => x.capabilityId === caps.scr)!;
    expect(scr.explanations).toHaveLength(4);
    expect(scr).toMatchObject({ fitsAll: false, covered: 3 });
  });
});

// What a reviewer found (issue 13 A): restricted, closed and deleted members, versions, overlaps, runs piling up.
describe('common problems: members that change, versions and overlaps', () => {
  let t: TestApp;
  let c: Cast;
  let db: DataSource;
  let entC: string;
  let tokenC: string;
  const n: Record<string, string> = {};
  let scr: string;
  let problemId: string;
  let worker: INestApplicationContext;

  type View = {
    id: string;
    status: string;
    title: string;
    summary: string;
    version: number;
    sharedTerms: string[];
    needCount: number;
    restrictedNeedCount: number;
    organizationCount: number;
    districts: string[];
    needs: Array<{ id: string | null; title: string; status: string; district: string | null }>;
    lead: { needId: string | null; organization: { id: string } | null } | null;
    capabilities: Array<{ capabilityId: string; explanations: Array<{ needId: string | null; summary: unknown }> }>;
  };
  const get = async (id: string, token = c.coordinator): Promise<View> =>
    (await t.http().get(`/api/v1/common-problems/${id}`).set(auth(token))).body as View;
  const candidates = async () =>
    (
      (await t.http().get('/api/v1/common-problems?status=candidate').set(auth(c.coordinator))).body as {
        items: Array<{ id: string; title: string }>;
      }
    ).items;
  /** Waits until matching has ranked these needs (the worker's index has them). */
  const ranked = (ids: string[]) =>
    until(
      () =>
        db.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM need_rankings WHERE need_id = ANY($1::uuid[])`, [
          ids,
        ]),
      (rows) => rows[0].n === ids.length,
      30000,
    );
  const detect = async (): Promise<void> => {
    const r = await t.http().post('/api/v1/common-problems/detect').set(auth(c.coordinator)).send({});
    expect(r.status).toBe(202);
    const done = await until(
      () =>
        db.query<Array<{ completed_at: Date | null; error: string | null }>>(
          `SELECT completed_at, error FROM job_outbox WHERE job_id = $1`,
          [(r.body as { jobId: string }).jobId],
        ),
      (rows) => !!rows[0]?.completed_at,
      60000,
    );
    expect(done[0]?.completed_at).toBeTruthy();
  };
  /** Waits until the problem's version is past `version` (a refresh the worker made). */
  const pastVersion = (id: string, version: number) =>
    until(
      () => get(id),
      (v) => v.version > version,
      30000,
    );
  const inbox = async (token: string) =>
    (
      (await t.http().get('/api/v1/notifications?pageSize=100').set(auth(token))).body as {
        items: Array<{ type: string; title: string; body: string; payload: Record<string, unknown> }>;
      }
    ).items;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    c = await createCast(t);
    entC = await createOrganization(t, c.admin, { kind: 'enterprise', name: '示例丙热电有限公司', district: '道里' });
    await createUser(t, c.admin, { email: 'c@example.org', role: 'member', organizationId: entC });
    tokenC = await login(t, 'c@example.org');
    worker = await t.startWorker();
    scr = await postCapability(t, c.university, {
      title: '低温SCR脱硝催化剂及烟气脱硝工艺',
      description:
        '研制的锰铈复合氧化物低温SCR脱硝催化剂在150至250℃下脱硝效率超过90%，抗SO2和水蒸汽中毒，适用于烧结烟气、' +
        '燃煤锅炉低温烟气的脱硝治理，已完成中试。',
      keywords: ['脱硝', '催化剂', '低温烟气'],
      sectors: [],
      trl: 6,
    });
    n.sintering = await postNeed(t, c.enterpriseA, SINTERING);
    n.denitration = await postNeed(t, c.enterpriseB, DENITRATION);
    n.boiler = await postNeed(t, tokenC, BOILER);
    await ranked(Object.values(n));
    await detect();
    [{ id: problemId }] = await candidates();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('answers a detection requested while one waits or runs with that run', async () => {
    const rs = await Promise.all(
      [0, 1, 2].map(() => t.http().post('/api/v1/common-problems/detect').set(auth(c.coordinator)).send({})),
    );
    expect(rs.map((r) => r.status)).toEqual([202, 202, 202]);
    expect(new Set(rs.map((r) => (r.body as { jobId: string }).jobId)).size).toBe(1);
    await detect();
  });

  it('names to capability owners only the organisations of public open member needs', async () => {
    const confirmed = await t
      .http()
      .post(`/api/v1/common-problems/${problemId}/confirm`)
      .set(auth(c.coordinator))
      .send({ expectedVersion: (await get(problemId)).version });
    expect(confirmed.status).toBe(200);
    const r = await t
      .http()
      .post(`/api/v1/common-problems/${problemId}/introductions`)
      .set(auth(c.coordinator))
      .send({ capabilityIds: [scr] });
    expect(r.status).toBe(201);
    const mail = await until(
      () => inbox(c.university),
      (items) => items.some((x) => x.type === 'common_problem.introduced'),
    );
    const body = mail.find((x) => x.type === 'common_problem.introduced')!.body;
    expect(body).not.toContain('示例丙热电有限公司');
    expect(body).toContain('另有 1 家单位');
    expect(body).toContain('1 more organisation');
    expect(body).toMatch(/^3 家单位/);
  });

  it('shows others the restricted members only as a number', async () => {
    const asA = await get(problemId, c.enterpriseA);
    expect(asA).toMatchObject({ needCount: 3, restrictedNeedCount: 1, organizationCount: 2 });
    expect(asA.districts.sort()).toEqual(['平房', '香坊'].sort());
    expect(asA.summary).toContain('另有 1 项受限需求');
    expect(asA.summary).not.toContain('道里');
    const list = (await t.http().get('/api/v1/common-problems').set(auth(c.enterpriseA))).body as {
      items: View[];
    };
    expect(list.items[0]).toMatchObject({ restrictedNeedCount: 1, organizationCount: 2 });
    expect(list.items[0].summary).not.toContain('道里');
    // Coordinators see everything.
    expect(await get(problemId)).toMatchObject({ restrictedNeedCount: 0, organizationCount: 3 });
  });

  it('takes confirm and dismiss at the version read: a stale one is a 409 with the version and the steps', async () => {
    const v = (await get(problemId)).version;
    let r = await t
      .http()
      .post(`/api/v1/common-problems/${problemId}/dismiss`)
      .set(auth(c.coordinator))
      .send({ reason: '旧版本', expectedVersion: v - 1 });
    expect(r.status).toBe(409);
    expect(r.body.details).toMatchObject({ currentVersion: v, currentStatus: 'confirmed', allowed: ['dismissed'] });
    r = await t.http().post(`/api/v1/common-problems/${problemId}/confirm`).set(auth(c.coordinator)).send({
      expectedVersion: 'x',
    });
    expect(r.status).toBe(400);
    expect(r.body.details[0].field).toBe('expectedVersion');
  });

  it('writes the title again when the need it came from turns restricted, and never hands it to a challenge', async () => {
    const before = await get(problemId);
    const source = before.needs.find((x) => x.id && before.title.startsWith(x.title))!;
    expect(source).toBeTruthy();
    const owner = source.id === n.sintering ? c.enterpriseA : c.enterpriseB;
    const flip = await t.http().patch(`/api/v1/needs/${source.id}`).set(auth(owner)).send({ visibility: 'restricted' });
    expect(flip.status).toBe(200);
    // The change queues a refresh of the problem: a new version whose title no longer carries that need's title.
    const after = await pastVersion(problemId, before.version);
    expect(after.title).not.toContain(source.title);
    const asUniversity = await get(problemId, c.university);
    expect(JSON.stringify(asUniversity)).not.toContain(source.title);
    const events = (
      (await t.http().get(`/api/v1/common-problems/${problemId}/events?pageSize=100`).set(auth(c.coordinator)))
        .body as { items: Array<{ kind: string; data: Record<string, unknown> }> }
    ).items;
    expect(events.some((e) => e.kind === 'refreshed' && 'title' in e.data)).toBe(true);

    // Were the text still the restricted need's (the refresh not yet run), a challenge would not take it.
    const other = source.id === n.sintering ? n.denitration : n.sintering;
    await db.query(`UPDATE needs SET visibility = 'restricted' WHERE id = $1`, [other]);
    const service = t.app.get(CommonProblemsService);
    expect(await service.getForChallenge(problemId)).toMatchObject({ title: null, summary: null });
    const r = await t
      .http()
      .post('/api/v1/challenges')
      .set(auth(c.coordinator))
      .send(
        challengeBody({
          commonProblemId: problemId,
          title: undefined,
          problem: undefined,
          issuerOrganizationId: c.ids.entA,
        }),
      );
    expect(r.status).toBe(400);
    expect((r.body.details as Array<{ field: string }>).map((d) => d.field)).toContain('title');
    await db.query(`UPDATE needs SET visibility = 'public' WHERE id = ANY($1::uuid[])`, [[other, source.id]]);
  });

  it('drops a deleted member at once: its explanations, its terms, and the trail records it', async () => {
    const v = (await get(problemId)).version;
    const d = await t.http().delete(`/api/v1/needs/${n.boiler}`).set(auth(tokenC));
    expect(d.status).toBe(204);
    const asA = await get(problemId, c.enterpriseA);
    for (const cap of asA.capabilities) {
      expect(cap.explanations.map((e) => e.needId)).not.toContain(null);
      expect(cap.explanations).toHaveLength(2);
    }
    expect(asA.needCount).toBe(2);
    const events = (
      (await t.http().get(`/api/v1/common-problems/${problemId}/events?pageSize=100`).set(auth(c.coordinator)))
        .body as { items: Array<{ kind: string; data: Record<string, unknown> }> }
    ).items;
    expect(
      events.some((e) => e.kind === 'refreshed' && JSON.stringify(e.data.droppedNeedIds) === `["${n.boiler}"]`),
    ).toBe(true);
    // The refresh its deletion queued works the problem out again.
    await until(
      () =>
        db.query<Array<{ n: number }>>(
          `SELECT count(*)::int AS n FROM job_outbox WHERE job_id LIKE $1 AND completed_at IS NOT NULL`,
          [`common-problems-refresh-${problemId}-d%`],
        ),
      (rows) => rows[0].n > 0,
    );
    expect((await get(problemId)).version).toBeGreaterThanOrEqual(v);
  });

  it('takes a closed lead off the lead, counts open members only, and records the closing', async () => {
    n.boiler2 = await postNeed(t, tokenC, { ...BOILER, visibility: 'public' });
    await ranked([n.boiler2]);
    let r = await t
      .http()
      .patch(`/api/v1/common-problems/${problemId}`)
      .set(auth(c.coordinator))
      .send({ addNeedIds: [n.boiler2], leadNeedId: n.boiler2 });
    expect(r.status).toBe(200);
    const v = (r.body as View).version;
    r = await t.http().patch(`/api/v1/needs/${n.boiler2}`).set(auth(tokenC)).send({ status: 'closed' });
    expect(r.status).toBe(200);
    const after = await pastVersion(problemId, v);
    expect(after.lead?.needId).not.toBe(n.boiler2);
    expect([n.sintering, n.denitration]).toContain(after.lead?.needId);
    expect(after.needCount).toBe(2);
    expect(after.organizationCount).toBe(2);
    // Coordinators see the closed member, marked; others do not.
    expect(after.needs.find((x) => x.id === n.boiler2)?.status).toBe('closed');
    expect((await get(problemId, c.enterpriseA)).needs.map((x) => x.id)).not.toContain(n.boiler2);
    const events = (
      (await t.http().get(`/api/v1/common-problems/${problemId}/events?pageSize=100`).set(auth(c.coordinator)))
        .body as { items: Array<{ kind: string; data: Record<string, unknown> }> }
    ).items;
    expect(events.some((e) => JSON.stringify(e.data.closedNeedIds ?? []).includes(n.boiler2))).toBe(true);
  });

  it('keeps a need in one problem: detection proposes no overlapping cluster, PATCH refuses it', async () => {
    n.greaseA = await postNeed(t, c.enterpriseA, GREASE);
    n.greaseB = await postNeed(t, c.enterpriseB, { ...GREASE, title: '耐低温润滑脂生产技术' });
    await ranked([n.greaseA, n.greaseB]);
    await detect();
    const [grease] = await candidates();
    expect(grease).toBeTruthy();
    // The grease need added to the confirmed problem: 409 naming the problem it is in.
    const r = await t
      .http()
      .patch(`/api/v1/common-problems/${problemId}`)
      .set(auth(c.coordinator))
      .send({ addNeedIds: [n.greaseA] });
    expect(r.status).toBe(409);
    expect(r.body.details).toMatchObject({ field: 'addNeedIds', needId: n.greaseA, commonProblemId: grease.id });
    const shared = await db.query<Array<{ need_id: string }>>(
      `SELECT cpn.need_id FROM common_problem_needs cpn JOIN common_problems p ON p.id = cpn.problem_id
        WHERE p.status IN ('candidate', 'confirmed') GROUP BY cpn.need_id HAVING count(*) > 1`,
    );
    expect(shared).toEqual([]);
  });

  it('bumps the version when detection changes a candidate, and lets one of confirm and dismiss win', async () => {
    const [grease] = await candidates();
    const v1 = (await get(grease.id)).version;
    n.greaseC = await postNeed(t, tokenC, { ...GREASE, title: '零下90度超耐低温润滑脂' });
    await ranked([n.greaseC]);
    await detect();
    const v2 = await get(grease.id);
    expect(v2.needs.map((x) => x.id)).toContain(n.greaseC);
    expect(v2.version).toBeGreaterThan(v1);
    const stale = await t
      .http()
      .patch(`/api/v1/common-problems/${grease.id}`)
      .set(auth(c.coordinator))
      .send({ title: '按旧版本修改', expectedVersion: v1 });
    expect(stale.status).toBe(409);
    const [a, b] = await Promise.all([
      t.http().post(`/api/v1/common-problems/${grease.id}/confirm`).set(auth(c.coordinator)).send({
        expectedVersion: v2.version,
      }),
      t.http().post(`/api/v1/common-problems/${grease.id}/dismiss`).set(auth(c.admin)).send({
        reason: '不是共性问题',
        expectedVersion: v2.version,
      }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.details).toMatchObject({ currentVersion: v2.version + 1 });
  });

  it('caps the members at 30 across edits, pages the trail, and keeps a problem with a challenge', async () => {
    const more: string[] = [];
    for (let i = 0; i < 28; i++) {
      more.push(await postNeed(t, c.enterpriseB, { title: `寒地设备润滑与密封需求 ${i}` }));
    }
    const current = (await get(problemId)).needs.length;
    const r = await t
      .http()
      .patch(`/api/v1/common-problems/${problemId}`)
      .set(auth(c.coordinator))
      .send({ addNeedIds: more.slice(0, 31 - current) });
    expect(r.status).toBe(400);
    expect(r.body.details[0].field).toBe('addNeedIds');

    const page = await t
      .http()
      .get(`/api/v1/common-problems/${problemId}/events?pageSize=1&page=2`)
      .set(auth(c.coordinator));
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ page: 2, pageSize: 1 });
    expect(page.body.items).toHaveLength(1);
    expect(page.body.total).toBeGreaterThan(2);

    const challenge = await t
      .http()
      .post('/api/v1/challenges')
      .set(auth(c.coordinator))
      .send(challengeBody({ commonProblemId: problemId, issuerOrganizationId: c.ids.entA }));
    expect(challenge.status).toBe(201);
    const d = await t
      .http()
      .post(`/api/v1/common-problems/${problemId}/dismiss`)
      .set(auth(c.coordinator))
      .send({ reason: '已有榜单' });
    expect(d.status).toBe(409);
    expect(d.body.details).toMatchObject({ challengeId: (challenge.body as { id: string }).id });
  });

  it('writes nothing for a need deleted during the computation, and does not fail the run', async () => {
    const detector = worker.get(CommonProblemsDetector);
    const create = (
      detector as unknown as { create: (needIds: string[], d: unknown, by: null) => Promise<string | null> }
    ).create.bind(detector);
    const derived = (leadNeedId: string) => ({
      sharedTerms: ['润滑'],
      sectorKeys: [],
      cohesion: 0.5,
      title: '删除中的需求（共性技术难题）',
      titleNeedId: null,
      summary: '—',
      lead: { needId: leadNeedId, reason: '—' },
      capabilities: [],
    });
    const x = await postNeed(t, c.enterpriseA, { title: '寒地轴承润滑需求甲' });
    const y = await postNeed(t, c.enterpriseB, { title: '寒地轴承润滑需求乙' });
    const z = await postNeed(t, tokenC, { title: '寒地轴承润滑需求丙' });
    expect((await t.http().delete(`/api/v1/needs/${y}`).set(auth(c.enterpriseB))).status).toBe(204);
    // Its lead was deleted: no foreign-key failure, no lead.
    const id = await create([x, y, z], derived(y), null);
    expect(id).toBeTruthy();
    const [row] = await db.query<Array<{ lead_need_id: string | null }>>(
      `SELECT lead_need_id FROM common_problems WHERE id = $1`,
      [id],
    );
    expect(row.lead_need_id).toBeNull();
    expect((await get(id!)).needs.map((m) => m.id).sort()).toEqual([x, z].sort());
    // One organisation left once the deleted need is gone: nothing is proposed.
    const w = await postNeed(t, c.enterpriseB, { title: '寒地轴承润滑需求丁' });
    expect((await t.http().delete(`/api/v1/needs/${w}`).set(auth(c.enterpriseB))).status).toBe(204);
    const v = await postNeed(t, c.enterpriseA, { title: '寒地轴承润滑需求戊' });
    expect(await create([v, w], derived(v), null)).toBeNull();
    expect(await db.query(`SELECT 1 FROM common_problem_needs WHERE need_id = $1`, [v])).toEqual([]);
  });

  it('works out one problem from its members alone, not the whole catalogue', async () => {
    const detector = worker.get(CommonProblemsDetector);
    const index = await worker.get(CatalogIndexService).ready();
    const all = jest.spyOn(index.needs, 'documentIds');
    const rank = jest.spyOn(index, 'rank');
    try {
      expect(await detector.refresh({ problemId })).toEqual({ refreshed: true });
      expect(all).not.toHaveBeenCalled();
      // The members' candidate capabilities are matching's stored rankings: nothing is ranked again.
      expect(rank).not.toHaveBeenCalled();
      // Nor does a detection, once matching has ranked every open need.
      const open = await db.query<Array<{ id: string }>>(`SELECT id FROM needs WHERE status = 'open'`);
      await ranked(open.map((x) => x.id));
      await detector.detect({});
      expect(rank).not.toHaveBeenCalled();
    } finally {
      all.mockRestore();
      rank.mockRestore();
    }
  });

  it('withdraws a candidate no longer found, keeping it and its trail', async () => {
    n.sludgeA = await postNeed(t, c.enterpriseA, SLUDGE_A);
    n.sludgeB = await postNeed(t, tokenC, SLUDGE_B);
    await ranked([n.sludgeA, n.sludgeB]);
    await detect();
    const sludge = (await candidates()).find((x) => x.title.includes('污泥'))!;
    expect(sludge).toBeTruthy();
    expect((await t.http().delete(`/api/v1/needs/${n.sludgeB}`).set(auth(tokenC))).status).toBe(204);
    await detect();
    const view = await get(sludge.id);
    expect(view.status).toBe('dismissed');
    const events = (
      (await t.http().get(`/api/v1/common-problems/${sludge.id}/events`).set(auth(c.coordinator))).body as {
        items: Array<{ kind: string; actor: unknown; note: string | null }>;
      }
    ).items;
    expect(events[0].kind).toBe('detected');
    expect(events.at(-1)).toMatchObject({
      kind: 'dismissed',
      actor: null,
      note: expect.stringContaining('withdrawn by the system'),
    });
  });
});
