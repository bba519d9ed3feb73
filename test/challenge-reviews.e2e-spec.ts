import { DataSource } from 'typeorm';
import { todayInHarbin } from '../src/common/domain/dates.js';
import { addWorkingDays } from '../src/modules/challenge-reviews/rules.js';
import { createCast, createOrganization, createUser, login, type Cast } from './factories/cast.js';
import {
  challengeWithApplications,
  closeApplicationsEarly,
  publishChallenge,
  submitApplication,
} from './factories/challenges.js';
import { createTestApp, type TestApp } from './setup/test-app.js';

// 揭榜挂帅 from review to money (issue 13, part B2), against the real API, PostgreSQL and Redis: the expert panel and
// its conflicts, review sheets that stay private until one's own is in, the ranking, the public notice of N working
// days and its objections, the award with two winners (赛马) and its split, milestones returned and accepted by both
// sides, and a funding ledger that is append-only and never exceeds the funding, even under concurrent acceptances.

const NOTICE_DAYS = 3;
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

const fullScores = (score: number, comment = '论证充分 / well argued') =>
  Object.fromEntries(
    ['technical_merit', 'feasibility', 'team', 'budget', 'local_conversion'].map((k) => [k, { score, comment }]),
  );

describe('challenge reviews, notice, award, milestones and ledger', () => {
  let t: TestApp;
  let cast: Cast;
  let db: DataSource;
  const experts: Record<'uni' | 'entB' | 'center', { id: string; token: string }> = {} as never;
  let plain: { id: string; token: string };

  const api = () => t.http();
  const events = async (challengeId: string) =>
    (
      await db.query<Array<{ kind: string; to_status: string | null }>>(
        `SELECT kind, to_status FROM challenge_events WHERE challenge_id = $1 ORDER BY id`,
        [challengeId],
      )
    ).map((e) => e.kind);
  const notified = async (challengeId: string) =>
    db.query<Array<{ type: string; users: string[] }>>(
      `SELECT e.type, array_agg(n.user_id::text) AS users
         FROM notification_events e JOIN notifications n ON n.event_id = e.id
        WHERE e.payload->>'challengeId' = $1 GROUP BY e.id, e.type ORDER BY min(e.created_at), e.type`,
      [challengeId],
    );

  beforeAll(async () => {
    t = await createTestApp({ NOTICE_WORKING_DAYS: String(NOTICE_DAYS) });
    cast = await createCast(t);
    db = t.app.get(DataSource);
    const center = await createOrganization(t, cast.admin, {
      kind: 'intermediary',
      name: '示例评审服务中心',
      district: '道里',
    });
    for (const [key, email, org] of [
      ['uni', 'expert.uni@example.org', cast.ids.uni],
      ['entB', 'expert.b@example.org', cast.ids.entB],
      ['center', 'expert.center@example.org', center],
    ] as const) {
      const id = await createUser(t, cast.admin, { email, role: 'member', organizationId: org, name: `专家-${key}` });
      experts[key] = { id, token: await login(t, email) };
    }
    const plainId = await createUser(t, cast.admin, {
      email: 'plain@example.org',
      role: 'member',
      organizationId: center,
    });
    plain = { id: plainId, token: await login(t, 'plain@example.org') };
  });

  afterAll(async () => {
    await t?.close();
  });

  it('lets admins and coordinators flag experts (PATCH /users/:id {expert}); nobody flags themselves', async () => {
    const self = await api()
      .patch(`/api/v1/users/${experts.uni.id}`)
      .set(auth(experts.uni.token))
      .send({ expert: true });
    expect(self.status).toBe(403);
    const bad = await api()
      .patch(`/api/v1/users/${experts.uni.id}`)
      .set(auth(cast.coordinator))
      .send({ expert: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'expert' })]);
    for (const [who, token] of [
      ['uni', cast.coordinator],
      ['entB', cast.coordinator],
      ['center', cast.admin],
    ] as const) {
      const r = await api().patch(`/api/v1/users/${experts[who].id}`).set(auth(token)).send({ expert: true });
      expect(r.status).toBe(200);
      expect(r.body.expert).toBe(true);
    }
    const listed = await api().get('/api/v1/users?expert=true').set(auth(cast.coordinator));
    expect(listed.body.items.map((u: { id: string }) => u.id).sort()).toEqual(
      [experts.uni.id, experts.entB.id, experts.center.id].sort(),
    );
    const me = await api().get('/api/v1/me').set(auth(plain.token));
    expect([me.status, me.body.user.expert]).toEqual([200, false]);
  });

  describe('review', () => {
    let challengeId: string;
    let uniApp: string;
    let instApp: string;

    beforeAll(async () => {
      ({
        challengeId,
        applicationIds: [uniApp, instApp],
      } = await challengeWithApplications(t, cast));
    });

    it('takes experts only on the panel, naming who is not', async () => {
      const bad = await api()
        .put(`/api/v1/challenges/${challengeId}/panel`)
        .set(auth(cast.coordinator))
        .send({ userIds: [experts.uni.id, plain.id] });
      expect(bad.status).toBe(400);
      expect(bad.body.details).toEqual([
        { field: 'userIds[1]', message: expect.stringContaining('plain@example.org') },
      ]);
      expect(await db.query(`SELECT 1 FROM challenge_panel_members WHERE challenge_id = $1`, [challengeId])).toEqual(
        [],
      );
      const member = await api()
        .put(`/api/v1/challenges/${challengeId}/panel`)
        .set(auth(cast.enterpriseA))
        .send({ userIds: [experts.uni.id] });
      expect(member.status).toBe(403);

      const ok = await api()
        .put(`/api/v1/challenges/${challengeId}/panel`)
        .set(auth(cast.coordinator))
        .send({ userIds: [experts.uni.id, experts.entB.id, experts.center.id] });
      expect(ok.status).toBe(200);
      expect(ok.body.members).toHaveLength(3);
      const uni = ok.body.members.find((p: { userId: string }) => p.userId === experts.uni.id);
      expect(uni).toMatchObject({ expected: 1, excluded: 1, submitted: 0 });
      const conflicts = await db.query(`SELECT application_id, user_id, source FROM challenge_conflicts`);
      expect(conflicts).toEqual([{ application_id: uniApp, user_id: experts.uni.id, source: 'same_organization' }]);
      const inbox = await api().get('/api/v1/notifications').set(auth(experts.center.token));
      expect(inbox.body.items.map((i: { type: string }) => i.type)).toContain('challenge.panel_added');
    });

    it('excludes a reviewer from their own organisation’s application, and after a declared conflict (403 with the reason)', async () => {
      const mine = await api().get('/api/v1/reviews').set(auth(experts.uni.token));
      expect(mine.status).toBe(200);
      expect(mine.body.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            applicationId: uniApp,
            state: 'excluded',
            applicationTitle: null,
            excludedReason: expect.stringContaining('示例理工大学'),
          }),
          expect.objectContaining({ applicationId: instApp, state: 'todo' }),
        ]),
      );
      const own = await api()
        .put(`/api/v1/challenges/${challengeId}/applications/${uniApp}/review`)
        .set(auth(experts.uni.token))
        .send({ scores: fullScores(5), submit: true });
      expect(own.status).toBe(403);
      expect(own.body.message).toContain('示例理工大学');
      const see = await api()
        .get(`/api/v1/challenges/${challengeId}/applications/${uniApp}/review`)
        .set(auth(experts.uni.token));
      expect(see.status).toBe(403);

      const declare = await api()
        .post(`/api/v1/challenges/${challengeId}/applications/${instApp}/conflict`)
        .set(auth(experts.entB.token))
        .send({ reason: '曾与该研究所合作同一课题 / worked with the institute on a project' });
      expect(declare.status).toBe(204);
      const blocked = await api()
        .put(`/api/v1/challenges/${challengeId}/applications/${instApp}/review`)
        .set(auth(experts.entB.token))
        .send({ scores: fullScores(3) });
      expect(blocked.status).toBe(403);
      expect(blocked.body.message).toContain('曾与该研究所合作同一课题');
      // Through the challenges routes too: an expert reads the applications they review, not those they are excluded from.
      const read = (token: string, app: string) =>
        api().get(`/api/v1/challenges/${challengeId}/applications/${app}`).set(auth(token));
      expect((await read(experts.center.token, instApp)).status).toBe(200);
      expect((await read(experts.entB.token, instApp)).status).toBe(404);
      expect((await read(experts.uni.token, instApp)).status).toBe(200);
      expect((await read(plain.token, instApp)).status).toBe(404);
      expect(await events(challengeId)).toEqual(expect.arrayContaining(['panel', 'conflict']));
    });

    it('lets only panel experts score, and only while reviewing', async () => {
      for (const token of [plain.token, cast.coordinator, cast.university]) {
        const r = await api()
          .put(`/api/v1/challenges/${challengeId}/applications/${instApp}/review`)
          .set(auth(token))
          .send({ scores: fullScores(4) });
        expect(r.status).toBe(403);
      }
      // A published challenge (not yet in review) with a panel: no scoring yet.
      const open = await publishChallenge(t, cast.coordinator, { issuerOrganizationId: cast.ids.entA });
      const app = await submitApplication(t, cast.institute, open);
      await api()
        .put(`/api/v1/challenges/${open}/panel`)
        .set(auth(cast.coordinator))
        .send({ userIds: [experts.center.id] })
        .expect(200);
      const early = await api()
        .put(`/api/v1/challenges/${open}/applications/${app}/review`)
        .set(auth(experts.center.token))
        .send({ scores: fullScores(4) });
      expect(early.status).toBe(409);
      expect(early.body.details).toMatchObject({ currentStatus: 'published' });
      expect(await db.query(`SELECT 1 FROM challenge_review_sheets WHERE challenge_id = $1`, [open])).toEqual([]);
    });

    it('never shows a reviewer another’s scores before their own is submitted', async () => {
      const url = `/api/v1/challenges/${challengeId}/applications/${instApp}/review`;
      // The centre's expert saves a draft; the university's expert submits.
      const draft = await api()
        .put(url)
        .set(auth(experts.center.token))
        .send({ scores: { technical_merit: { score: 2, comment: '初稿' } } });
      expect(draft.status).toBe(200);
      expect(draft.body.mine).toMatchObject({ submittedAt: null, weighted: null });
      expect(draft.body.others).toBeNull();

      const noComment = await api()
        .put(url)
        .set(auth(experts.uni.token))
        .send({ scores: { ...fullScores(4), team: { score: 4 } }, submit: true });
      expect(noComment.status).toBe(400);
      expect(noComment.body.details).toEqual([expect.objectContaining({ field: 'scores.team' })]);
      const outOfRange = await api()
        .put(url)
        .set(auth(experts.uni.token))
        .send({ scores: { ...fullScores(4), budget: { score: 6, comment: 'x' } } });
      expect(outOfRange.status).toBe(400);
      expect(outOfRange.body.details).toEqual([expect.objectContaining({ field: 'scores.budget.score' })]);
      const unknown = await api()
        .put(url)
        .set(auth(experts.uni.token))
        .send({ scores: { ...fullScores(4), beauty: { score: 5, comment: 'x' } } });
      expect(unknown.status).toBe(400);
      expect(unknown.body.details).toEqual([expect.objectContaining({ field: 'scores.beauty' })]);
      expect(await db.query(`SELECT 1 FROM challenge_review_sheets WHERE reviewer_id = $1`, [experts.uni.id])).toEqual(
        [],
      );

      const scores = { ...fullScores(4), technical_merit: { score: 5, comment: '路线先进 / advanced' } };
      const submitted = await api().put(url).set(auth(experts.uni.token)).send({ scores, submit: true });
      expect(submitted.status).toBe(200);
      // (5×30 + 4×70) / 100
      expect(submitted.body.mine).toMatchObject({ weighted: 4.3, submittedAt: expect.any(String) });
      expect(submitted.body.others).toEqual([]); // the centre's draft is nobody's business

      // The centre's expert, not yet submitted, still sees nobody's scores, neither here nor in the assignments.
      const before = await api().get(url).set(auth(experts.center.token));
      expect(before.status).toBe(200);
      expect(before.body.others).toBeNull();
      expect(JSON.stringify(before.body)).not.toContain('路线先进');
      const list = await api().get(`/api/v1/reviews?challengeId=${challengeId}`).set(auth(experts.center.token));
      expect(JSON.stringify(list.body)).not.toContain('4.3');

      const final = await api()
        .put(url)
        .set(auth(experts.center.token))
        .send({ scores: fullScores(2), submit: true });
      expect(final.status).toBe(200);
      expect(final.body.others).toEqual([
        expect.objectContaining({ reviewerId: experts.uni.id, weighted: 4.3, scores: expect.objectContaining(scores) }),
      ]);
      const again = await api()
        .put(url)
        .set(auth(experts.center.token))
        .send({ scores: fullScores(5), submit: true });
      expect(again.status).toBe(409);
      const [sheet] = await db.query(
        `SELECT weighted FROM challenge_review_sheets WHERE reviewer_id = $1 AND application_id = $2`,
        [experts.center.id, instApp],
      );
      expect(sheet.weighted).toBe(2);
    });

    it('gives coordinators the weighted ranking with each reviewer and the spread', async () => {
      const denied = await api().get(`/api/v1/challenges/${challengeId}/ranking`).set(auth(experts.uni.token));
      expect(denied.status).toBe(403);
      const r = await api().get(`/api/v1/challenges/${challengeId}/ranking`).set(auth(cast.coordinator));
      expect(r.status).toBe(200);
      expect(r.body.criteria).toHaveLength(5);
      expect(r.body.items.map((i: { applicationId: string }) => i.applicationId)).toEqual([instApp, uniApp]);
      const [inst, uni] = r.body.items;
      expect(inst).toMatchObject({
        rank: 1,
        meanWeighted: 3.15,
        spread: { min: 2, max: 4.3, stdDev: 1.15 },
        submitted: 2,
        expected: 2,
      });
      expect(inst.reviewers).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ name: '专家-uni', weighted: 4.3 }),
          expect.objectContaining({ name: '专家-center', weighted: 2 }),
          expect.objectContaining({
            name: '专家-entB',
            weighted: null,
            excludedReason: expect.stringContaining('合作'),
          }),
        ]),
      );
      expect(uni).toMatchObject({ rank: 2, meanWeighted: null, submitted: 0, expected: 2 });
      // The comments behind the ranking, for coordinators.
      const sheets = await api()
        .get(`/api/v1/challenges/${challengeId}/applications/${instApp}/review`)
        .set(auth(cast.coordinator));
      expect(sheets.status).toBe(200);
      expect(sheets.body.mine).toBeNull();
      expect(sheets.body.others.map((s: { weighted: number }) => s.weighted).sort()).toEqual([2, 4.3]);
      expect(await events(challengeId)).toEqual(expect.arrayContaining(['score']));
    });

    it('closes a challenge as failed only with a reason; nothing is scored after', async () => {
      const none = await api()
        .post(`/api/v1/challenges/${challengeId}/transitions`)
        .set(auth(cast.coordinator))
        .send({ to: 'failed' });
      expect(none.status).toBe(400);
      const failed = await api()
        .post(`/api/v1/challenges/${challengeId}/transitions`)
        .set(auth(cast.coordinator))
        .send({ to: 'failed', reason: '申报方案均未达到指标要求 / no proposal reaches the indicators' });
      expect(failed.status).toBe(200);
      const [row] = await db.query(`SELECT status, close_reason FROM challenges WHERE id = $1`, [challengeId]);
      expect(row).toEqual({ status: 'failed', close_reason: expect.stringContaining('未达到指标') });
      const late = await api()
        .put(`/api/v1/challenges/${challengeId}/applications/${uniApp}/review`)
        .set(auth(experts.center.token))
        .send({ scores: fullScores(3) });
      expect(late.status).toBe(409);
      const notice = await api()
        .post(`/api/v1/challenges/${challengeId}/notice`)
        .set(auth(cast.coordinator))
        .send({ winnerApplicationIds: [instApp] });
      expect(notice.status).toBe(409);
      expect(notice.body.details).toMatchObject({ currentStatus: 'failed', allowed: [] });
    });
  });

  describe('notice, objections and an upheld objection sending it back to review', () => {
    it('allows one winner only on a single-winner challenge, and goes back to review when an objection is upheld', async () => {
      const { challengeId, applicationIds } = await challengeWithApplications(t, cast);
      const [uniApp, instApp] = applicationIds;
      const two = await api()
        .post(`/api/v1/challenges/${challengeId}/notice`)
        .set(auth(cast.coordinator))
        .send({ winnerApplicationIds: [uniApp, instApp] });
      expect(two.status).toBe(400);
      expect(two.body.details).toEqual([expect.objectContaining({ field: 'winnerApplicationIds' })]);
      expect((await db.query(`SELECT status FROM challenges WHERE id = $1`, [challengeId]))[0].status).toBe(
        'reviewing',
      );

      const award = await api()
        .post(`/api/v1/challenges/${challengeId}/award`)
        .set(auth(cast.coordinator))
        .send(awardBody([uniApp], 1_000_000));
      expect(award.status).toBe(409);
      expect(award.body.details).toMatchObject({ currentStatus: 'reviewing', allowed: ['notice', 'failed'] });

      const ok = await api()
        .post(`/api/v1/challenges/${challengeId}/notice`)
        .set(auth(cast.coordinator))
        .send({ winnerApplicationIds: [uniApp], note: '综合评分第一' });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({
        status: 'notice',
        noticeEndsOn: addWorkingDays(todayInHarbin(), NOTICE_DAYS),
        workingDays: NOTICE_DAYS,
        intendedWinners: [expect.objectContaining({ applicationId: uniApp, leadOrganizationName: '示例理工大学' })],
      });
      const objection = await api()
        .post(`/api/v1/challenges/${challengeId}/objections`)
        .set(auth(cast.institute))
        .send({ applicationId: uniApp, reason: '拟揭榜方的样机数据与申报材料不符' });
      expect(objection.status).toBe(201);
      const upheld = await api()
        .post(`/api/v1/challenges/${challengeId}/objections/${objection.body.id}/resolve`)
        .set(auth(cast.coordinator))
        .send({ outcome: 'upheld', resolution: '经核查属实，重新评审', backToReview: true });
      expect(upheld.status).toBe(200);
      expect(upheld.body).toMatchObject({ status: 'upheld', resolution: '经核查属实，重新评审' });
      const [c] = await db.query(`SELECT status, notice_ends_on FROM challenges WHERE id = $1`, [challengeId]);
      expect(c).toEqual({ status: 'reviewing', notice_ends_on: null });
      // No shortlist was ever made: the objected winner is `submitted` again, like the others, and the coordinator
      // may choose another winner (a `shortlisted` status here would make the next notice accept it alone).
      const apps = await db.query(
        `SELECT id, status FROM challenge_applications WHERE challenge_id = $1 ORDER BY submitted_at, id`,
        [challengeId],
      );
      expect(apps).toEqual([
        { id: uniApp, status: 'submitted' },
        { id: instApp, status: 'submitted' },
      ]);
      const [back] = await db.query(
        `SELECT data FROM challenge_events WHERE challenge_id = $1 AND kind = 'status' AND to_status = 'reviewing'
          ORDER BY id DESC LIMIT 1`,
        [challengeId],
      );
      expect(back.data).toMatchObject({ objectionId: objection.body.id, restored: { [uniApp]: 'submitted' } });
      const again = await api()
        .post(`/api/v1/challenges/${challengeId}/notice`)
        .set(auth(cast.coordinator))
        .send({ winnerApplicationIds: [instApp], note: '异议成立后改选' });
      expect(again.status).toBe(200);
      expect(again.body.intendedWinners).toEqual([expect.objectContaining({ applicationId: instApp })]);
      // The filer sees their objection and its answer; another member sees none.
      const mine = await api().get(`/api/v1/challenges/${challengeId}/objections`).set(auth(cast.institute));
      expect(mine.status).toBe(200);
      expect(mine.body.items).toEqual([expect.objectContaining({ status: 'upheld', filedByName: null })]);
      const others = await api().get(`/api/v1/challenges/${challengeId}/objections`).set(auth(cast.enterpriseB));
      expect(others.body.items).toEqual([]);
      const types = (await notified(challengeId)).map((n) => n.type);
      expect(types).toEqual(
        expect.arrayContaining([
          'challenge.notice',
          'challenge.objection',
          'challenge.objection_resolved',
          'challenge.notice_withdrawn',
        ]),
      );
    });
  });

  describe('two winners (赛马): notice, objections, award, milestones and the ledger', () => {
    let challengeId: string;
    let uniApp: string;
    let instApp: string;
    let objectionId: string;
    const FUNDING = 1_000_000;

    beforeAll(async () => {
      ({
        challengeId,
        applicationIds: [uniApp, instApp],
      } = await challengeWithApplications(t, cast, {
        multipleWinners: true,
        maxWinners: 2,
        fundingTotalYuan: FUNDING,
        milestones: [{ sharePct: 30 }, { sharePct: 30 }, { sharePct: 40 }],
      }));
      await api()
        .put(`/api/v1/challenges/${challengeId}/panel`)
        .set(auth(cast.coordinator))
        .send({ userIds: [experts.center.id] })
        .expect(200);
    });

    it('shortlists, then publishes both intended winners for N working days', async () => {
      const s = await api()
        .post(`/api/v1/challenges/${challengeId}/shortlist`)
        .set(auth(cast.coordinator))
        .send({ applicationIds: [uniApp, instApp] });
      expect(s.status).toBe(200);
      expect(s.body.items.map((i: { status: string }) => i.status)).toEqual(['shortlisted', 'shortlisted']);
      const r = await api()
        .post(`/api/v1/challenges/${challengeId}/notice`)
        .set(auth(cast.coordinator))
        .send({ winnerApplicationIds: [uniApp, instApp] });
      expect(r.status).toBe(200);
      expect(r.body.noticeEndsOn).toBe(addWorkingDays(todayInHarbin(), NOTICE_DAYS));
      expect(r.body.intendedWinners).toHaveLength(2);
      const seen = await api().get(`/api/v1/challenges/${challengeId}/notice`).set(auth(cast.enterpriseB));
      expect(seen.body.intendedWinners).toHaveLength(2);
      // Everyone heard: the issuer, both applicants, the panel, the coordinators.
      const [n] = (await notified(challengeId)).filter((x) => x.type === 'challenge.notice');
      for (const u of ['a@example.org', 'u@example.org', 'i@example.org']) {
        expect(n.users).toContain(cast.ids.users[u]);
      }
      expect(n.users).not.toContain(cast.ids.users['coord@example.org']); // not told of their own step
      expect(n.users).toContain(experts.center.id);
    });

    it('takes objections during the notice, and refuses the award before the notice has ended or while one is open', async () => {
      const bad = await api()
        .post(`/api/v1/challenges/${challengeId}/objections`)
        .set(auth(cast.enterpriseB))
        .send({ applicationId: cast.ids.entB, reason: '对公示结果有异议' });
      expect(bad.status).toBe(400);
      expect(bad.body.details).toEqual([expect.objectContaining({ field: 'applicationId' })]);
      const o = await api()
        .post(`/api/v1/challenges/${challengeId}/objections`)
        .set(auth(cast.enterpriseB))
        .send({ applicationId: instApp, reason: '该研究所团队成员与申报材料不一致' });
      expect(o.status).toBe(201);
      objectionId = o.body.id;

      const early = await api()
        .post(`/api/v1/challenges/${challengeId}/award`)
        .set(auth(cast.coordinator))
        .send(awardBody([uniApp, instApp], FUNDING));
      expect(early.status).toBe(409);
      expect(early.body.details).toMatchObject({ noticeEndsOn: addWorkingDays(todayInHarbin(), NOTICE_DAYS) });

      await db.query(
        `UPDATE challenges SET notice_ends_on = (now() AT TIME ZONE 'Asia/Shanghai')::date - 1 WHERE id = $1`,
        [challengeId],
      );
      const open = await api()
        .post(`/api/v1/challenges/${challengeId}/award`)
        .set(auth(cast.coordinator))
        .send(awardBody([uniApp, instApp], FUNDING));
      expect(open.status).toBe(409);
      expect(open.body.message).toContain(objectionId);
      expect(open.body.details.openObjections).toEqual([expect.objectContaining({ id: objectionId })]);

      const late = await api()
        .post(`/api/v1/challenges/${challengeId}/objections`)
        .set(auth(cast.enterpriseB))
        .send({ reason: '公示期满后的异议' });
      expect(late.status).toBe(409);
      expect(await db.query(`SELECT status FROM challenges WHERE id = $1`, [challengeId])).toEqual([
        { status: 'notice' },
      ]);
    });

    it('resolves each objection once', async () => {
      const member = await api()
        .post(`/api/v1/challenges/${challengeId}/objections/${objectionId}/resolve`)
        .set(auth(cast.enterpriseA))
        .send({ outcome: 'dismissed', resolution: '不成立' });
      expect(member.status).toBe(403);
      const r = await api()
        .post(`/api/v1/challenges/${challengeId}/objections/${objectionId}/resolve`)
        .set(auth(cast.coordinator))
        .send({ outcome: 'dismissed', resolution: '经核查，团队成员变更已备案 / checked: the change was registered' });
      expect(r.status).toBe(200);
      const again = await api()
        .post(`/api/v1/challenges/${challengeId}/objections/${objectionId}/resolve`)
        .set(auth(cast.coordinator))
        .send({ outcome: 'upheld', resolution: '再议' });
      expect(again.status).toBe(409);
    });

    it('awards both with a split that sums to the funding (400 naming the field otherwise, nothing changed)', async () => {
      const wrong = await api()
        .post(`/api/v1/challenges/${challengeId}/award`)
        .set(auth(cast.coordinator))
        .send(awardBody([uniApp, instApp], FUNDING - 1));
      expect(wrong.status).toBe(400);
      expect(wrong.body.details).toEqual([expect.objectContaining({ field: 'split' })]);
      const missing = await api()
        .post(`/api/v1/challenges/${challengeId}/award`)
        .set(auth(cast.coordinator))
        .send({ ...awardBody([uniApp], FUNDING) });
      expect(missing.status).toBe(400);
      expect(missing.body.details.map((d: { field: string }) => d.field)).toEqual([
        'split',
        'agreement.winnerSignatories',
      ]);
      expect(await db.query(`SELECT status FROM challenges WHERE id = $1`, [challengeId])).toEqual([
        { status: 'notice' },
      ]);
      expect(await db.query(`SELECT 1 FROM challenge_awards WHERE challenge_id = $1`, [challengeId])).toEqual([]);

      const body = awardBody([uniApp, instApp], FUNDING);
      body.split = [
        { applicationId: uniApp, amountYuan: 600_001 },
        { applicationId: instApp, amountYuan: 399_999 },
      ];
      const r = await api().post(`/api/v1/challenges/${challengeId}/award`).set(auth(cast.coordinator)).send(body);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ status: 'awarded', fundingTotalYuan: FUNDING });
      expect(r.body.agreement).toMatchObject({ bureauSignatory: '赵处长（示例市科技局）' });
      const ms = await api().get(`/api/v1/challenges/${challengeId}/milestones`).set(auth(cast.coordinator));
      const amounts = (app: string) =>
        ms.body.items
          .filter((m: { applicationId: string }) => m.applicationId === app)
          .map((m: { amountYuan: number }) => m.amountYuan);
      expect(amounts(uniApp)).toEqual([180_000, 180_000, 240_001]);
      expect(amounts(instApp)).toEqual([119_999, 119_999, 160_001]);
      const statuses = await db.query(
        `SELECT status FROM challenge_applications WHERE challenge_id = $1 ORDER BY submitted_at`,
        [challengeId],
      );
      expect(statuses).toEqual([{ status: 'winner' }, { status: 'winner' }]);
      const ledger = await api().get(`/api/v1/challenges/${challengeId}/ledger`).set(auth(cast.enterpriseA));
      expect(ledger.body.totals).toEqual({
        fundingTotalYuan: FUNDING,
        committedYuan: FUNDING,
        releasedYuan: 0,
        cancelledYuan: 0,
        outstandingYuan: FUNDING,
      });
      // A winner sees its own part only; an outsider none.
      const own = await api().get(`/api/v1/challenges/${challengeId}/ledger`).set(auth(cast.institute));
      expect(own.body.entries).toEqual([expect.objectContaining({ kind: 'commit', amountYuan: 399_999 })]);
      expect((await api().get(`/api/v1/challenges/${challengeId}/ledger`).set(auth(cast.enterpriseB))).status).toBe(
        403,
      );
    });

    it('returns a milestone with reasons; delivered again and accepted by both the issuer and a coordinator', async () => {
      const ms = await api().get(`/api/v1/challenges/${challengeId}/milestones`).set(auth(cast.university));
      expect(ms.body.items).toHaveLength(3); // its own only
      const first = ms.body.items[0].id as string;
      const url = (step: string) => `/api/v1/challenges/${challengeId}/milestones/${first}/${step}`;

      expect((await api().post(url('accept')).set(auth(cast.enterpriseA)).send({})).status).toBe(409);
      expect((await api().post(url('deliver')).set(auth(cast.institute)).send({ report: '不是我们的' })).status).toBe(
        404,
      );
      expect((await api().post(url('deliver')).set(auth(cast.enterpriseB)).send({ report: '外人' })).status).toBe(404);
      const noReport = await api().post(url('deliver')).set(auth(cast.university)).send({});
      expect(noReport.status).toBe(400);
      expect(new Set(noReport.body.details.map((d: { field: string }) => d.field))).toEqual(new Set(['report']));

      expect(
        (await api().post(url('deliver')).set(auth(cast.university)).send({ report: '小试完成，检测报告附后' })).status,
      ).toBe(200);
      const returned = await api()
        .post(url('return'))
        .set(auth(cast.enterpriseA))
        .send({ reason: '缺少第三方检测机构盖章 / the test report lacks the lab’s seal' });
      expect(returned.status).toBe(200);
      expect(returned.body).toMatchObject({ status: 'returned', returnReason: expect.stringContaining('第三方') });
      expect((await api().post(url('accept')).set(auth(cast.coordinator)).send({})).body.details).toMatchObject({
        currentStatus: 'returned',
        allowed: ['delivered'],
      });

      expect(
        (await api().post(url('deliver')).set(auth(cast.university)).send({ report: '补充盖章检测报告' })).status,
      ).toBe(200);
      const one = await api().post(url('accept')).set(auth(cast.enterpriseA)).send({ note: '发榜方验收通过' });
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({ status: 'delivered', released: false, issuerAcceptedAt: expect.any(String) });
      expect((await api().post(url('accept')).set(auth(cast.enterpriseA)).send({})).status).toBe(409);
      const two = await api().post(url('accept')).set(auth(cast.coordinator)).send({});
      expect(two.status).toBe(200);
      expect(two.body).toMatchObject({ status: 'accepted', released: true, amountYuan: 180_000 });
      const ledger = await api().get(`/api/v1/challenges/${challengeId}/ledger`).set(auth(cast.coordinator));
      expect(ledger.body.totals).toMatchObject({ committedYuan: FUNDING, releasedYuan: 180_000 });
      const types = (await notified(challengeId)).map((n) => n.type);
      expect(types).toEqual(
        expect.arrayContaining([
          'challenge.awarded',
          'challenge.milestone_delivered',
          'challenge.milestone_returned',
          'challenge.milestone_accepted_partly',
          'challenge.milestone_accepted',
        ]),
      );
    });

    it('keeps the ledger append-only and within the funding in the database itself', async () => {
      await expect(
        db.query(`UPDATE funding_ledger SET amount_yuan = 1 WHERE challenge_id = $1`, [challengeId]),
      ).rejects.toThrow(/append-only/);
      await expect(db.query(`DELETE FROM funding_ledger WHERE challenge_id = $1`, [challengeId])).rejects.toThrow(
        /append-only/,
      );
      await expect(db.query(`TRUNCATE funding_ledger`)).rejects.toThrow(/append-only/);
      const [open] = await db.query(
        `SELECT am.id, am.award_id FROM challenge_award_milestones am JOIN challenge_awards w ON w.id = am.award_id
          WHERE w.challenge_id = $1 AND am.status = 'open' LIMIT 1`,
        [challengeId],
      );
      await expect(
        db.query(
          `INSERT INTO funding_ledger (challenge_id, award_id, award_milestone_id, kind, amount_yuan)
           VALUES ($1, $2, $3, 'release', 900000)`,
          [challengeId, open.award_id, open.id],
        ),
      ).rejects.toThrow(/exceeds/);

      // Two writers that bypass the service's check: the trigger's row lock makes the second see the first.
      const award = open.award_id as string;
      const [{ committed }] = await db.query(
        `SELECT amount_yuan AS committed FROM funding_ledger WHERE award_id = $1 AND kind = 'commit'`,
        [award],
      );
      const [{ released }] = await db.query(
        `SELECT coalesce(sum(amount_yuan), 0)::bigint AS released FROM funding_ledger WHERE award_id = $1 AND kind = 'release'`,
        [award],
      );
      const left = committed - released;
      const others = await db.query<Array<{ id: string }>>(
        `SELECT id FROM challenge_award_milestones WHERE award_id = $1 AND status = 'open' ORDER BY id LIMIT 2`,
        [award],
      );
      const [q1, q2] = [db.createQueryRunner(), db.createQueryRunner()];
      try {
        await q1.startTransaction();
        await q2.startTransaction();
        const half = Math.floor(left / 2) + 1;
        const insert = `INSERT INTO funding_ledger (challenge_id, award_id, award_milestone_id, kind, amount_yuan)
                        VALUES ($1, $2, $3, 'release', $4)`;
        await q1.query(insert, [challengeId, award, others[0].id, half]);
        const second = q2.query(insert, [challengeId, award, others[1].id, half]).then(
          () => 'inserted',
          (e: Error) => e.message,
        );
        await new Promise((r) => setTimeout(r, 200));
        await q1.rollbackTransaction(); // the first never happened …
        expect(await second).toBe('inserted'); // … so the second fits
        await q2.rollbackTransaction();

        await q1.startTransaction();
        await q2.startTransaction();
        await q1.query(insert, [challengeId, award, others[0].id, half]);
        const third = q2.query(insert, [challengeId, award, others[1].id, half]).then(
          () => 'inserted',
          (e: Error) => e.message,
        );
        await new Promise((r) => setTimeout(r, 200));
        await q1.commitTransaction().catch(() => undefined);
        expect(await third).toMatch(/exceeds/);
        await q2.rollbackTransaction();
      } finally {
        await q1.release();
        await q2.release();
      }
      // The committed row of that race was not a real acceptance: this test's database is left with it, which the
      // ledger (append-only) cannot undo; the next test uses the other winner's milestones.
    });
  });

  describe('concurrent acceptances', () => {
    it('releases each milestone once and never more than the funding, with N parallel acceptances', async () => {
      const FUNDING = 900_000;
      const { challengeId, applicationIds } = await challengeWithApplications(t, cast, {
        multipleWinners: true,
        maxWinners: 2,
        fundingTotalYuan: FUNDING,
        milestones: [{ sharePct: 33 }, { sharePct: 33 }, { sharePct: 34 }],
      });
      const [uniApp, instApp] = applicationIds;
      await api()
        .post(`/api/v1/challenges/${challengeId}/notice`)
        .set(auth(cast.coordinator))
        .send({ winnerApplicationIds: [uniApp, instApp] })
        .expect(200);
      await db.query(
        `UPDATE challenges SET notice_ends_on = (now() AT TIME ZONE 'Asia/Shanghai')::date - 1 WHERE id = $1`,
        [challengeId],
      );
      const body = awardBody([uniApp, instApp], FUNDING);
      await api().post(`/api/v1/challenges/${challengeId}/award`).set(auth(cast.coordinator)).send(body).expect(200);
      const ms = (await api().get(`/api/v1/challenges/${challengeId}/milestones`).set(auth(cast.coordinator))).body
        .items as Array<{ id: string; applicationId: string; amountYuan: number }>;
      expect(ms).toHaveLength(6);
      for (const m of ms) {
        const token = m.applicationId === uniApp ? cast.university : cast.institute;
        await api()
          .post(`/api/v1/challenges/${challengeId}/milestones/${m.id}/deliver`)
          .set(auth(token))
          .send({ report: '按期交付' })
          .expect(200);
        await api()
          .post(`/api/v1/challenges/${challengeId}/milestones/${m.id}/accept`)
          .set(auth(cast.enterpriseA))
          .send({})
          .expect(200);
      }
      // Every milestone's second acceptance, four times over, by two coordinators on two API processes, all at once.
      const other = await t.startAnotherApi();
      const N = 4;
      const results = await Promise.all(
        ms.flatMap((m) =>
          Array.from({ length: N }, (_, i) =>
            (i % 2 ? other.http() : api())
              .post(`/api/v1/challenges/${challengeId}/milestones/${m.id}/accept`)
              .set(auth(i < 2 ? cast.coordinator : cast.admin))
              .send({})
              .then((r) => ({ id: m.id, status: r.status })),
          ),
        ),
      );
      for (const m of ms) {
        const statuses = results
          .filter((r) => r.id === m.id)
          .map((r) => r.status)
          .sort();
        expect(statuses).toEqual([200, ...Array(N - 1).fill(409)]);
      }
      const releases = await db.query<Array<{ award_milestone_id: string; amount_yuan: number }>>(
        `SELECT award_milestone_id, amount_yuan FROM funding_ledger WHERE challenge_id = $1 AND kind = 'release'`,
        [challengeId],
      );
      expect(releases).toHaveLength(ms.length);
      expect(new Set(releases.map((r) => r.award_milestone_id)).size).toBe(ms.length);
      const total = releases.reduce((a, r) => a + r.amount_yuan, 0);
      expect(total).toBe(FUNDING);
      const ledger = await api().get(`/api/v1/challenges/${challengeId}/ledger`).set(auth(cast.coordinator));
      expect(ledger.body.totals).toEqual({
        fundingTotalYuan: FUNDING,
        committedYuan: FUNDING,
        releasedYuan: FUNDING,
        cancelledYuan: 0,
        outstandingYuan: 0,
      });
      // Every milestone accepted: the challenge is completed, by the system, in the audit trail.
      const [c] = await db.query(`SELECT status, closed_at FROM challenges WHERE id = $1`, [challengeId]);
      expect(c).toEqual({ status: 'completed', closed_at: expect.any(Date) });
      const trail = await events(challengeId);
      for (const kind of ['status', 'award', 'milestone', 'ledger']) {
        expect(trail).toContain(kind);
      }
      expect(trail.filter((k) => k === 'ledger')).toHaveLength(2 + ms.length);
      const types = (await notified(challengeId)).map((n) => n.type);
      expect(types).toContain('challenge.completed');
    });
  });
  describe('the panel before the review starts (no rival’s proposal while applications are open)', () => {
    it('shows panel experts no application, attachment or review page until the challenge is in review', async () => {
      const open = await publishChallenge(t, cast.coordinator, { issuerOrganizationId: cast.ids.entA });
      const app = await submitApplication(t, cast.institute, open);
      const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2000, 32)]);
      const up = await api()
        .post(`/api/v1/challenges/${open}/applications/${app}/attachments?filename=plan.pdf`)
        .set(auth(cast.institute))
        .set('content-type', 'application/pdf')
        .send(pdf);
      expect(up.status).toBe(201);
      await api()
        .put(`/api/v1/challenges/${open}/panel`)
        .set(auth(cast.coordinator))
        .send({ userIds: [experts.center.id] })
        .expect(200);
      const read = () => api().get(`/api/v1/challenges/${open}/applications/${app}`).set(auth(experts.center.token));
      const download = () =>
        api()
          .get(`/api/v1/challenges/${open}/applications/${app}/attachments/${up.body.id}`)
          .set(auth(experts.center.token));
      const page = () =>
        api().get(`/api/v1/challenges/${open}/applications/${app}/review`).set(auth(experts.center.token));
      expect((await read()).status).toBe(404);
      expect((await download()).status).toBe(404);
      const early = await page();
      expect(early.status).toBe(409);
      expect(early.body.details).toMatchObject({ currentStatus: 'published' });
      expect(JSON.stringify(early.body)).not.toContain('宽温域电解液');
      const list = await api().get(`/api/v1/reviews?challengeId=${open}`).set(auth(experts.center.token));
      expect(list.body.items).toEqual([
        expect.objectContaining({
          applicationId: app,
          state: 'todo',
          applicationTitle: null,
          leadOrganizationName: null,
        }),
      ]);
      // The applicant and coordinators still read it.
      expect((await api().get(`/api/v1/challenges/${open}/applications/${app}`).set(auth(cast.institute))).status).toBe(
        200,
      );

      await closeApplicationsEarly(t, cast.coordinator, open);
      expect((await read()).status).toBe(200);
      expect((await download()).status).toBe(200);
      const now = await page();
      expect(now.status).toBe(200);
      expect(now.body.application.title).toBe('宽温域电解液与电池包热管理联合方案');
    });

    it('excludes an expert only where their organisation accepted to join the consortium, not where it was only invited', async () => {
      const open = await publishChallenge(t, cast.coordinator, { issuerOrganizationId: cast.ids.entA });
      const member = [{ organizationId: cast.ids.entB, role: '中试基地 / pilot site' }];
      const inst = await submitApplication(t, cast.institute, open, { members: member });
      const uni = await submitApplication(t, cast.university, open, { members: member });
      await api()
        .put(`/api/v1/challenges/${open}/panel`)
        .set(auth(cast.coordinator))
        .send({ userIds: [experts.entB.id, experts.center.id] })
        .expect(200);
      // Enterprise B accepts the institute's invitation; the university's stays unanswered and lapses at the close.
      await api()
        .post(`/api/v1/challenges/${open}/applications/${inst}/membership`)
        .set(auth(cast.enterpriseB))
        .send({ accept: true })
        .expect(200);
      await closeApplicationsEarly(t, cast.coordinator, open);
      const mine = await api().get(`/api/v1/reviews?challengeId=${open}`).set(auth(experts.entB.token));
      const state = Object.fromEntries(
        (mine.body.items as Array<{ applicationId: string; state: string }>).map((i) => [i.applicationId, i.state]),
      );
      expect(state).toEqual({ [inst]: 'excluded', [uni]: 'todo' });
      expect(
        await db.query(`SELECT application_id FROM challenge_conflicts WHERE challenge_id = $1 AND user_id = $2`, [
          open,
          experts.entB.id,
        ]),
      ).toEqual([]);
      const page = (app: string) =>
        api().get(`/api/v1/challenges/${open}/applications/${app}/review`).set(auth(experts.entB.token));
      const excluded = await page(inst);
      expect(excluded.status).toBe(403);
      expect(excluded.body.message).toContain('示例乙制造有限公司');
      expect((await page(uni)).status).toBe(200);
    });

    it('refuses coordinators and admins on the panel, naming them (协调员不能担任评审专家), nothing changed', async () => {
      const { challengeId } = await challengeWithApplications(t, cast);
      const coordId = cast.ids.users['coord@example.org'];
      await api().patch(`/api/v1/users/${coordId}`).set(auth(cast.admin)).send({ expert: true }).expect(200);
      const r = await api()
        .put(`/api/v1/challenges/${challengeId}/panel`)
        .set(auth(cast.coordinator))
        .send({ userIds: [experts.center.id, coordId] });
      expect(r.status).toBe(400);
      expect(r.body.details).toEqual([
        { field: 'userIds[1]', message: expect.stringContaining('协调员不能担任评审专家') },
      ]);
      expect(await db.query(`SELECT 1 FROM challenge_panel_members WHERE challenge_id = $1`, [challengeId])).toEqual(
        [],
      );
      // Scoring is refused to one who sits on a panel from before (or was made a coordinator since).
      await db.query(`INSERT INTO challenge_panel_members (challenge_id, user_id) VALUES ($1, $2)`, [
        challengeId,
        coordId,
      ]);
      const [app] = (
        await db.query<Array<{ id: string }>>(`SELECT id FROM challenge_applications WHERE challenge_id = $1`, [
          challengeId,
        ])
      ).map((a) => a.id);
      const score = await api()
        .put(`/api/v1/challenges/${challengeId}/applications/${app}/review`)
        .set(auth(cast.coordinator))
        .send({ scores: fullScores(5), submit: true });
      expect(score.status).toBe(403);
      await api().patch(`/api/v1/users/${coordId}`).set(auth(cast.admin)).send({ expert: false }).expect(200);
    });
  });

  describe('objections: one open per user and target, and a per-user rate limit', () => {
    it('answers 409 naming the open objection, and 429 past 10 an hour; only the accepted ones notify', async () => {
      const { challengeId, applicationIds } = await challengeWithApplications(t, cast);
      const [uniApp] = applicationIds;
      await api()
        .post(`/api/v1/challenges/${challengeId}/notice`)
        .set(auth(cast.coordinator))
        .send({ winnerApplicationIds: [uniApp] })
        .expect(200);
      const file = (body: Record<string, unknown>) =>
        api().post(`/api/v1/challenges/${challengeId}/objections`).set(auth(plain.token)).send(body);
      const whole = await file({ reason: '公示程序不规范，未公开评分细则' });
      expect(whole.status).toBe(201);
      const dup = await file({ reason: '再次提出：公示程序不规范' });
      expect(dup.status).toBe(409);
      expect(dup.body.message).toContain(whole.body.id);
      expect(dup.body.details).toMatchObject({ openObjectionId: whole.body.id, applicationId: null });
      const onWinner = await file({ applicationId: uniApp, reason: '拟揭榜方的样机数据与申报材料不符' });
      expect(onWinner.status).toBe(201);
      const dupWinner = await file({ applicationId: uniApp, reason: '拟揭榜方的样机数据与申报材料不符（补充）' });
      expect(dupWinner.status).toBe(409);
      expect(dupWinner.body.details).toMatchObject({ openObjectionId: onWinner.body.id });
      // Another user still objects.
      expect(
        (
          await api()
            .post(`/api/v1/challenges/${challengeId}/objections`)
            .set(auth(cast.enterpriseB))
            .send({ reason: '对公示结果有异议，请核查' })
        ).status,
      ).toBe(201);
      // Four calls so far; six more are answered (409), the eleventh within the hour is 429.
      for (let i = 0; i < 6; i++) expect((await file({ reason: `重复异议 ${i} / repeated` })).status).toBe(409);
      const limited = await file({ reason: '第十一次 / the eleventh' });
      expect(limited.status).toBe(429);
      expect(limited.headers['retry-after']).toBeDefined();
      const stored = await db.query(`SELECT filed_by FROM challenge_objections WHERE challenge_id = $1`, [challengeId]);
      expect(stored).toHaveLength(3);
      const told = (await notified(challengeId)).filter((n) => n.type === 'challenge.objection');
      expect(told).toHaveLength(3);
      // Once answered, the same user may object again to the same target.
      await api()
        .post(`/api/v1/challenges/${challengeId}/objections/${whole.body.id}/resolve`)
        .set(auth(cast.coordinator))
        .send({ outcome: 'dismissed', resolution: '评分细则已公开' })
        .expect(200);
      await db.query(`DELETE FROM rate_counters`);
      expect((await file({ reason: '评分细则公开时间晚于公示' })).status).toBe(201);
    });
  });

  /** A challenge awarded to the university alone (40/60 milestones of 1,000,000 yuan), issued by `issuer`. */
  async function awarded(issuer: string): Promise<{ challengeId: string; uniApp: string; instApp: string }> {
    const { challengeId, applicationIds } = await challengeWithApplications(t, cast);
    const [uniApp, instApp] = applicationIds;
    // Challenges from before the issuer had to be an enterprise: the bureau itself may be the issuer.
    await db.query(`UPDATE challenges SET issuer_organization_id = $2 WHERE id = $1`, [challengeId, issuer]);
    await api()
      .post(`/api/v1/challenges/${challengeId}/notice`)
      .set(auth(cast.coordinator))
      .send({ winnerApplicationIds: [uniApp] })
      .expect(200);
    await db.query(
      `UPDATE challenges SET notice_ends_on = (now() AT TIME ZONE 'Asia/Shanghai')::date - 1 WHERE id = $1`,
      [challengeId],
    );
    await api()
      .post(`/api/v1/challenges/${challengeId}/award`)
      .set(auth(cast.coordinator))
      .send(awardBody([uniApp], 1_000_000))
      .expect(200);
    return { challengeId, uniApp, instApp };
  }

  describe('milestone acceptance by two different people', () => {
    it('lets the bureau issue and accept: a coordinator signs one side, another member of the issuer the other', async () => {
      await createUser(t, cast.admin, {
        email: 'coord2@example.org',
        role: 'coordinator',
        organizationId: cast.ids.gov,
        name: '协调员二',
      });
      const coord2Token = await login(t, 'coord2@example.org');
      const { challengeId } = await awarded(cast.ids.gov);
      const [ms] = (await api().get(`/api/v1/challenges/${challengeId}/milestones`).set(auth(cast.coordinator))).body
        .items as Array<{ id: string; amountYuan: number }>;
      const url = `/api/v1/challenges/${challengeId}/milestones/${ms.id}`;
      await api().post(`${url}/deliver`).set(auth(cast.university)).send({ report: '小试完成' }).expect(200);

      const first = await api().post(`${url}/accept`).set(auth(cast.coordinator)).send({});
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ status: 'delivered', coordinatorAcceptedAt: expect.any(String) });
      for (const body of [{}, { side: 'issuer' }]) {
        const twice = await api().post(`${url}/accept`).set(auth(cast.coordinator)).send(body);
        expect(twice.status).toBe(409);
        expect(twice.body.message).toContain('同一人不能同时签署两方');
        expect(twice.body.details).toMatchObject({ signedAs: 'coordinator', awaiting: 'issuer' });
      }
      const bad = await api().post(`${url}/accept`).set(auth(coord2Token)).send({ side: 'bureau' });
      expect(bad.status).toBe(400);
      expect(bad.body.details).toEqual([expect.objectContaining({ field: 'side' })]);
      const notIssuer = await api().post(`${url}/accept`).set(auth(cast.university)).send({});
      expect(notIssuer.status).toBe(403);

      // The other coordinator, a member of the issuing bureau, signs the issuer side (by default: theirs is taken).
      const second = await api().post(`${url}/accept`).set(auth(coord2Token)).send({ note: '发榜方验收' });
      expect(second.status).toBe(200);
      expect(second.body).toMatchObject({
        status: 'accepted',
        issuerAcceptedByName: '协调员二',
        coordinatorAcceptedByName: 'coord',
        released: true,
      });
      const ledger = await api().get(`/api/v1/challenges/${challengeId}/ledger`).set(auth(cast.coordinator));
      expect(ledger.body.totals).toMatchObject({ releasedYuan: ms.amountYuan });
    });
  });

  describe('a challenge that fails after its award', () => {
    it('closes the open milestones, cancels the unreleased commitment in the ledger and keeps the winner', async () => {
      const { challengeId, uniApp, instApp } = await awarded(cast.ids.entA);
      const items = (await api().get(`/api/v1/challenges/${challengeId}/milestones`).set(auth(cast.coordinator))).body
        .items as Array<{ id: string; amountYuan: number }>;
      const [m1, m2] = items;
      const ms = (id: string) => `/api/v1/challenges/${challengeId}/milestones/${id}`;
      await api()
        .post(`${ms(m1.id)}/deliver`)
        .set(auth(cast.university))
        .send({ report: '小试完成' })
        .expect(200);
      await api()
        .post(`${ms(m1.id)}/accept`)
        .set(auth(cast.enterpriseA))
        .send({})
        .expect(200);
      await api()
        .post(`${ms(m1.id)}/accept`)
        .set(auth(cast.coordinator))
        .send({})
        .expect(200);
      await api()
        .post(`${ms(m2.id)}/deliver`)
        .set(auth(cast.university))
        .send({ report: '中试完成' })
        .expect(200);
      await api()
        .post(`${ms(m2.id)}/accept`)
        .set(auth(cast.enterpriseA))
        .send({})
        .expect(200);

      const failed = await api()
        .post(`/api/v1/challenges/${challengeId}/transitions`)
        .set(auth(cast.coordinator))
        .send({ to: 'failed', reason: '发榜企业破产清算 / the issuer is in liquidation' });
      expect(failed.status).toBe(200);

      const apps = await db.query(`SELECT id, status FROM challenge_applications WHERE challenge_id = $1`, [
        challengeId,
      ]);
      expect(apps).toEqual(
        expect.arrayContaining([
          { id: uniApp, status: 'winner' },
          { id: instApp, status: 'not_selected' },
        ]),
      );
      const after = (await api().get(`/api/v1/challenges/${challengeId}/milestones`).set(auth(cast.university))).body
        .items as Array<{ id: string; status: string }>;
      expect(after.map((x) => x.status)).toEqual(['accepted', 'closed']);
      for (const [path, token, body] of [
        ['deliver', cast.university, { report: '再次提交' }],
        ['accept', cast.coordinator, {}],
        ['return', cast.coordinator, { reason: '不再验收' }],
      ] as const) {
        const r = await api()
          .post(`${ms(m2.id)}/${path}`)
          .set(auth(token))
          .send(body);
        expect(r.status).toBe(409);
        expect(r.body.details).toMatchObject({ currentStatus: 'closed', allowed: [] });
      }

      const ledger = await api().get(`/api/v1/challenges/${challengeId}/ledger`).set(auth(cast.enterpriseA));
      expect(ledger.status).toBe(200);
      expect(ledger.body.entries.map((e: { kind: string; amountYuan: number }) => [e.kind, e.amountYuan])).toEqual([
        ['commit', 1_000_000],
        ['release', m1.amountYuan],
        ['cancel', m2.amountYuan],
      ]);
      expect(ledger.body.totals).toEqual({
        fundingTotalYuan: 1_000_000,
        committedYuan: 1_000_000,
        releasedYuan: m1.amountYuan,
        cancelledYuan: m2.amountYuan,
        outstandingYuan: 0,
      });
      // The database refuses a release of what was cancelled, and a second cancellation.
      const [award] = await db.query(`SELECT id FROM challenge_awards WHERE challenge_id = $1`, [challengeId]);
      await expect(
        db.query(
          `INSERT INTO funding_ledger (challenge_id, award_id, award_milestone_id, kind, amount_yuan)
           VALUES ($1, $2, $3, 'release', 1)`,
          [challengeId, award.id, m2.id],
        ),
      ).rejects.toThrow(/exceed/);
      await expect(
        db.query(
          `INSERT INTO funding_ledger (challenge_id, award_id, kind, amount_yuan) VALUES ($1, $2, 'cancel', 1)`,
          [challengeId, award.id],
        ),
      ).rejects.toThrow(/uq_funding_ledger_cancel|exceed/);
      const trail = await db.query<Array<{ kind: string; to_status: string | null; data: Record<string, unknown> }>>(
        `SELECT kind, to_status, data FROM challenge_events WHERE challenge_id = $1 ORDER BY id`,
        [challengeId],
      );
      expect(trail).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'status', to_status: 'failed' }),
          expect.objectContaining({ kind: 'milestone', to_status: 'closed' }),
          expect.objectContaining({ kind: 'ledger', data: expect.objectContaining({ kind: 'cancel' }) }),
        ]),
      );
      const [told] = (await notified(challengeId)).filter((n) => n.type === 'challenge.award_cancelled');
      expect(told.users).toEqual(
        expect.arrayContaining([cast.ids.users['a@example.org'], cast.ids.users['u@example.org']]),
      );
    });

    it('turns the intended winners of a notice into not_selected when the challenge fails during it', async () => {
      const { challengeId, applicationIds } = await challengeWithApplications(t, cast);
      const [uniApp] = applicationIds;
      await api()
        .post(`/api/v1/challenges/${challengeId}/notice`)
        .set(auth(cast.coordinator))
        .send({ winnerApplicationIds: [uniApp] })
        .expect(200);
      await api()
        .post(`/api/v1/challenges/${challengeId}/transitions`)
        .set(auth(cast.coordinator))
        .send({ to: 'failed', reason: '公示期间发现重大问题 / a serious problem surfaced during the notice' })
        .expect(200);
      expect(await db.query(`SELECT status FROM challenge_applications WHERE id = $1`, [uniApp])).toEqual([
        { status: 'not_selected' },
      ]);
      expect(await db.query(`SELECT 1 FROM funding_ledger WHERE challenge_id = $1`, [challengeId])).toEqual([]);
    });
  });
});

function awardBody(
  winners: string[],
  funding: number,
): { agreement: Record<string, unknown>; split: Array<{ applicationId: string; amountYuan: number }> } {
  const each = Math.floor(funding / winners.length);
  return {
    agreement: {
      signedOn: todayInHarbin(),
      issuerSignatory: '王总（示例甲科技有限公司）',
      bureauSignatory: '赵处长（示例市科技局）',
      winnerSignatories: winners.map((id, i) => ({ applicationId: id, name: `揭榜方代表${i + 1}` })),
      terms: '三方协议（示例）：知识产权共有，分期拨付，按节点验收。',
    },
    split: winners.map((id, i) => ({
      applicationId: id,
      amountYuan: i === winners.length - 1 ? funding - each * (winners.length - 1) : each,
    })),
  };
}
