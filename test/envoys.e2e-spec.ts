import { jest } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EnvoysRanker } from '../src/modules/envoys/envoys-ranker.js';
import { CatalogIndexService } from '../src/modules/matching/catalog-index.service.js';
import { RankerModelsRepository } from '../src/modules/matching/ranker/ranker-models.repository.js';
import { RankerService, SHIPPED_RANKER_MODEL } from '../src/modules/matching/ranker/ranker.service.js';
import type { RankerModel } from '../src/modules/matching/ranker/ranker.js';
import { createCast, createUser, login, type Cast } from './factories/cast.js';
import { createPost, harbinMonth, lastDayOf, nominate, openPost, postBody } from './factories/envoys.js';
import { capabilityBody, postCapability } from './factories/listings.js';
import { until } from './factories/wait.js';
import { createTestApp, type TestApp } from './setup/test-app.js';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

interface Candidate {
  rank: number;
  capability: { id: string; title: string; kind: string };
  organization: { id: string; name: string };
  explanation: { summary: { zh: string; en: string }; keyword: { terms: Array<{ term: string }> } };
  nearMiss: boolean;
}

describe('science envoys (科技特派员 / 科技副总)', () => {
  let t: TestApp;
  let c: Cast;
  let db: DataSource;
  let prof: string;
  let profId: string;
  let prof2: string;
  let prof2Id: string;
  let worker: INestApplicationContext;
  const caps: Record<string, string> = {};
  let postId: string;
  let uniNomination: string;
  let instNomination: string;
  let agreementId: string;
  const http = () => t.http();
  const inbox = async (token: string) =>
    (
      (await http().get('/api/v1/notifications?pageSize=100').set(auth(token))).body as {
        items: Array<{ type: string; title: string; payload: Record<string, unknown> }>;
      }
    ).items;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    c = await createCast(t);
    profId = await createUser(t, c.admin, {
      email: 'prof@example.org',
      role: 'member',
      organizationId: c.ids.uni,
      name: '王教授',
    });
    prof = await login(t, 'prof@example.org');
    prof2Id = await createUser(t, c.admin, {
      email: 'prof2@example.org',
      role: 'member',
      organizationId: c.ids.uni,
      name: '李教授',
    });
    prof2 = await login(t, 'prof2@example.org');
    worker = await t.startWorker();
    // A small realistic catalogue: two expertise listings (one on the post's subject), an achievement on it too, and
    // the cast's default battery listings.
    caps.agri = await postCapability(t, c.university, {
      kind: 'expertise',
      title: '农机智能控制与电液控制专家团队',
      description:
        '团队长期从事农业机械电液控制、播种机智能控制系统和农机自动导航研究，为寒地农机企业提供技术指导与驻企服务。',
      keywords: ['农机', '智能控制', '电液控制', '自动导航'],
      sectors: ['hitech:0804'],
      cooperationModes: ['talent_secondment', 'consulting'],
    });
    caps.battery = await postCapability(t, c.institute, {
      kind: 'expertise',
      title: '锂电池电解液与储能专家',
      description: '从事锂离子电池电解液、低温储能电池研究，可为储能企业提供技术咨询。',
      keywords: ['锂电池', '电解液', '储能'],
      sectors: ['hitech:0603'],
      cooperationModes: ['talent_secondment', 'consulting'],
    });
    caps.agriAchievement = await postCapability(t, c.university, {
      kind: 'achievement',
      title: '播种机智能控制系统',
      description: '农机播种机电液控制与智能控制系统，已在寒地农机企业应用。',
      keywords: ['农机', '智能控制'],
      sectors: ['hitech:0804'],
    });
    caps.default = await postCapability(t, c.institute, capabilityBody());
  });

  afterAll(async () => {
    await t?.close();
  });

  it('refuses invalid posts with 400 naming the field, and posts by non-enterprises with 403', async () => {
    const bad = async (body: Record<string, unknown>, field: string) => {
      const r = await http().post('/api/v1/secondment-posts').set(auth(c.enterpriseA)).send(postBody(body));
      expect(r.status).toBe(400);
      expect(JSON.stringify(r.body)).toContain(field);
    };
    await bad({ termMonths: 40 }, 'termMonths');
    await bad({ field: 'hitech:9999' }, '"field"');
    await bad({ kind: 'mayor' }, 'kind');
    await bad({ title: '   ' }, 'title');
    const uni = await http().post('/api/v1/secondment-posts').set(auth(c.university)).send(postBody());
    expect(uni.status).toBe(403);
    const coordinatorWithout = await http().post('/api/v1/secondment-posts').set(auth(c.coordinator)).send(postBody());
    expect(coordinatorWithout.status).toBe(400);
    expect(JSON.stringify(coordinatorWithout.body)).toContain('organizationId');
  });

  it('keeps drafts to their enterprise, and ranks expertise capabilities for an opened post with explanations', async () => {
    postId = await createPost(t, c.enterpriseA, { termMonths: 1 });
    expect((await http().get(`/api/v1/secondment-posts/${postId}`).set(auth(c.enterpriseB))).status).toBe(404);
    const listB = await http().get('/api/v1/secondment-posts').set(auth(c.enterpriseB));
    expect((listB.body as { items: Array<{ id: string }> }).items.map((p) => p.id)).not.toContain(postId);
    const own = await http().get(`/api/v1/secondment-posts/${postId}`).set(auth(c.enterpriseA));
    expect(own.body).toMatchObject({ status: 'draft', viewerRole: 'owner', allowedTransitions: ['open', 'closed'] });
    expect((own.body as { fieldName: string }).fieldName).toBe('先进制造工艺与装备');

    // Filled is the system's step; an illegal one is a 409 with the allowed steps.
    const filled = await http()
      .post(`/api/v1/secondment-posts/${postId}/transitions`)
      .set(auth(c.enterpriseA))
      .send({ to: 'filled' });
    expect(filled.status).toBe(400);
    const byOther = await http()
      .post(`/api/v1/secondment-posts/${postId}/transitions`)
      .set(auth(c.enterpriseB))
      .send({ to: 'open' });
    expect(byOther.status).toBe(404);

    const opened = await http()
      .post(`/api/v1/secondment-posts/${postId}/transitions`)
      .set(auth(c.enterpriseA))
      .send({ to: 'open' });
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ status: 'open', allowedTransitions: ['closed'] });
    const reopen = await http()
      .post(`/api/v1/secondment-posts/${postId}/transitions`)
      .set(auth(c.enterpriseA))
      .send({ to: 'open' });
    expect(reopen.status).toBe(409);
    expect((reopen.body as { details: { allowed: string[] } }).details.allowed).toEqual(['closed']);

    const ranked = await until(
      () => http().get(`/api/v1/secondment-posts/${postId}/candidates`).set(auth(c.enterpriseA)),
      (r) => !!(r.body as { computedAt: string | null }).computedAt,
      60000,
    );
    const items = (ranked.body as { items: Candidate[] }).items;
    expect(items.length).toBeGreaterThan(0);
    expect(items[0].capability).toMatchObject({ id: caps.agri, kind: 'expertise' });
    expect(items[0].organization.id).toBe(c.ids.uni);
    expect(items.every((i) => i.capability.kind === 'expertise' && !i.nearMiss)).toBe(true);
    expect((ranked.body as { nearMissLabel: string | null }).nearMissLabel).toBeNull();
    expect(items.map((i) => i.capability.id)).not.toContain(caps.agriAchievement);
    expect(items[0].explanation.summary.zh.length).toBeGreaterThan(0);
    expect(items[0].explanation.keyword.terms.map((x) => x.term)).toEqual(expect.arrayContaining(['农机']));

    // Others who may see the post do not see whom the engine ranked.
    expect((await http().get(`/api/v1/secondment-posts/${postId}/candidates`).set(auth(c.enterpriseB))).status).toBe(
      403,
    );
    const refresh = await http().post(`/api/v1/secondment-posts/${postId}/candidates/refresh`).set(auth(c.enterpriseA));
    expect(refresh.status).toBe(202);
    expect((refresh.body as { jobId: string }).jobId).toMatch(/^envoys-rank-post-/);
  });

  it('takes nominations from universities and institutes, each seeing only its own', async () => {
    const byEnterprise = await http()
      .post(`/api/v1/secondment-posts/${postId}/nominations`)
      .set(auth(c.enterpriseB))
      .send({ nomineeUserId: profId, statement: '推荐' });
    expect(byEnterprise.status).toBe(403);
    const none = await http()
      .post(`/api/v1/secondment-posts/${postId}/nominations`)
      .set(auth(c.university))
      .send({ statement: '推荐' });
    expect(none.status).toBe(400);
    expect(JSON.stringify(none.body)).toContain('nomineeUserId');
    const notExpertise = await http()
      .post(`/api/v1/secondment-posts/${postId}/nominations`)
      .set(auth(c.university))
      .send({ capabilityId: caps.agriAchievement, statement: '推荐' });
    expect(notExpertise.status).toBe(400);
    expect(JSON.stringify(notExpertise.body)).toContain('capabilityId');

    uniNomination = await nominate(t, c.university, postId, { nomineeUserId: profId, capabilityId: caps.agri });
    instNomination = await nominate(t, c.institute, postId, { capabilityId: caps.battery, nomineeName: '李研究员' });
    const again = await http()
      .post(`/api/v1/secondment-posts/${postId}/nominations`)
      .set(auth(c.university))
      .send({ nomineeUserId: profId, statement: '再次推荐' });
    expect(again.status).toBe(409);

    const ids = async (token: string) =>
      (
        (await http().get(`/api/v1/secondment-posts/${postId}/nominations`).set(auth(token))).body as {
          items: Array<{ id: string; nomineeName: string }>;
        }
      ).items.map((n) => n.id);
    expect((await ids(c.enterpriseA)).sort()).toEqual([uniNomination, instNomination].sort());
    expect(await ids(c.university)).toEqual([uniNomination]);
    expect(await ids(c.institute)).toEqual([instNomination]);
    expect(await ids(c.enterpriseB)).toEqual([]);
    expect((await inbox(c.enterpriseA)).map((n) => n.type)).toContain('secondment.nominated');
  });

  it('matches only by mutual choice: the enterprise and the nominee each accept for themselves', async () => {
    const step = (token: string, id: string, body: Record<string, unknown>) =>
      http().post(`/api/v1/secondment-nominations/${id}/transitions`).set(auth(token)).send(body);
    // A colleague at the university is not the nominee.
    expect((await step(c.university, uniNomination, { to: 'nominee_accepted' })).status).toBe(403);
    expect((await step(c.enterpriseA, uniNomination, { to: 'nominee_accepted' })).status).toBe(403);
    expect((await step(c.enterpriseB, uniNomination, { to: 'enterprise_accepted' })).status).toBe(404);
    expect((await step(c.enterpriseA, uniNomination, { to: 'matched' })).status).toBe(400);

    const accepted = await step(c.enterpriseA, uniNomination, { to: 'enterprise_accepted' });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'enterprise_accepted', allowedActions: ['declined'] });
    const twice = await step(c.enterpriseA, uniNomination, { to: 'enterprise_accepted' });
    expect(twice.status).toBe(409);
    expect((twice.body as { details: { allowed: string[] } }).details.allowed).toEqual(['declined']);
    // No agreement before both have accepted.
    const early = await http()
      .post(`/api/v1/secondment-nominations/${uniNomination}/agreement`)
      .set(auth(c.enterpriseA))
      .send({ startsOn: `${harbinMonth(-1)}-01`, terms: '条款' });
    expect(early.status).toBe(409);
    expect((await inbox(c.university)).map((n) => n.type)).toContain('secondment.enterprise_accepted');

    const matched = await step(prof, uniNomination, { to: 'nominee_accepted' });
    expect(matched.status).toBe(200);
    expect(matched.body).toMatchObject({ status: 'matched', allowedActions: [] });
    expect((await inbox(c.enterpriseA)).map((n) => n.type)).toContain('secondment.matched');

    const declineWithout = await step(c.enterpriseA, instNomination, { to: 'declined' });
    expect(declineWithout.status).toBe(400);
    expect(JSON.stringify(declineWithout.body)).toContain('reason');
  });

  it('runs the agreement: signed by both, the post filled, monthly logs, evaluation completes it', async () => {
    const last = harbinMonth(-1);
    const draft = (body: Record<string, unknown>) =>
      http().post(`/api/v1/secondment-nominations/${uniNomination}/agreement`).set(auth(c.enterpriseA)).send(body);
    for (const [body, field] of [
      [{ startsOn: '2020-01-01', terms: '条款' }, 'startsOn'],
      [{ startsOn: '2027-02-30', terms: '条款' }, 'startsOn'],
      [{ startsOn: `${last}-02`, endsOn: `${last}-01`, terms: '条款' }, 'endsOn'],
      [{ startsOn: `${last}-01`, terms: '' }, 'terms'],
    ] as const) {
      const r = await draft(body);
      expect(r.status).toBe(400);
      expect(JSON.stringify(r.body)).toContain(field);
    }
    const drafted = await http()
      .post(`/api/v1/secondment-nominations/${uniNomination}/agreement`)
      .set(auth(c.enterpriseA))
      .send({ startsOn: `${last}-01`, terms: '每月驻企不少于8个工作日；企业每月支付补贴5000元。' });
    expect(drafted.status).toBe(201);
    agreementId = (drafted.body as { id: string }).id;
    // One month's term: it ends on the last day of that month.
    expect(drafted.body).toMatchObject({
      status: 'draft',
      startsOn: `${last}-01`,
      endsOn: lastDayOf(last),
      allowedActions: ['sign', 'terminate'],
    });
    const second = await http()
      .post(`/api/v1/secondment-nominations/${uniNomination}/agreement`)
      .set(auth(prof))
      .send({ startsOn: `${last}-01`, terms: '再来一份' });
    expect(second.status).toBe(409);

    const log = (token: string, month: string, body: Record<string, unknown> = {}) =>
      http()
        .put(`/api/v1/secondment-agreements/${agreementId}/logs/${month}`)
        .set(auth(token))
        .send({
          summary: '驻企8天，完成播种机电控方案评审，培训技术人员5名。',
          hours: 64,
          achievements: '申请实用新型专利1项',
          ...body,
        });
    expect((await log(prof, last)).status).toBe(409);

    const sign = (token: string) => http().post(`/api/v1/secondment-agreements/${agreementId}/sign`).set(auth(token));
    const first = await sign(c.enterpriseA);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'draft' });
    expect((first.body as { enterpriseSignedAt: string | null }).enterpriseSignedAt).toBeTruthy();
    expect((await sign(c.enterpriseA)).status).toBe(409);
    expect((await sign(c.coordinator)).status).toBe(403);
    expect((await sign(c.enterpriseB)).status).toBe(404);
    const active = await sign(c.university);
    expect(active.status).toBe(200);
    expect(active.body).toMatchObject({ status: 'active' });
    const post = await http().get(`/api/v1/secondment-posts/${postId}`).set(auth(c.enterpriseA));
    expect(post.body).toMatchObject({ status: 'filled', activeAgreements: 1 });
    // The post no longer takes acceptances.
    const late = await http()
      .post(`/api/v1/secondment-nominations/${instNomination}/transitions`)
      .set(auth(c.enterpriseA))
      .send({ to: 'enterprise_accepted' });
    expect(late.status).toBe(409);

    // Logs: the nominee writes the months of the agreement, not a colleague, not a month to come or outside.
    const written = await log(prof, last);
    expect(written.status).toBe(201);
    expect(written.body).toMatchObject({ month: last, hours: 64, editable: true });
    const edited = await log(prof, last, { hours: 70 });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ hours: 70 });
    expect((await log(c.university, last)).status).toBe(403);
    expect((await log(c.enterpriseA, last)).status).toBe(403);
    const future = await log(prof, harbinMonth(1));
    expect(future.status).toBe(400);
    expect(JSON.stringify(future.body)).toContain('month');
    expect((await log(prof, harbinMonth(-2))).status).toBe(400);
    expect((await log(prof, '2026-13')).status).toBe(400);
    expect((await log(prof, last, { hours: -1 })).status).toBe(400);

    // Evaluation: the enterprise, after the last day; it completes the agreement.
    const evaluate = (token: string, body: Record<string, unknown>) =>
      http().post(`/api/v1/secondment-agreements/${agreementId}/evaluation`).set(auth(token)).send(body);
    expect((await evaluate(c.university, { rating: 5, wouldRenew: true })).status).toBe(403);
    const badRating = await evaluate(c.enterpriseA, { rating: 6, wouldRenew: true });
    expect(badRating.status).toBe(400);
    expect(JSON.stringify(badRating.body)).toContain('rating');
    const done = await evaluate(c.enterpriseA, {
      rating: 5,
      comment: '帮助企业解决了关键技术问题。',
      wouldRenew: true,
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      status: 'completed',
      evaluation: { rating: 5, wouldRenew: true },
      logs: [expect.objectContaining({ month: last, hours: 70 })],
    });
    expect((await evaluate(c.enterpriseA, { rating: 4, wouldRenew: false })).status).toBe(409);
    const terminate = await http()
      .post(`/api/v1/secondment-agreements/${agreementId}/transitions`)
      .set(auth(c.enterpriseA))
      .send({ to: 'terminated', reason: '已完成' });
    expect(terminate.status).toBe(409);
    expect((terminate.body as { details: { allowed: string[] } }).details.allowed).toEqual([]);

    // The nominee is told (the colleague who signed last is not told of their own step).
    expect((await inbox(prof)).map((n) => n.type)).toEqual(
      expect.arrayContaining(['secondment.agreement_active', 'secondment.evaluated']),
    );
    expect((await inbox(c.university)).map((n) => n.type)).not.toContain('secondment.agreement_active');
    expect((await inbox(c.enterpriseA)).map((n) => n.type)).toContain('secondment.log');
    const events = await db.query<Array<{ subject: string; kind: string; to_status: string | null }>>(
      `SELECT subject, kind, to_status FROM secondment_events WHERE post_id = $1 ORDER BY id`,
      [postId],
    );
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ subject: 'post', to_status: 'open' }),
        expect.objectContaining({ subject: 'nomination', to_status: 'matched' }),
        expect.objectContaining({ subject: 'agreement', to_status: 'active' }),
        expect.objectContaining({ subject: 'post', to_status: 'filled' }),
        expect.objectContaining({ subject: 'log', kind: 'log_written' }),
        expect.objectContaining({ subject: 'agreement', to_status: 'completed' }),
      ]),
    );
  });

  it('shows agreements to their two sides only, and evaluation waits for the end of an active agreement', async () => {
    expect((await http().get(`/api/v1/secondment-agreements/${agreementId}`).set(auth(c.enterpriseB))).status).toBe(
      404,
    );
    expect((await http().get(`/api/v1/secondment-agreements/${agreementId}`).set(auth(c.institute))).status).toBe(404);
    const mine = await http().get('/api/v1/secondment-agreements').set(auth(c.university));
    expect((mine.body as { items: Array<{ id: string }> }).items.map((a) => a.id)).toEqual([agreementId]);
    expect(
      ((await http().get('/api/v1/secondment-agreements').set(auth(c.enterpriseB))).body as { total: number }).total,
    ).toBe(0);

    // A second post, with a nomination naming only a capability: the nominating organisation accepts for it.
    const other = await openPost(t, c.enterpriseB, {
      kind: 'envoy',
      title: '储能电池科技特派员',
      field: 'hitech:0603',
      keywords: ['锂电池', '储能'],
    });
    const n = await nominate(t, c.institute, other, { capabilityId: caps.battery, nomineeName: '李研究员' });
    for (const [token, to] of [
      [c.institute, 'nominee_accepted'],
      [c.enterpriseB, 'enterprise_accepted'],
    ] as const) {
      const r = await http().post(`/api/v1/secondment-nominations/${n}/transitions`).set(auth(token)).send({ to });
      expect(r.status).toBe(200);
    }
    const drafted = await http()
      .post(`/api/v1/secondment-nominations/${n}/agreement`)
      .set(auth(c.institute))
      .send({ startsOn: `${harbinMonth(0)}-01`, terms: '条款' });
    expect(drafted.status).toBe(201);
    const id = (drafted.body as { id: string; endsOn: string }).id;
    expect((drafted.body as { endsOn: string }).endsOn).toBe(lastDayOf(harbinMonth(11)));
    for (const token of [c.institute, c.enterpriseB]) {
      expect((await http().post(`/api/v1/secondment-agreements/${id}/sign`).set(auth(token))).status).toBe(200);
    }
    const early = await http()
      .post(`/api/v1/secondment-agreements/${id}/evaluation`)
      .set(auth(c.enterpriseB))
      .send({ rating: 4, wouldRenew: false });
    expect(early.status).toBe(409);
    expect(JSON.stringify(early.body)).toContain(lastDayOf(harbinMonth(11)));
    const noReason = await http()
      .post(`/api/v1/secondment-agreements/${id}/transitions`)
      .set(auth(c.institute))
      .send({ to: 'terminated' });
    expect(noReason.status).toBe(400);
    const ended = await http()
      .post(`/api/v1/secondment-agreements/${id}/transitions`)
      .set(auth(c.institute))
      .send({ to: 'terminated', reason: '专家工作调动' });
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ status: 'terminated', terminationReason: '专家工作调动' });
    expect((await inbox(c.enterpriseB)).map((x) => x.type)).toContain('secondment.agreement_terminated');
    const rated = await http()
      .post(`/api/v1/secondment-agreements/${id}/evaluation`)
      .set(auth(c.enterpriseB))
      .send({ rating: 3, wouldRenew: false });
    expect(rated.status).toBe(200);
    expect(rated.body).toMatchObject({ status: 'terminated', evaluation: { rating: 3 } });
  });

  it('counts posts, agreements and ratings by field and district for coordinators', async () => {
    expect((await http().get('/api/v1/stats/envoys').set(auth(c.enterpriseA))).status).toBe(403);
    const r = await http().get('/api/v1/stats/envoys').set(auth(c.coordinator));
    expect(r.status).toBe(200);
    const s = r.body as {
      posts: Record<string, number>;
      agreements: Record<string, number>;
      evaluations: { count: number; averageRating: number };
      byField: Array<{
        key: string;
        name: string;
        posts: number;
        completedAgreements: number;
        averageRating: number | null;
      }>;
      byDistrict: Array<{ key: string; posts: number }>;
    };
    // A terminated active agreement opens its filled post again (the system's step filled → open).
    expect(s.posts).toMatchObject({ filled: 1, open: 1, total: 2 });
    expect(s.agreements).toMatchObject({ completed: 1, terminated: 1 });
    expect(s.evaluations).toMatchObject({ count: 2, averageRating: 4 });
    expect(s.byField).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          key: 'hitech:0804',
          name: '先进制造工艺与装备',
          posts: 1,
          completedAgreements: 1,
          averageRating: 5,
        }),
        expect.objectContaining({ key: 'hitech:0603', posts: 1, averageRating: 3 }),
      ]),
    );
    expect(s.byDistrict).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: '平房', posts: 1 }),
        expect.objectContaining({ key: '香坊', posts: 1 }),
      ]),
    );
  });
  it('edits posts only while draft or open, by their enterprise', async () => {
    const filledEdit = await http()
      .patch(`/api/v1/secondment-posts/${postId}`)
      .set(auth(c.enterpriseA))
      .send({ title: '新的名称' });
    expect(filledEdit.status).toBe(409);
    const id = await openPost(t, c.enterpriseA, { title: '寒地农机自动导航科技特派员', kind: 'envoy' });
    expect(
      (await http().patch(`/api/v1/secondment-posts/${id}`).set(auth(c.enterpriseB)).send({ title: 'x' })).status,
    ).toBe(403);
    const bad = await http().patch(`/api/v1/secondment-posts/${id}`).set(auth(c.enterpriseA)).send({ positions: 0 });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('positions');
    const ok = await http()
      .patch(`/api/v1/secondment-posts/${id}`)
      .set(auth(c.enterpriseA))
      .send({ tasks: '负责农机自动导航与电液控制系统改造。', positions: 2 });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ positions: 2, tasks: '负责农机自动导航与电液控制系统改造。' });
    // The text changed: the ranking is queued again.
    const [{ n }] = await db.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM job_outbox WHERE name = 'envoys.rank-post' AND data->>'postId' = $1`,
      [id],
    );
    expect(n).toBe(2);
    const found = await http().get('/api/v1/secondment-posts?q=寒地农机自动导航&kind=envoy').set(auth(c.enterpriseB));
    expect((found.body as { items: Array<{ id: string }> }).items.map((p) => p.id)).toEqual([id]);
    const closed = await http()
      .post(`/api/v1/secondment-posts/${id}/transitions`)
      .set(auth(c.enterpriseA))
      .send({ to: 'closed', reason: '岗位调整' });
    expect(closed.body).toMatchObject({ status: 'closed', closedReason: '岗位调整', allowedTransitions: [] });
  });

  it('matches once when both sides accept at the same moment, and activates once when both sign at once', async () => {
    // A coordinator posts for the enterprise.
    const r = await http()
      .post('/api/v1/secondment-posts')
      .set(auth(c.coordinator))
      .send(postBody({ organizationId: c.ids.entA, title: '农机电控科技副总（第二期）' }));
    expect(r.status).toBe(201);
    expect((r.body as { organization: { id: string } }).organization.id).toBe(c.ids.entA);
    const id = (r.body as { id: string }).id;
    await http().post(`/api/v1/secondment-posts/${id}/transitions`).set(auth(c.enterpriseA)).send({ to: 'open' });
    const n = await nominate(t, c.university, id, { nomineeUserId: profId });
    const results = await Promise.all([
      http()
        .post(`/api/v1/secondment-nominations/${n}/transitions`)
        .set(auth(c.enterpriseA))
        .send({ to: 'enterprise_accepted' }),
      http().post(`/api/v1/secondment-nominations/${n}/transitions`).set(auth(prof)).send({ to: 'nominee_accepted' }),
    ]);
    expect(results.map((x) => x.status)).toEqual([200, 200]);
    const [{ status }] = await db.query<Array<{ status: string }>>(
      `SELECT status FROM secondment_nominations WHERE id = $1`,
      [n],
    );
    expect(status).toBe('matched');
    const drafted = await http()
      .post(`/api/v1/secondment-nominations/${n}/agreement`)
      .set(auth(prof))
      .send({ startsOn: `${harbinMonth(1)}-01`, terms: '条款' });
    expect(drafted.status).toBe(201);
    const agreement = (drafted.body as { id: string }).id;
    const signed = await Promise.all(
      [c.enterpriseA, prof].map((token) =>
        http().post(`/api/v1/secondment-agreements/${agreement}/sign`).set(auth(token)),
      ),
    );
    expect(signed.map((x) => x.status)).toEqual([200, 200]);
    const events = await db.query<Array<{ to_status: string }>>(
      `SELECT to_status FROM secondment_events WHERE post_id = $1 AND to_status IN ('matched', 'active', 'filled')`,
      [id],
    );
    expect(events.map((e) => e.to_status).sort()).toEqual(['active', 'filled', 'matched']);
    expect((await http().get(`/api/v1/secondment-posts/${id}`).set(auth(c.enterpriseB))).body).toMatchObject({
      status: 'filled',
      viewerRole: 'other',
      nominations: 0,
    });
  });

  // ── Review fixes: ended agreements, places, closing, brokering, near misses, the trail ────────────────────────

  const step = (token: string, id: string, body: Record<string, unknown>) =>
    http().post(`/api/v1/secondment-nominations/${id}/transitions`).set(auth(token)).send(body);
  const sign = (token: string, id: string) => http().post(`/api/v1/secondment-agreements/${id}/sign`).set(auth(token));
  const getPost = async (id: string) =>
    (await http().get(`/api/v1/secondment-posts/${id}`).set(auth(c.enterpriseA))).body as {
      status: string;
      positions: number;
      activeAgreements: number;
      allowedTransitions: string[];
    };
  const postSteps = (id: string) =>
    db.query<Array<{ from_status: string; to_status: string; actor_id: string | null }>>(
      `SELECT from_status, to_status, actor_id FROM secondment_events WHERE post_id = $1 AND subject = 'post'
        AND kind = 'status' ORDER BY id`,
      [id],
    );
  /** A nomination both sides have accepted (the enterprise A, then the nominee's side). */
  async function match(postId: string, nominator: string, body: Record<string, unknown>, nominee: string) {
    const id = await nominate(t, nominator, postId, body);
    expect((await step(c.enterpriseA, id, { to: 'enterprise_accepted' })).status).toBe(200);
    expect((await step(nominee, id, { to: 'nominee_accepted' })).body).toMatchObject({ status: 'matched' });
    return id;
  }
  async function draftAgreement(nominationId: string, startsOn = `${harbinMonth(0)}-01`): Promise<string> {
    const r = await http()
      .post(`/api/v1/secondment-nominations/${nominationId}/agreement`)
      .set(auth(c.enterpriseA))
      .send({ startsOn, terms: '每月驻企不少于8个工作日。' });
    expect(r.status).toBe(201);
    return (r.body as { id: string }).id;
  }
  async function activate(agreementId: string, provider: string): Promise<void> {
    expect((await sign(c.enterpriseA, agreementId)).status).toBe(200);
    expect((await sign(provider, agreementId)).body).toMatchObject({ status: 'active' });
  }

  it('opens a filled post again when its active agreement is terminated, and takes logs only up to the month it ended', async () => {
    const post = await openPost(t, c.enterpriseA, { title: '寒地农机液压系统科技副总' });
    const nomination = await match(post, c.university, { nomineeUserId: profId }, prof);
    const agreement = await draftAgreement(nomination, `${harbinMonth(-2)}-01`);
    await activate(agreement, c.university);
    expect(await getPost(post)).toMatchObject({ status: 'filled', activeAgreements: 1 });
    const log = (month: string, body: Record<string, unknown> = {}) =>
      http()
        .put(`/api/v1/secondment-agreements/${agreement}/logs/${month}`)
        .set(auth(prof))
        .send({ summary: '驻企指导液压系统改造。', hours: 40, ...body });
    expect((await log(harbinMonth(0))).status).toBe(201);

    const ended = await http()
      .post(`/api/v1/secondment-agreements/${agreement}/transitions`)
      .set(auth(c.enterpriseA))
      .send({ to: 'terminated', reason: '企业项目调整' });
    expect(ended.status).toBe(200);
    // The place is free again: the system opens the post (audited without an actor) and tells the coordinators.
    expect(await getPost(post)).toMatchObject({ status: 'open', activeAgreements: 0, allowedTransitions: ['closed'] });
    expect((await postSteps(post)).at(-1)).toEqual({ from_status: 'filled', to_status: 'open', actor_id: null });
    for (const token of [c.coordinator, c.enterpriseA]) {
      expect((await inbox(token)).some((n) => n.type === 'secondment.post_reopened' && n.payload.postId === post)).toBe(
        true,
      );
    }
    const replacement = await http()
      .post(`/api/v1/secondment-posts/${post}/nominations`)
      .set(auth(c.university))
      .send({ nomineeUserId: prof2Id, statement: '替补人选' });
    expect(replacement.status).toBe(201);

    // The month it ended in may still be written and corrected, under the usual deadline.
    expect((await log(harbinMonth(0), { hours: 44 })).status).toBe(200);
    // Ended last month: this month's log is refused, last month's is taken.
    await db.query(`UPDATE secondment_agreements SET ended_at = $2::timestamptz WHERE id = $1`, [
      agreement,
      `${harbinMonth(-1)}-15T12:00:00+08:00`,
    ]);
    const late = await log(harbinMonth(0), { hours: 50 });
    expect(late.status).toBe(409);
    expect(JSON.stringify(late.body)).toContain(`${harbinMonth(-1)}-15`);
    expect((await log(harbinMonth(-1))).status).toBe(201);
    let view = await http().get(`/api/v1/secondment-agreements/${agreement}`).set(auth(prof));
    expect(view.body).toMatchObject({ status: 'terminated', logMonths: [harbinMonth(-1)] });
    expect((view.body as { allowedActions: string[] }).allowedActions).toContain('log');
    const thisMonth = (view.body as { logs: Array<{ month: string; hours: number; editable: boolean }> }).logs.find(
      (l) => l.month === harbinMonth(0),
    );
    expect(thisMonth).toMatchObject({ hours: 44, editable: false });
    // Ended two months ago: nothing is left to write, and the console offers no log.
    await db.query(`UPDATE secondment_agreements SET ended_at = $2::timestamptz WHERE id = $1`, [
      agreement,
      `${harbinMonth(-2)}-20T12:00:00+08:00`,
    ]);
    expect((await log(harbinMonth(-1), { hours: 1 })).status).toBe(409);
    view = await http().get(`/api/v1/secondment-agreements/${agreement}`).set(auth(prof));
    expect(view.body).toMatchObject({ logMonths: [] });
    expect((view.body as { allowedActions: string[] }).allowedActions).not.toContain('log');
  });

  it('neither takes logs nor evaluations for an agreement terminated before it came into force', async () => {
    const post = await openPost(t, c.enterpriseA, { title: '农机导航科技特派员', kind: 'envoy' });
    const nomination = await match(post, c.university, { nomineeUserId: prof2Id }, prof2);
    const agreement = await draftAgreement(nomination);
    expect((await sign(c.enterpriseA, agreement)).status).toBe(200);
    const ended = await http()
      .post(`/api/v1/secondment-agreements/${agreement}/transitions`)
      .set(auth(c.university))
      .send({ to: 'terminated', reason: '条款未谈妥' });
    expect(ended.status).toBe(200);
    const view = await http().get(`/api/v1/secondment-agreements/${agreement}`).set(auth(c.enterpriseA));
    expect(view.body).toMatchObject({ status: 'terminated', activatedAt: null, allowedActions: [] });
    const rated = await http()
      .post(`/api/v1/secondment-agreements/${agreement}/evaluation`)
      .set(auth(c.enterpriseA))
      .send({ rating: 1, comment: '从未到岗', wouldRenew: false });
    expect(rated.status).toBe(409);
    expect(await db.query(`SELECT 1 FROM envoy_evaluations WHERE agreement_id = $1`, [agreement])).toEqual([]);
    const log = await http()
      .put(`/api/v1/secondment-agreements/${agreement}/logs/${harbinMonth(0)}`)
      .set(auth(prof2))
      .send({ summary: '未到岗', hours: 0 });
    expect(log.status).toBe(409);
  });

  it('fills a post whose positions are lowered to its active agreements, and signs no draft while it is filled', async () => {
    const post = await openPost(t, c.enterpriseA, { title: '农机电控科技副总（两名）', positions: 2 });
    const first = await match(post, c.university, { nomineeUserId: profId }, prof);
    await activate(await draftAgreement(first), c.university);
    const second = await match(post, c.university, { nomineeUserId: prof2Id }, prof2);
    const draft = await draftAgreement(second);
    const undecided = await nominate(t, c.institute, post, { capabilityId: caps.battery, nomineeName: '李研究员' });
    expect(await getPost(post)).toMatchObject({ status: 'open', activeAgreements: 1 });

    const lowered = await http()
      .patch(`/api/v1/secondment-posts/${post}`)
      .set(auth(c.enterpriseA))
      .send({ positions: 1 });
    expect(lowered.status).toBe(200);
    expect(lowered.body).toMatchObject({ status: 'filled', positions: 1, activeAgreements: 1 });
    expect((await postSteps(post)).at(-1)).toEqual({ from_status: 'open', to_status: 'filled', actor_id: null });
    // Filled: the undecided nomination is declined; the matched one and its draft wait (the post may open again).
    const listed = (
      (await http().get(`/api/v1/secondment-posts/${post}/nominations`).set(auth(c.enterpriseA))).body as {
        items: Array<{ id: string; status: string; declineReason: string | null }>;
      }
    ).items;
    expect(listed.find((n) => n.id === undecided)).toMatchObject({
      status: 'declined',
      declineReason: '岗位已选定 / the post is filled',
    });
    expect(listed.find((n) => n.id === second)).toMatchObject({ status: 'matched' });
    expect(
      (await inbox(c.institute)).some((n) => n.type === 'secondment.post_filled' && n.payload.postId === post),
    ).toBe(true);
    const signed = await sign(c.enterpriseA, draft);
    expect(signed.status).toBe(409);
    expect((signed.body as { details: { allowed: string[] } }).details.allowed).toEqual(['terminated']);
    // filled → open is the system's step, not the enterprise's.
    const reopen = await http()
      .post(`/api/v1/secondment-posts/${post}/transitions`)
      .set(auth(c.enterpriseA))
      .send({ to: 'open' });
    expect(reopen.status).toBe(409);
    expect((reopen.body as { details: { allowed: string[] } }).details.allowed).toEqual(['closed']);
  });

  it('refuses the signature that would put more envoys on a post than it has places', async () => {
    const post = await openPost(t, c.enterpriseA, {
      title: '农机自动导航科技特派员（三名）',
      kind: 'envoy',
      positions: 3,
    });
    await activate(
      await draftAgreement(await match(post, c.university, { nomineeUserId: profId }, prof)),
      c.university,
    );
    await activate(
      await draftAgreement(await match(post, c.university, { nomineeUserId: prof2Id }, prof2)),
      c.university,
    );
    const third = await match(post, c.institute, { capabilityId: caps.battery, nomineeName: '李研究员' }, c.institute);
    const draft = await draftAgreement(third);
    expect((await sign(c.enterpriseA, draft)).status).toBe(200);
    const below = await http()
      .patch(`/api/v1/secondment-posts/${post}`)
      .set(auth(c.enterpriseA))
      .send({ positions: 1 });
    expect(below.status).toBe(400);
    expect(JSON.stringify(below.body)).toContain('positions');
    // Places taken by other means (an older row, an edit by SQL): the post is still open, yet no place is free.
    await db.query(`UPDATE secondment_posts SET positions = 2 WHERE id = $1`, [post]);
    const over = await sign(c.institute, draft);
    expect(over.status).toBe(409);
    expect(over.body).toMatchObject({ details: { positions: 2, activeAgreements: 2 } });
    const [{ status }] = await db.query<Array<{ status: string }>>(
      `SELECT status FROM secondment_agreements WHERE id = $1`,
      [draft],
    );
    expect(status).toBe('draft');
  });

  it('lets coordinators decline or withdraw a nomination, never accept for a party', async () => {
    const post = await openPost(t, c.enterpriseA, { title: '农机作业监测科技特派员', kind: 'envoy' });
    const nomination = await nominate(t, c.university, post, { nomineeUserId: profId });
    expect((await step(c.coordinator, nomination, { to: 'nominee_accepted' })).status).toBe(403);
    expect((await step(c.coordinator, nomination, { to: 'enterprise_accepted' })).status).toBe(403);
    const listed = await http().get(`/api/v1/secondment-posts/${post}/nominations`).set(auth(c.coordinator));
    expect((listed.body as { items: Array<{ allowedActions: string[] }> }).items[0].allowedActions).toEqual([
      'declined',
      'withdrawn',
    ]);
    const declined = await step(c.coordinator, nomination, { to: 'declined', reason: '专家已在其他岗位任职' });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ status: 'declined', enterpriseAcceptedAt: null, nomineeAcceptedAt: null });
  });

  it('closing a post declines its undecided nominations and terminates its drafts; active agreements continue', async () => {
    const post = await openPost(t, c.enterpriseA, { title: '寒地农机智能化科技副总（四名）', positions: 4 });
    const running = await draftAgreement(await match(post, c.university, { nomineeUserId: profId }, prof));
    await activate(running, c.university);
    const undecided = await nominate(t, c.university, post, { nomineeUserId: prof2Id });
    expect((await step(c.enterpriseA, undecided, { to: 'enterprise_accepted' })).status).toBe(200);
    const drafted = await draftAgreement(
      await match(post, c.institute, { capabilityId: caps.battery, nomineeName: '李研究员' }, c.institute),
    );
    expect((await sign(c.enterpriseA, drafted)).status).toBe(200);
    const matchedOnly = await match(
      post,
      c.university,
      { capabilityId: caps.agri, nomineeName: '农机智能控制团队' },
      c.university,
    );

    const closed = await http()
      .post(`/api/v1/secondment-posts/${post}/transitions`)
      .set(auth(c.enterpriseA))
      .send({ to: 'closed', reason: '不再需要' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', activeAgreements: 1 });
    const agreement = async (id: string) =>
      (await http().get(`/api/v1/secondment-agreements/${id}`).set(auth(c.enterpriseA))).body as {
        status: string;
        terminationReason: string | null;
      };
    expect(await agreement(running)).toMatchObject({ status: 'active' });
    expect(await agreement(drafted)).toMatchObject({
      status: 'terminated',
      terminationReason: '岗位已关闭 / the post was closed',
    });
    const listed = (
      (await http().get(`/api/v1/secondment-posts/${post}/nominations`).set(auth(c.enterpriseA))).body as {
        items: Array<{ id: string; status: string; declineReason: string | null; allowedActions: string[] }>;
      }
    ).items;
    expect(listed.find((n) => n.id === undecided)).toMatchObject({
      status: 'declined',
      declineReason: '岗位已关闭 / the post was closed',
      allowedActions: [],
    });
    expect(listed.find((n) => n.id === matchedOnly)).toMatchObject({ status: 'matched' });
    const late = await http()
      .post(`/api/v1/secondment-nominations/${matchedOnly}/agreement`)
      .set(auth(c.enterpriseA))
      .send({ startsOn: `${harbinMonth(0)}-01`, terms: '关闭后起草' });
    expect(late.status).toBe(409);
    const steps = await db.query<Array<{ subject: string; subject_id: string; to_status: string; actor_id: null }>>(
      `SELECT subject, subject_id, to_status, actor_id FROM secondment_events
        WHERE post_id = $1 AND to_status IN ('declined', 'terminated') ORDER BY id`,
      [post],
    );
    expect(steps).toEqual([
      { subject: 'nomination', subject_id: undecided, to_status: 'declined', actor_id: null },
      { subject: 'agreement', subject_id: drafted, to_status: 'terminated', actor_id: null },
    ]);
    // The active agreement runs on: its envoy still writes the month's log.
    const log = await http()
      .put(`/api/v1/secondment-agreements/${running}/logs/${harbinMonth(0)}`)
      .set(auth(prof))
      .send({ summary: '岗位关闭后继续履约。', hours: 16 });
    expect(log.status).toBe(201);
  });

  it('leaves the candidates of a post closed while the engine was ranking it', async () => {
    const id = await createPost(t, c.enterpriseB, {
      kind: 'envoy',
      title: '储能电池科技特派员（二期）',
      field: 'hitech:0603',
      keywords: ['锂电池', '储能'],
    });
    const catalog = worker.get(CatalogIndexService);
    const ready = catalog.ready.bind(catalog);
    let armed = true;
    // The post is closed after the job read it and while the catalogue is being made ready.
    const spy = jest.spyOn(catalog, 'ready').mockImplementation(async () => {
      if (armed) {
        armed = false;
        await db.query(`UPDATE secondment_posts SET status = 'closed' WHERE id = $1`, [id]);
      }
      return ready();
    });
    try {
      expect(await worker.get(EnvoysRanker).rank(id)).toEqual({ skipped: 'post is closed' });
    } finally {
      spy.mockRestore();
    }
    expect(await db.query(`SELECT 1 FROM secondment_post_candidates WHERE post_id = $1`, [id])).toEqual([]);
    expect(
      await db.query(`SELECT 1 FROM secondment_events WHERE post_id = $1 AND subject = 'candidates'`, [id]),
    ).toEqual([]);
  });

  it('keeps the closest experts as near misses when none passes the floor', async () => {
    const id = await openPost(t, c.enterpriseB, {
      kind: 'envoy',
      title: '电池回收科技特派员',
      field: 'hitech:0603',
      tasks: '指导废旧电池回收与材料再生工艺。',
      keywords: ['电池回收', '再生'],
    });
    const ranked = await until(
      () => http().get(`/api/v1/secondment-posts/${id}/candidates`).set(auth(c.enterpriseB)),
      (r) => !!(r.body as { computedAt: string | null }).computedAt,
      60000,
    );
    const body = ranked.body as { items: Candidate[]; nearMissLabel: string | null };
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items.every((i) => i.nearMiss && i.capability.kind === 'expertise')).toBe(true);
    expect(body.items[0].capability.id).toBe(caps.battery);
    expect(body.items.map((i) => i.rank)).toEqual(body.items.map((_, i) => i + 1));
    expect(body.items[0].explanation.summary.zh.length).toBeGreaterThan(0);
    expect(body.nearMissLabel).toContain('接近的专家');
    const rows = await db.query<Array<{ near_miss: boolean }>>(
      `SELECT near_miss FROM secondment_post_candidates WHERE post_id = $1`,
      [id],
    );
    expect(rows.map((r) => r.near_miss)).toEqual(body.items.map(() => true));
  });

  it('tells the coordinators, as well as the enterprise, when a post opens', async () => {
    const own = await openPost(t, c.enterpriseA, { title: '寒地农机传感器科技特派员', kind: 'envoy' });
    const told = async (token: string, id: string) =>
      (await inbox(token)).some((n) => n.type === 'secondment.post_opened' && n.payload.postId === id);
    expect(await told(c.coordinator, own)).toBe(true);
    const draft = await createPost(t, c.enterpriseA, { title: '寒地农机电驱科技特派员', kind: 'envoy' });
    const opened = await http()
      .post(`/api/v1/secondment-posts/${draft}/transitions`)
      .set(auth(c.coordinator))
      .send({ to: 'open' });
    expect(opened.status).toBe(200);
    expect(await told(c.enterpriseA, draft)).toBe(true);
  });

  it('shows a post’s audit trail, oldest first and paged, to its enterprise and coordinators', async () => {
    const trail = (token: string, query = '') =>
      http().get(`/api/v1/secondment-posts/${postId}/events${query}`).set(auth(token));
    const all = await trail(c.enterpriseA, '?pageSize=100');
    expect(all.status).toBe(200);
    const body = all.body as {
      total: number;
      items: Array<{ id: number; subject: string; kind: string; toStatus: string | null; actor: unknown }>;
    };
    expect(body.total).toBe(body.items.length);
    expect(body.items[0]).toMatchObject({ subject: 'post', kind: 'created', toStatus: 'draft' });
    expect(body.items[0].actor).toMatchObject({ id: expect.any(String) });
    expect(body.items.map((e) => e.id)).toEqual([...body.items.map((e) => e.id)].sort((a, b) => a - b));
    expect(body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ subject: 'post', toStatus: 'filled', actor: null })]),
    );
    const second = await trail(c.coordinator, '?page=2&pageSize=2');
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ total: body.total, page: 2, pageSize: 2 });
    expect((second.body as { items: Array<{ id: number }> }).items.map((e) => e.id)).toEqual(
      body.items.slice(2, 4).map((e) => e.id),
    );
    expect((await trail(c.enterpriseB)).status).toBe(403);
    expect((await trail(c.university)).status).toBe(403);
    const draft = await createPost(t, c.enterpriseA, { title: '草稿岗位' });
    expect((await http().get(`/api/v1/secondment-posts/${draft}/events`).set(auth(c.enterpriseB))).status).toBe(404);
  });

  it('counts envoy statistics for the posts created between from and to', async () => {
    const old = await openPost(t, c.enterpriseB, { kind: 'envoy', title: '储能温控科技特派员', field: 'hitech:0603' });
    await nominate(t, c.institute, old, { capabilityId: caps.battery, nomineeName: '李研究员' });
    await db.query(`UPDATE secondment_posts SET created_at = '2025-06-10T10:00:00+08:00' WHERE id = $1`, [old]);
    const stats = (query: string) => http().get(`/api/v1/stats/envoys${query}`).set(auth(c.coordinator));
    const june = await stats('?from=2025-06-01&to=2025-06-30');
    expect(june.status).toBe(200);
    expect(june.body).toMatchObject({
      from: '2025-06-01',
      to: '2025-06-30',
      posts: { open: 1, total: 1 },
      nominations: { nominated: 1, total: 1 },
      agreements: { total: 0 },
      evaluations: { count: 0 },
      byField: [expect.objectContaining({ key: 'hitech:0603', posts: 1, nominations: 1 })],
      byDistrict: [expect.objectContaining({ posts: 1 })],
    });
    const after = await stats('?from=2025-06-11&to=2025-06-30');
    expect(after.body).toMatchObject({ posts: { total: 0 }, nominations: { total: 0 }, byField: [] });
    const everything = await stats('');
    expect(everything.body).toMatchObject({ from: null, to: null });
    expect((everything.body as { posts: { total: number } }).posts.total).toBeGreaterThan(1);
    for (const query of ['?from=2025-07-01&to=2025-06-30', '?from=2025-02-30']) {
      const bad = await stats(query);
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain('from');
    }
  });
  it('queues at most 10 expert re-rankings a user in 10 minutes, then answers 429 with when to try again', async () => {
    const id = await openPost(t, c.enterpriseB, { title: '锂电池回收科技特派员', field: 'hitech:0603' });
    const refresh = (token: string) =>
      http().post(`/api/v1/secondment-posts/${id}/candidates/refresh`).set(auth(token));
    for (let i = 0; i < 10; i++) expect((await refresh(c.enterpriseB)).status).toBe(202);
    const over = await refresh(c.enterpriseB);
    expect(over.status).toBe(429);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect((over.body as { message: string }).message).toContain('重新推荐专家过于频繁');
    const queued = await db.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM job_outbox WHERE job_id LIKE $1`,
      [`envoys-rank-post-${id}-%`],
    );
    // The opening's ranking and the ten accepted refreshes; the refused one queued nothing.
    expect(queued[0].n).toBe(11);
    // The limit is the user's own: a coordinator can still ask.
    expect((await refresh(c.coordinator)).status).toBe(202);
  });

  it('ranks experts with the install’s active re-ranker, also in a worker that has just started', async () => {
    const id = await openPost(t, c.enterpriseA, { title: '农机电液控制科技副总' });
    const candidates = async () =>
      (
        await until(
          () => http().get(`/api/v1/secondment-posts/${id}/candidates`).set(auth(c.enterpriseA)),
          (r) => !!(r.body as { computedAt: string | null }).computedAt,
          60000,
        )
      ).body as { items: Candidate[] };
    // With the shipped model the agricultural machinery team passes the floor.
    const shipped = await candidates();
    expect(shipped.items[0]).toMatchObject({ capability: { id: caps.agri }, nearMiss: false });

    // The install's own model, a strict one that lets no expert through, becomes active …
    const models = worker.get(RankerModelsRepository);
    const before = (await models.active())!.version;
    const strict: RankerModel = {
      ...worker.get<RankerModel>(SHIPPED_RANKER_MODEL),
      version: 'install-strict',
      floor: 2,
    };
    await models.withModelsLock(async (m) => {
      await models.insert(m, {
        version: strict.version,
        status: 'candidate',
        model: strict,
        metrics: {},
        decisions: 0,
        note: null,
      });
      await models.activate(m, strict.version, null);
    });
    worker.get(RankerService).invalidate();
    // … and the worker is as a restarted one is: its index holds the shipped model until a job asks for the active one.
    const catalog = worker.get(CatalogIndexService);
    catalog.useModel(worker.get<RankerModel>(SHIPPED_RANKER_MODEL));
    try {
      await worker.get(EnvoysRanker).rank(id);
      const strictly = await candidates();
      expect(strictly.items.length).toBeGreaterThan(0);
      expect(strictly.items.every((i) => i.nearMiss)).toBe(true);

      // A worker reading its catalogue (at start, or rebuilding it) while its first job switches the model: the
      // index it then swaps in ranks with the switched model too. The read is held back by a lock on capabilities
      // until the switch is made.
      catalog.useModel(worker.get<RankerModel>(SHIPPED_RANKER_MODEL));
      const lock = db.createQueryRunner();
      await lock.connect();
      let rebuilt: Promise<void> | undefined;
      try {
        await lock.startTransaction();
        await lock.query(`LOCK TABLE capabilities IN ACCESS EXCLUSIVE MODE`);
        // As after a retention run pruned changes this worker had not seen: it reads the tables afresh.
        await db.query(
          `INSERT INTO catalog_changes_pruned (id, tx_id, seq) VALUES (true, pg_current_xact_id()::text::bigint, 0)
           ON CONFLICT (id) DO UPDATE SET tx_id = EXCLUDED.tx_id, seq = 0`,
        );
        rebuilt = catalog.sync();
        const waiting = await until(
          async () =>
            (
              await db.query<Array<{ n: number }>>(
                `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
                  WHERE c.relname = 'capabilities' AND NOT l.granted
                    AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
              )
            )[0].n,
          (n) => n > 0,
          30_000,
        );
        expect(waiting).toBeGreaterThan(0);
        await catalog.useActiveModel(true);
      } finally {
        await lock.commitTransaction();
        await lock.release();
      }
      await rebuilt;
      await worker.get(EnvoysRanker).rank(id);
      expect((await candidates()).items.every((i) => i.nearMiss)).toBe(true);
    } finally {
      await models.withModelsLock((m) => models.activate(m, before, null));
      worker.get(RankerService).invalidate();
      await catalog.useActiveModel(true);
    }
  });
});
