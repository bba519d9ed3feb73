import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { createCast, type Cast } from './factories/cast.js';
import {
  acceptMembership,
  applicationBody,
  challengeBody,
  challengeWithApplications,
  closeApplicationsEarly,
  createChallenge,
  daysFromNow,
  pastDeadline,
  publishChallenge,
  submitApplication,
} from './factories/challenges.js';
import { postCapability, postNeed } from './factories/listings.js';
import { until } from './factories/wait.js';
import { createTestApp, type TestApp } from './setup/test-app.js';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const pdf = (size = 2000) => Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(size - 9, 0x41)]);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('揭榜挂帅: challenges, applications, attachments, the hall', () => {
  let t: TestApp;
  let c: Cast;
  let db: DataSource;
  const dir = mkdtempSync(path.join(tmpdir(), 'attachments-'));

  beforeAll(async () => {
    t = await createTestApp({ ATTACHMENTS_DIR: dir });
    c = await createCast(t);
    db = t.app.get(DataSource);
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const events = async (id: string) =>
    db.query<Array<{ kind: string; from_status: string | null; to_status: string | null }>>(
      `SELECT kind, from_status, to_status FROM challenge_events WHERE challenge_id = $1 ORDER BY id`,
      [id],
    );
  const inbox = async (userEmail: string) =>
    db.query<Array<{ type: string; title: string; body: string }>>(
      `SELECT e.type, e.title, e.body FROM notifications n JOIN notification_events e ON e.id = n.event_id
         JOIN users u ON u.id = n.user_id WHERE u.email = $1 ORDER BY n.created_at`,
      [userEmail],
    );

  it('refuses bad challenges with 400 naming each field, and writes nothing', async () => {
    const before = (await db.query(`SELECT count(*)::int AS n FROM challenges`))[0].n;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ indicators: [] }, 'indicators'],
      [{ indicators: [{ name: '容量', target: '80', unit: '%' }] }, 'indicators[0].verification'],
      [{ fundingTotalYuan: 900_000 }, 'fundingSources'],
      [
        {
          milestones: [
            { title: '一期', dueOn: '2099-01-01', sharePct: 50 },
            { title: '二期', dueOn: '2099-02-01', sharePct: 40 },
          ],
        },
        'milestones',
      ],
      [
        {
          milestones: [
            { title: '一期', dueOn: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10), sharePct: 100 },
          ],
        },
        'milestones[0].dueOn',
      ],
      [{ applicationDeadline: new Date(Date.now() - 60_000).toISOString() }, 'applicationDeadline'],
      [{ maxWinners: 3 }, 'maxWinners'],
      [{ multipleWinners: true, maxWinners: 1 }, 'maxWinners'],
      [
        { criteriaWeights: { technical_merit: 50, feasibility: 25, team: 15, budget: 10, local_conversion: 20 } },
        'criteriaWeights',
      ],
      [
        { eligibility: { organizationKinds: ['university'], minTeamSize: 5, maxTeamSize: 2 } },
        'eligibility.maxTeamSize',
      ],
      [{ sectorKeys: ['hitech:nope'] }, 'sectorKeys[0]'],
      [{ title: undefined }, 'title'],
    ];
    for (const [override, field] of cases) {
      const r = await t.http().post('/api/v1/challenges').set(auth(c.coordinator)).send(challengeBody(override));
      expect([r.status, field]).toEqual([400, field]);
      expect((r.body.details as Array<{ field: string }>).map((d) => d.field)).toContain(field);
    }
    expect((await db.query(`SELECT count(*)::int AS n FROM challenges`))[0].n).toBe(before);
  });

  it('runs an enterprise’s draft through approval: returned, sent again, published; every step audited and told', async () => {
    // Universities cannot post; an enterprise cannot publish by itself.
    expect((await t.http().post('/api/v1/challenges').set(auth(c.university)).send(challengeBody())).status).toBe(403);
    expect(
      (
        await t
          .http()
          .post('/api/v1/challenges')
          .set(auth(c.enterpriseA))
          .send(challengeBody({ publish: true }))
      ).status,
    ).toBe(403);
    const id = await createChallenge(t, c.enterpriseA);
    const get = (token: string) => t.http().get(`/api/v1/challenges/${id}`).set(auth(token));
    expect((await get(c.enterpriseA)).body).toMatchObject({ status: 'draft', viewerRole: 'issuer' });
    // A draft is its issuer's and the coordinators': others get 404, and do not find it in the list.
    expect((await get(c.enterpriseB)).status).toBe(404);
    expect((await get(c.university)).status).toBe(404);
    const listed = await t.http().get('/api/v1/challenges').set(auth(c.enterpriseB));
    expect((listed.body.items as Array<{ id: string }>).map((x) => x.id)).not.toContain(id);
    const move = (token: string, body: Record<string, unknown>) =>
      t.http().post(`/api/v1/challenges/${id}/transitions`).set(auth(token)).send(body);
    // The issuer may not publish: 403; an illegal step: 409 naming the allowed ones.
    expect((await move(c.enterpriseA, { to: 'published' })).status).toBe(403);
    const illegal = await move(c.coordinator, { to: 'reviewing' });
    expect(illegal.status).toBe(409);
    expect(illegal.body.details).toEqual({
      currentStatus: 'draft',
      allowed: ['pending_approval', 'published', 'failed'],
    });
    expect((await move(c.coordinator, { to: 'notice' })).status).toBe(400);
    expect((await move(c.enterpriseA, { to: 'pending_approval' })).body.status).toBe('pending_approval');
    expect(await inbox('coord@example.org')).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'challenge.pending_approval' })]),
    );
    // Returning needs a note.
    expect((await move(c.coordinator, { to: 'draft' })).status).toBe(400);
    expect(
      (await move(c.coordinator, { to: 'draft', note: '请量化指标 / make the indicators measurable' })).status,
    ).toBe(200);
    expect(await inbox('a@example.org')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'challenge.returned', body: expect.stringContaining('请量化指标') }),
      ]),
    );
    const patched = await t
      .http()
      .patch(`/api/v1/challenges/${id}`)
      .set(auth(c.enterpriseA))
      .send({ indicators: [{ name: '容量保持率', target: '≥85', unit: '%', verification: '第三方检测' }] });
    expect(patched.status).toBe(200);
    expect(patched.body.indicators[0].target).toBe('≥85');
    expect((await move(c.enterpriseA, { to: 'pending_approval' })).status).toBe(200);
    const published = await move(c.coordinator, { to: 'published' });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'published', open: true });
    // Now public: others see it; the issuer may no longer edit; coordinators only texts and a later deadline.
    expect((await get(c.enterpriseB)).body.viewerRole).toBe('other');
    expect(
      (await t.http().patch(`/api/v1/challenges/${id}`).set(auth(c.enterpriseA)).send({ title: '新标题' })).status,
    ).toBe(403);
    const locked = await t
      .http()
      .patch(`/api/v1/challenges/${id}`)
      .set(auth(c.coordinator))
      .send({ fundingTotalYuan: 5 });
    expect(locked.status).toBe(409);
    expect(locked.body.details.fields).toEqual(['fundingTotalYuan']);
    const earlier = await t
      .http()
      .patch(`/api/v1/challenges/${id}`)
      .set(auth(c.coordinator))
      .send({ applicationDeadline: new Date(Date.now() + 86_400_000).toISOString() });
    expect(earlier.status).toBe(400);
    expect(earlier.body.details[0].field).toBe('applicationDeadline');
    expect((await events(id)).map((e) => `${e.kind}:${e.from_status ?? ''}>${e.to_status ?? ''}`)).toEqual([
      'status:>draft',
      'status:draft>pending_approval',
      'status:pending_approval>draft',
      'edit:>',
      'status:draft>pending_approval',
      'status:pending_approval>published',
    ]);
    const trail = await t.http().get(`/api/v1/challenges/${id}/events`).set(auth(c.enterpriseA));
    expect(trail.status).toBe(200);
    expect((await t.http().get(`/api/v1/challenges/${id}/events`).set(auth(c.university))).status).toBe(403);
  });

  it('checks eligibility at submission and names the failed rule; one live application per organisation', async () => {
    const id = await publishChallenge(t, c.coordinator, {
      issuerOrganizationId: c.ids.entA,
      eligibility: {
        organizationKinds: ['university', 'research_institute'],
        districts: ['南岗'],
        allowOutside: false,
        minTrl: 5,
        minTeamSize: 3,
        maxTeamSize: 10,
      },
    });
    const apply = (token: string, body: Record<string, unknown> = {}) =>
      t.http().post(`/api/v1/challenges/${id}/applications`).set(auth(token)).send(applicationBody(body));
    // Kind: an enterprise may not lead here.
    const kind = await apply(c.enterpriseB);
    expect(kind.status).toBe(422);
    expect(kind.body.message).toMatch(/单位类型/);
    expect(kind.body.details).toEqual([
      expect.objectContaining({ field: 'organizationKind', rule: 'organization_kind' }),
      expect.objectContaining({ field: 'district', rule: 'district', message: expect.stringMatching(/南岗/) }),
    ]);
    // Outside Harbin, when only Harbin may lead.
    const outside = await apply(c.institute);
    expect(outside.status).toBe(422);
    expect(outside.body.details).toEqual([expect.objectContaining({ rule: 'outside' })]);
    // TRL and team size, both named.
    const weak = await apply(c.university, { trl: 3, teamSize: 12 });
    expect(weak.status).toBe(422);
    expect((weak.body.details as Array<{ rule: string }>).map((d) => d.rule)).toEqual(['trl', 'team_size']);
    expect(weak.body.message).toMatch(/技术成熟度/);
    // A consortium member of a kind not accepted.
    const member = await apply(c.university, { members: [{ organizationId: c.ids.entB, role: '中试' }] });
    expect(member.status).toBe(422);
    expect(member.body.details[0]).toMatchObject({ field: 'members[0].organizationId', rule: 'organization_kind' });
    // The issuer cannot apply; bad input is 400.
    expect((await apply(c.enterpriseA)).status).toBe(403);
    expect((await apply(c.university, { trl: 11 })).status).toBe(400);
    expect(
      (await db.query(`SELECT count(*)::int AS n FROM challenge_applications WHERE challenge_id = $1`, [id]))[0].n,
    ).toBe(0);
    // Eligible: the university leads a consortium with the institute (a member need not be in Harbin).
    const ok = await apply(c.university, { members: [{ organizationId: c.ids.inst, role: '材料研发' }] });
    expect(ok.status).toBe(201);
    expect(ok.body.members).toEqual([
      expect.objectContaining({ isLead: true, organization: expect.objectContaining({ id: c.ids.uni }) }),
      expect.objectContaining({
        isLead: false,
        role: '材料研发',
        organization: expect.objectContaining({ id: c.ids.inst }),
      }),
    ]);
    // The institute is now in a live application: it cannot join another.
    const again = await apply(c.university);
    expect(again.status).toBe(409);
    // The institute is invited (told so), not yet a member.
    expect(await inbox('i@example.org')).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'challenge.membership_invited' })]),
    );
  });

  it('lets an applicant see only its own application; withdraw until the deadline, then 409', async () => {
    const id = await publishChallenge(t, c.coordinator, { issuerOrganizationId: c.ids.entA });
    const uniApp = await submitApplication(t, c.university, id);
    const instApp = await submitApplication(t, c.institute, id, { title: '另一方案' });
    const mine = await t.http().get(`/api/v1/challenges/${id}/applications`).set(auth(c.university));
    expect((mine.body.items as Array<{ id: string }>).map((x) => x.id)).toEqual([uniApp]);
    expect(
      (await t.http().get(`/api/v1/challenges/${id}/applications/${instApp}`).set(auth(c.university))).status,
    ).toBe(404);
    expect(
      (await t.http().get(`/api/v1/challenges/${id}/applications/${uniApp}`).set(auth(c.enterpriseB))).status,
    ).toBe(404);
    // The issuer does not read the applications either (the panel does).
    expect((await t.http().get(`/api/v1/challenges/${id}/applications`).set(auth(c.enterpriseA))).body.items).toEqual(
      [],
    );
    const all = await t.http().get(`/api/v1/challenges/${id}/applications`).set(auth(c.coordinator));
    expect(all.body.items).toHaveLength(2);
    // Another organisation cannot withdraw it; the lead can, before the deadline, and may apply again.
    expect(
      (await t.http().post(`/api/v1/challenges/${id}/applications/${uniApp}/withdraw`).set(auth(c.institute)).send({}))
        .status,
    ).toBe(404);
    const w = await t
      .http()
      .post(`/api/v1/challenges/${id}/applications/${uniApp}/withdraw`)
      .set(auth(c.university))
      .send({});
    expect(w.status).toBe(200);
    expect(w.body).toMatchObject({ status: 'withdrawn', withdrawnAt: expect.any(String) });
    const second = await submitApplication(t, c.university, id);
    // Past the deadline: no withdrawal, no change, no new application; the review may begin.
    await pastDeadline(t, id);
    const late = await t
      .http()
      .post(`/api/v1/challenges/${id}/applications/${second}/withdraw`)
      .set(auth(c.university))
      .send({});
    expect(late.status).toBe(409);
    expect(late.body.message).toMatch(/申报已截止/);
    expect(
      (await t.http().patch(`/api/v1/challenges/${id}/applications/${second}`).set(auth(c.university)).send({ trl: 7 }))
        .status,
    ).toBe(409);
    expect(
      (await t.http().post(`/api/v1/challenges/${id}/applications`).set(auth(c.enterpriseB)).send(applicationBody()))
        .status,
    ).toBe(409);
    const review = await t
      .http()
      .post(`/api/v1/challenges/${id}/transitions`)
      .set(auth(c.coordinator))
      .send({ to: 'reviewing' });
    expect(review.body.status).toBe('reviewing');
    expect((await db.query(`SELECT status FROM challenge_applications WHERE id = $1`, [second]))[0].status).toBe(
      'submitted',
    );
  });

  it('re-checks eligibility when an application changes; a later deadline is announced to applicants', async () => {
    const id = await publishChallenge(t, c.coordinator, {
      issuerOrganizationId: c.ids.entA,
      eligibility: { organizationKinds: ['university', 'research_institute'], minTrl: 5 },
    });
    const appId = await submitApplication(t, c.university, id);
    const patch = (token: string, body: Record<string, unknown>) =>
      t.http().patch(`/api/v1/challenges/${id}/applications/${appId}`).set(auth(token)).send(body);
    const weak = await patch(c.university, { trl: 4 });
    expect(weak.status).toBe(422);
    expect(weak.body.details[0].rule).toBe('trl');
    expect((await patch(c.university, { version: 99, trl: 7 })).status).toBe(409);
    const ok = await patch(c.university, { trl: 7, members: [{ organizationId: c.ids.inst, role: '检测' }] });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ trl: 7, version: 2 });
    expect(ok.body.members).toHaveLength(2);
    // A member of the consortium reads it but may not change it.
    expect((await t.http().get(`/api/v1/challenges/${id}/applications/${appId}`).set(auth(c.institute))).status).toBe(
      200,
    );
    expect((await patch(c.institute, { trl: 8 })).status).toBe(403);
    const later = new Date(Date.now() + 60 * 86_400_000).toISOString();
    const moved = await t
      .http()
      .patch(`/api/v1/challenges/${id}`)
      .set(auth(c.coordinator))
      .send({ applicationDeadline: later });
    expect(moved.status).toBe(200);
    expect(new Date(moved.body.applicationDeadline as string).toISOString()).toBe(later);
    expect(await inbox('u@example.org')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'challenge.updated', title: expect.stringContaining('延至') }),
      ]),
    );
    // The issuer reads the challenge's own steps only: no applications in its trail.
    const trail = await t.http().get(`/api/v1/challenges/${id}/events`).set(auth(c.enterpriseA));
    expect((trail.body.items as Array<{ kind: string }>).map((e) => e.kind)).toEqual(['status', 'status', 'edit']);
    const full = await t.http().get(`/api/v1/challenges/${id}/events`).set(auth(c.coordinator));
    expect((full.body.items as Array<{ kind: string }>).map((e) => e.kind)).toEqual(
      expect.arrayContaining(['application', 'edit']),
    );
  });

  it('gives other test files a challenge in review with two applications (factory)', async () => {
    const { challengeId, applicationIds } = await challengeWithApplications(t, c, { multipleWinners: true });
    const got = await t.http().get(`/api/v1/challenges/${challengeId}`).set(auth(c.coordinator));
    expect(got.body).toMatchObject({ status: 'reviewing', multipleWinners: true, maxWinners: 2, applicationCount: 2 });
    expect(applicationIds).toHaveLength(2);
    expect(await inbox('i@example.org')).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'challenge.reviewing' })]),
    );
  });

  it('closes applications early only with force and a note', async () => {
    const id = await publishChallenge(t, c.coordinator, { issuerOrganizationId: c.ids.entB });
    const move = (body: Record<string, unknown>) =>
      t.http().post(`/api/v1/challenges/${id}/transitions`).set(auth(c.coordinator)).send(body);
    expect((await move({ to: 'reviewing' })).status).toBe(409);
    expect((await move({ to: 'reviewing', force: true })).status).toBe(400);
    expect((await closeApplicationsEarly(t, c.coordinator, id)).status).toBe('reviewing');
    expect((await move({ to: 'failed' })).status).toBe(400);
    const failed = await move({ to: 'failed', reason: '经费未落实 / funding withdrawn' });
    expect(failed.body).toMatchObject({ status: 'failed', closeReason: '经费未落实 / funding withdrawn' });
    const final = await move({ to: 'reviewing' });
    expect(final.status).toBe(409);
    expect(final.body.details.allowed).toEqual([]);
  });

  it('stores PDF attachments with their checksum, refuses too large, not PDF, wrong checksum', async () => {
    const id = await publishChallenge(t, c.coordinator, { issuerOrganizationId: c.ids.entA });
    const appId = await submitApplication(t, c.university, id);
    const url = `/api/v1/challenges/${id}/applications/${appId}/attachments`;
    const file = pdf(5000);
    const up = (token: string, body: Buffer, query: string, type = 'application/pdf') =>
      t.http().post(`${url}?${query}`).set(auth(token)).set('content-type', type).send(body);
    const big = Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(20 * 1024 * 1024 + 10)]);
    const tooLarge = await up(c.university, big, 'filename=big.pdf');
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.message).toMatch(/20 MB/);
    const notPdf = await up(c.university, Buffer.from('PK\x03\x04 a zip file'), 'filename=a.pdf');
    expect(notPdf.status).toBe(400);
    expect(notPdf.body.details[0].field).toBe('body');
    expect((await up(c.university, file, 'filename=a.pdf', 'image/png')).status).toBe(415);
    const wrong = await up(c.university, file, `filename=a.pdf&sha256=${'0'.repeat(64)}`);
    expect(wrong.status).toBe(400);
    expect(wrong.body.details[0].field).toBe('sha256');
    expect((await up(c.institute, file, 'filename=a.pdf')).status).toBe(404);
    expect(readdirSync(dir)).toEqual([]);
    const ok = await up(c.university, file, `filename=${encodeURIComponent('技术方案.pdf')}&sha256=${sha(file)}`);
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ filename: '技术方案.pdf', sizeBytes: 5000, sha256: sha(file) });
    expect(readdirSync(dir)).toEqual([ok.body.id]);
    const download = (token: string) =>
      t
        .http()
        .get(`${url}/${ok.body.id}`)
        .set(auth(token))
        .buffer(true)
        .parse((res, cb) => {
          const parts: Buffer[] = [];
          res.on('data', (d: Buffer) => parts.push(d));
          res.on('end', () => cb(null, Buffer.concat(parts)));
        });
    const got = await download(c.coordinator);
    expect(got.status).toBe(200);
    expect(got.headers['x-checksum-sha256']).toBe(sha(file));
    expect(Buffer.compare(got.body as Buffer, file)).toBe(0);
    expect((await download(c.institute)).status).toBe(404);
    // A damaged file is caught by its checksum.
    writeFileSync(path.join(dir, ok.body.id), Buffer.concat([file.subarray(0, 100), Buffer.from('tampered')]));
    const damaged = await download(c.university);
    expect(damaged.status).toBe(409);
    expect(damaged.body.message ?? JSON.parse(String(damaged.body)).message).toMatch(/校验和/);
    expect((await events(id)).map((e) => e.kind)).toContain('attachment');
  });

  it('keeps a restricted source need restricted; the hall shows public challenges without sign-in', async () => {
    const needId = await postNeed(t, c.enterpriseB, { visibility: 'restricted', title: '保密：某型号齿轮箱异响' });
    // Its words are not copied: the public text must be written.
    const missing = await t
      .http()
      .post('/api/v1/challenges')
      .set(auth(c.coordinator))
      .send(challengeBody({ sourceNeedId: needId, title: undefined, problem: undefined }));
    expect(missing.status).toBe(400);
    expect((missing.body.details as Array<{ field: string }>).map((d) => d.field)).toEqual(['title', 'problem']);
    const id = await createChallenge(t, c.coordinator, {
      sourceNeedId: needId,
      publish: true,
      title: '风电齿轮箱低温润滑与降噪（公开榜单）',
    });
    const asCoordinator = await t.http().get(`/api/v1/challenges/${id}`).set(auth(c.coordinator));
    expect(asCoordinator.body.sourceNeed).toMatchObject({ id: needId, visibility: 'restricted' });
    expect(asCoordinator.body.issuer.id).toBe(c.ids.entB);
    const asOther = await t.http().get(`/api/v1/challenges/${id}`).set(auth(c.university));
    expect(asOther.body.sourceNeed).toBeNull();
    expect(JSON.stringify(asOther.body)).not.toContain(needId);
    const hall = await t.http().get('/api/v1/hall/challenges');
    expect(hall.status).toBe(200);
    expect((hall.body.items as Array<{ id: string }>).map((x) => x.id)).toContain(id);
    const draft = await createChallenge(t, c.enterpriseA, { title: '草稿不公开' });
    expect((hall.body.items as Array<{ id: string }>).map((x) => x.id)).not.toContain(draft);
    expect((await t.http().get(`/api/v1/hall/challenges/${draft}`)).status).toBe(404);
    const detail = await t.http().get(`/api/v1/hall/challenges/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ status: 'published', open: true, winners: [], objections: null });
    expect(detail.body.milestones).toHaveLength(2);
    expect(JSON.stringify(detail.body)).not.toContain(needId);
    expect(JSON.stringify(detail.body)).not.toContain('保密');
    // In notice: the intended winners, the last day and how to object.
    const appId = await submitApplication(t, c.university, id, {
      members: [{ organizationId: c.ids.inst, role: '材料' }],
    });
    await acceptMembership(t, c.institute, id, appId);
    await db.query(`UPDATE challenge_applications SET status = 'intended_winner' WHERE id = $1`, [appId]);
    await db.query(`UPDATE challenges SET status = 'notice', notice_ends_on = '2099-01-09' WHERE id = $1`, [id]);
    const notice = await t.http().get(`/api/v1/hall/challenges/${id}`);
    expect(notice.body.winners).toEqual([
      expect.objectContaining({
        lead: '示例理工大学',
        consortium: expect.arrayContaining([expect.objectContaining({ name: '示例材料研究所' })]),
      }),
    ]);
    expect(notice.body.objections).toMatchObject({ until: '2099-01-09', how: expect.stringContaining('objections') });
    // Back to review only through an upheld objection (challenge-reviews), not the plain transition.
    const back = await t
      .http()
      .post(`/api/v1/challenges/${id}/transitions`)
      .set(auth(c.coordinator))
      .send({ to: 'reviewing' });
    expect(back.status).toBe(400);
    expect(back.body.details[0].field).toBe('to');
  });

  it('makes a challenge from a confirmed common problem (its text, sectors and lead enterprise)', async () => {
    const unknown = await t
      .http()
      .post('/api/v1/challenges')
      .set(auth(c.coordinator))
      .send(challengeBody({ commonProblemId: '00000000-0000-4000-8000-000000000000' }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.details[0].field).toBe('commonProblemId');
    const needId = await postNeed(t, c.enterpriseB, { title: '寒地风电齿轮箱润滑' });
    const [p] = await db.query<Array<{ id: string }>>(
      `INSERT INTO common_problems (status, title, summary, shared_terms, sector_keys, lead_need_id, fingerprint)
       VALUES ('confirmed', '寒地装备低温润滑共性难题', '多家企业的设备在零下30度润滑失效。', '{润滑,低温}', '{hitech:0603}', $1, 'test')
       RETURNING id`,
      [needId],
    );
    await db.query(`INSERT INTO common_problem_needs (problem_id, need_id) VALUES ($1, $2)`, [p.id, needId]);
    // Enterprises do not make challenges from common problems.
    expect(
      (
        await t
          .http()
          .post('/api/v1/challenges')
          .set(auth(c.enterpriseB))
          .send(challengeBody({ commonProblemId: p.id }))
      ).status,
    ).toBe(403);
    const r = await t
      .http()
      .post('/api/v1/challenges')
      .set(auth(c.coordinator))
      .send(challengeBody({ commonProblemId: p.id, title: undefined, problem: undefined, keywords: undefined }));
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      title: '寒地装备低温润滑共性难题',
      problem: '多家企业的设备在零下30度润滑失效。',
      commonProblemId: p.id,
      keywords: ['润滑', '低温'],
      issuer: expect.objectContaining({ id: c.ids.entB }),
      status: 'draft',
    });
  });

  it('keeps a draft or pending challenge closed as failed private; a published one closed as failed stays public', async () => {
    const draft = await createChallenge(t, c.enterpriseA, { title: '未发布即终止的草稿' });
    const pending = await createChallenge(t, c.enterpriseA, { title: '待审批时终止' });
    expect(
      (
        await t
          .http()
          .post(`/api/v1/challenges/${pending}/transitions`)
          .set(auth(c.enterpriseA))
          .send({ to: 'pending_approval' })
      ).status,
    ).toBe(200);
    const published = await publishChallenge(t, c.coordinator, { title: '发布后终止的榜单' });
    for (const id of [draft, pending, published]) {
      const r = await t
        .http()
        .post(`/api/v1/challenges/${id}/transitions`)
        .set(auth(c.coordinator))
        .send({ to: 'failed', reason: '内部原因：经费未落实 / internal: no funding' });
      expect([id, r.status]).toEqual([id, 200]);
    }
    const hall = await t.http().get('/api/v1/hall/challenges?status=failed&pageSize=100');
    const hallIds = (hall.body.items as Array<{ id: string }>).map((x) => x.id);
    expect(hallIds).toContain(published);
    expect(hallIds).not.toContain(draft);
    expect(hallIds).not.toContain(pending);
    expect((await t.http().get(`/api/v1/hall/challenges/${draft}`)).status).toBe(404);
    expect((await t.http().get(`/api/v1/hall/challenges/${pending}`)).status).toBe(404);
    const shown = await t.http().get(`/api/v1/hall/challenges/${published}`);
    expect(shown.body).toMatchObject({ status: 'failed', closeReason: expect.stringContaining('经费') });
    // Another organisation: 404 and not in its list; the issuer and coordinators still see them.
    expect((await t.http().get(`/api/v1/challenges/${pending}`).set(auth(c.enterpriseB))).status).toBe(404);
    const listed = await t.http().get('/api/v1/challenges?status=failed&pageSize=100').set(auth(c.university));
    expect((listed.body.items as Array<{ id: string }>).map((x) => x.id)).toEqual(
      expect.not.arrayContaining([draft, pending]),
    );
    expect((listed.body.items as Array<{ id: string }>).map((x) => x.id)).toContain(published);
    expect((await t.http().get(`/api/v1/challenges/${pending}`).set(auth(c.enterpriseA))).status).toBe(200);
    expect((await t.http().get(`/api/v1/challenges/${draft}`).set(auth(c.coordinator))).status).toBe(200);
  });

  it('adds consortium members only with their consent: invited, accepted, declined, left; only accepted count', async () => {
    const id = await publishChallenge(t, c.coordinator, { issuerOrganizationId: c.ids.entA });
    const base = `/api/v1/challenges/${id}/applications`;
    const answer = (token: string, appId: string, body: Record<string, unknown>) =>
      t.http().post(`${base}/${appId}/membership`).set(auth(token)).send(body);
    const statusOf = (body: { members: Array<{ organization: { id: string }; status: string }> }, org: string) =>
      body.members.find((x) => x.organization.id === org)?.status;
    const created = await t
      .http()
      .post(base)
      .set(auth(c.university))
      .send(
        applicationBody({
          members: [
            { organizationId: c.ids.inst, role: '材料研发' },
            { organizationId: c.ids.entB, role: '中试' },
          ],
        }),
      );
    expect(created.status).toBe(201);
    const appId = created.body.id as string;
    expect(statusOf(created.body, c.ids.uni)).toBe('accepted');
    expect(statusOf(created.body, c.ids.inst)).toBe('invited');
    expect(statusOf(created.body, c.ids.entB)).toBe('invited');
    // The invited organisations are told, and read the application (read-only) while invited.
    expect(await inbox('i@example.org')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'challenge.membership_invited', body: expect.stringContaining('membership') }),
      ]),
    );
    expect((await t.http().get(`${base}/${appId}`).set(auth(c.institute))).status).toBe(200);
    expect((await t.http().patch(`${base}/${appId}`).set(auth(c.institute)).send({ trl: 8 })).status).toBe(403);
    // Listed without consent binds no one: enterprise B applies itself.
    const own = await submitApplication(t, c.enterpriseB, id, { title: '乙公司自己的方案' });
    // …and then cannot accept the university's invitation (it is in another live application): 409, nothing changes.
    const taken = await answer(c.enterpriseB, appId, { accept: true });
    expect(taken.status).toBe(409);
    expect(taken.body.message).toMatch(/示例乙制造有限公司/);
    const declined = await answer(c.enterpriseB, appId, { accept: false, note: '我们自己揭榜 / we apply ourselves' });
    expect(declined.status).toBe(200);
    expect(statusOf(declined.body, c.ids.entB)).toBe('declined');
    expect((await t.http().get(`${base}/${appId}`).set(auth(c.enterpriseB))).status).toBe(404);
    // Only a member of the invited organisation answers; bad input is 400.
    expect((await answer(c.university, appId, { accept: true })).status).toBe(403);
    expect((await answer(c.enterpriseA, appId, { accept: true })).status).toBe(404);
    expect((await answer(c.institute, appId, { accept: 'yes' })).status).toBe(400);
    const accepted = await answer(c.institute, appId, { accept: true });
    expect(accepted.status).toBe(200);
    expect(statusOf(accepted.body, c.ids.inst)).toBe('accepted');
    const again = await answer(c.institute, appId, { accept: true });
    expect(again.status).toBe(409);
    expect(again.body.details).toEqual({ currentStatus: 'accepted', allowed: ['declined'] });
    expect(await inbox('u@example.org')).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'challenge.membership_accepted' })]),
    );
    // Accepted, the institute is bound: it cannot lead an application of its own.
    expect((await t.http().post(base).set(auth(c.institute)).send(applicationBody())).status).toBe(409);
    // It may leave until the deadline, and the lead may invite it again.
    const left = await answer(c.institute, appId, { accept: false });
    expect(statusOf(left.body, c.ids.inst)).toBe('declined');
    expect((await answer(c.institute, appId, { accept: true })).body.details).toEqual({
      currentStatus: 'declined',
      allowed: [],
    });
    const reinvited = await t
      .http()
      .patch(`${base}/${appId}`)
      .set(auth(c.university))
      .send({ members: [{ organizationId: c.ids.inst, role: '材料研发' }] });
    expect(reinvited.status).toBe(200);
    expect(statusOf(reinvited.body, c.ids.inst)).toBe('invited');
    expect(statusOf((await answer(c.institute, appId, { accept: true })).body, c.ids.inst)).toBe('accepted');
    const kinds = (
      await db.query<Array<{ to_status: string }>>(
        `SELECT to_status FROM challenge_events WHERE challenge_id = $1 AND kind = 'membership' ORDER BY id`,
        [id],
      )
    ).map((e) => e.to_status);
    expect(kinds).toEqual(['declined', 'accepted', 'declined', 'accepted']);
    // Past the deadline no one answers.
    await pastDeadline(t, id);
    expect((await answer(c.institute, appId, { accept: false })).status).toBe(409);
    // Public views name accepted members only.
    await db.query(`UPDATE challenge_applications SET status = 'intended_winner' WHERE id = ANY($1::uuid[])`, [
      [appId, own],
    ]);
    await db.query(`UPDATE challenges SET status = 'notice', notice_ends_on = '2099-01-09' WHERE id = $1`, [id]);
    const notice = await t.http().get(`/api/v1/hall/challenges/${id}`);
    const uniWinner = (notice.body.winners as Array<{ lead: string; consortium: Array<{ name: string }> }>).find(
      (w) => w.lead === '示例理工大学',
    )!;
    expect(uniWinner.consortium.map((x) => x.name).sort()).toEqual(['示例材料研究所', '示例理工大学'].sort());
  });

  it('lets invitations still unanswered lapse when applications close, audited and told', async () => {
    const id = await publishChallenge(t, c.coordinator, { issuerOrganizationId: c.ids.entA });
    const appId = await submitApplication(t, c.institute, id, {
      members: [{ organizationId: c.ids.uni, role: '测试分析' }],
    });
    // Unanswered, the university is not in the consortium: it may still apply elsewhere, and is not an applicant.
    expect((await t.http().get(`/api/v1/challenges/${id}`).set(auth(c.university))).body.viewerRole).toBe('other');
    await closeApplicationsEarly(t, c.coordinator, id);
    const [member] = await db.query<Array<{ status: string; responded_at: Date | null }>>(
      `SELECT status, responded_at FROM challenge_application_members WHERE application_id = $1 AND NOT is_lead`,
      [appId],
    );
    expect(member).toMatchObject({ status: 'declined', responded_at: expect.any(Date) });
    const lapsed = await db.query<Array<{ data: { lapsed: boolean }; actor_id: string | null }>>(
      `SELECT data, actor_id FROM challenge_events WHERE challenge_id = $1 AND kind = 'membership'`,
      [id],
    );
    expect(lapsed).toEqual([{ data: expect.objectContaining({ lapsed: true }), actor_id: null }]);
    expect(await inbox('u@example.org')).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'challenge.membership_lapsed' })]),
    );
    expect((await t.http().get(`/api/v1/challenges/${id}/applications/${appId}`).set(auth(c.university))).status).toBe(
      404,
    );
  });

  it('keeps restricted needs out of a challenge made from a common problem (terms and issuer)', async () => {
    const open = await postNeed(t, c.enterpriseA, {
      title: '寒地装备润滑失效',
      description: '设备在零下30度时润滑脂凝固，需耐寒润滑方案。',
      keywords: ['润滑'],
    });
    const secret = await postNeed(t, c.enterpriseB, {
      visibility: 'restricted',
      title: '保密：某型密封圈泄漏',
      description: '某型号密封圈在低温润滑条件下泄漏。',
      keywords: ['密封圈', '润滑'],
      budget: { min: 1_000_000, max: 9_000_000 },
    });
    const [p] = await db.query<Array<{ id: string }>>(
      `INSERT INTO common_problems (status, title, summary, shared_terms, sector_keys, lead_need_id, fingerprint)
       VALUES ('confirmed', '寒地装备润滑共性难题', '多家企业的设备润滑失效。', '{润滑,密封圈}', '{hitech:0603}', $1, 'test-restricted')
       RETURNING id`,
      [secret],
    );
    await db.query(`INSERT INTO common_problem_needs (problem_id, need_id) VALUES ($1, $2), ($1, $3)`, [
      p.id,
      open,
      secret,
    ]);
    const before = (await db.query(`SELECT count(*)::int AS n FROM challenges`))[0].n;
    const body = challengeBody({ commonProblemId: p.id, title: undefined, problem: undefined, keywords: undefined });
    // The lead need is restricted: its enterprise is not made the issuer by default.
    const noIssuer = await t.http().post('/api/v1/challenges').set(auth(c.coordinator)).send(body);
    expect(noIssuer.status).toBe(400);
    expect(noIssuer.body.details).toEqual([
      expect.objectContaining({ field: 'issuerOrganizationId', message: expect.stringContaining('受限') }),
    ]);
    expect((await db.query(`SELECT count(*)::int AS n FROM challenges`))[0].n).toBe(before);
    const r = await t
      .http()
      .post('/api/v1/challenges')
      .set(auth(c.coordinator))
      .send({ ...body, issuerOrganizationId: c.ids.entA });
    expect(r.status).toBe(201);
    expect(r.body.keywords).toEqual(['润滑']);
    expect(JSON.stringify(r.body)).not.toContain('密封圈');
    expect(r.body.issuer.id).toBe(c.ids.entA);
  });

  it('requires a real issuing enterprise, never the coordinator’s own organisation', async () => {
    const before = (await db.query(`SELECT count(*)::int AS n FROM challenges`))[0].n;
    const post = (body: Record<string, unknown>) =>
      t.http().post('/api/v1/challenges').set(auth(c.coordinator)).send(challengeBody(body));
    const none = await post({});
    expect(none.status).toBe(400);
    expect(none.body.details).toEqual([expect.objectContaining({ field: 'issuerOrganizationId' })]);
    for (const org of [c.ids.gov, c.ids.uni]) {
      const wrong = await post({ issuerOrganizationId: org });
      expect(wrong.status).toBe(400);
      expect(wrong.body.details[0]).toMatchObject({
        field: 'issuerOrganizationId',
        message: expect.stringContaining('企业'),
      });
    }
    // Reported with the other fields' errors.
    const both = await post({ fundingTotalYuan: 900_000 });
    expect((both.body.details as Array<{ field: string }>).map((d) => d.field)).toEqual(
      expect.arrayContaining(['issuerOrganizationId', 'fundingSources']),
    );
    expect((await db.query(`SELECT count(*)::int AS n FROM challenges`))[0].n).toBe(before);
    const ok = await post({ issuerOrganizationId: c.ids.entB });
    expect(ok.status).toBe(201);
    expect(ok.body.issuer).toMatchObject({ id: c.ids.entB, kind: 'enterprise' });
  });

  it('lets the issuer edit only drafts: awaiting approval it takes the challenge back first; expectedVersion', async () => {
    const id = await createChallenge(t, c.enterpriseA, { title: '待审批不可改' });
    const move = (token: string, body: Record<string, unknown>) =>
      t.http().post(`/api/v1/challenges/${id}/transitions`).set(auth(token)).send(body);
    const patch = (token: string, body: Record<string, unknown>) =>
      t.http().patch(`/api/v1/challenges/${id}`).set(auth(token)).send(body);
    const sent = await move(c.enterpriseA, { to: 'pending_approval' });
    expect(sent.status).toBe(200);
    const refused = await patch(c.enterpriseA, { title: '偷偷改标题' });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/撤回为草稿/);
    expect(refused.body.details).toEqual({ currentStatus: 'pending_approval', allowed: ['draft'] });
    expect((await db.query(`SELECT title FROM challenges WHERE id = $1`, [id]))[0].title).toBe('待审批不可改');
    // A coordinator may still edit; the approval then names the version it read.
    const edited = await patch(c.coordinator, { title: '协调员修改后的标题' });
    expect(edited.status).toBe(200);
    const stale = await move(c.coordinator, { to: 'published', expectedVersion: sent.body.version });
    expect(stale.status).toBe(409);
    expect(stale.body.details).toMatchObject({
      currentStatus: 'pending_approval',
      currentVersion: edited.body.version,
    });
    expect((await move(c.coordinator, { to: 'published', expectedVersion: 0 })).status).toBe(400);
    // The issuer takes it back (no note needed), edits the draft, and sends it again.
    expect((await move(c.enterpriseA, { to: 'draft' })).status).toBe(200);
    expect((await patch(c.enterpriseA, { title: '发榜企业修改后的标题' })).status).toBe(200);
    const again = await move(c.enterpriseA, { to: 'pending_approval' });
    const published = await move(c.coordinator, { to: 'published', expectedVersion: again.body.version });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'published', title: '发榜企业修改后的标题' });
  });

  it('moves the milestones’ dates together with a later deadline after publication (not their titles or shares)', async () => {
    const id = await publishChallenge(t, c.coordinator, {
      milestones: [
        { title: '小试', sharePct: 40, dueOn: daysFromNow(60) },
        { title: '中试', sharePct: 60, dueOn: daysFromNow(200) },
      ],
    });
    const patch = (body: Record<string, unknown>) =>
      t.http().patch(`/api/v1/challenges/${id}`).set(auth(c.coordinator)).send(body);
    const before = await t.http().get(`/api/v1/challenges/${id}`).set(auth(c.coordinator));
    const later = new Date(Date.now() + 90 * 86_400_000).toISOString();
    // The deadline alone past the first milestone: 400 naming it (nothing changes).
    const alone = await patch({ applicationDeadline: later });
    expect(alone.status).toBe(400);
    expect(alone.body.details[0].field).toBe('milestones[0].dueOn');
    // Shares or titles do not change after publication: 409 naming the milestone.
    const share = await patch({
      applicationDeadline: later,
      milestones: [
        { title: '小试', sharePct: 50, dueOn: daysFromNow(120) },
        { title: '中试', sharePct: 50, dueOn: daysFromNow(220) },
      ],
    });
    expect(share.status).toBe(409);
    expect(share.body.details.fields).toEqual(['milestones[0]', 'milestones[1]']);
    const moved = await patch({
      applicationDeadline: later,
      milestones: [
        { title: '小试', sharePct: 40, dueOn: daysFromNow(120) },
        { title: '中试', sharePct: 60, dueOn: daysFromNow(220) },
      ],
    });
    expect(moved.status).toBe(200);
    expect(moved.body.milestones).toEqual([
      expect.objectContaining({
        id: before.body.milestones[0].id,
        title: '小试',
        sharePct: 40,
        dueOn: daysFromNow(120),
      }),
      expect.objectContaining({
        id: before.body.milestones[1].id,
        title: '中试',
        sharePct: 60,
        dueOn: daysFromNow(220),
      }),
    ]);
    const [edit] = await db.query<Array<{ data: { milestones: unknown[] } }>>(
      `SELECT data FROM challenge_events WHERE challenge_id = $1 AND kind = 'edit' ORDER BY id DESC LIMIT 1`,
      [id],
    );
    expect(edit.data.milestones).toHaveLength(2);
  });

  it('shows no organisation ids in the hall; paginates applications and the trail', async () => {
    const id = await publishChallenge(t, c.coordinator, { issuerOrganizationId: c.ids.entB, title: '分页测试榜单' });
    const hall = await t.http().get('/api/v1/hall/challenges?q=分页测试榜单');
    expect(hall.body.items).toHaveLength(1);
    expect(hall.body.items[0].issuer).toEqual({ name: '示例乙制造有限公司', kind: 'enterprise', district: '香坊' });
    expect(JSON.stringify(hall.body)).not.toContain(c.ids.entB);
    const detail = await t.http().get(`/api/v1/hall/challenges/${id}`);
    expect(detail.body.issuer).toEqual(hall.body.items[0].issuer);
    await submitApplication(t, c.university, id);
    await submitApplication(t, c.institute, id, { title: '第二份' });
    const page = await t.http().get(`/api/v1/challenges/${id}/applications?page=2&pageSize=1`).set(auth(c.coordinator));
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(page.body.items).toEqual([expect.objectContaining({ title: '第二份' })]);
    expect(
      (await t.http().get(`/api/v1/challenges/${id}/applications?pageSize=1000`).set(auth(c.coordinator))).status,
    ).toBe(400);
    const trail = await t.http().get(`/api/v1/challenges/${id}/events?pageSize=2`).set(auth(c.coordinator));
    expect(trail.body).toMatchObject({ total: 4, page: 1, pageSize: 2 });
    expect((trail.body.items as Array<{ kind: string }>).map((e) => e.kind)).toEqual(['status', 'status']);
  });

  it('lets a user upload one attachment at a time (429 with Retry-After meanwhile)', async () => {
    const id = await publishChallenge(t, c.coordinator, { issuerOrganizationId: c.ids.entA });
    const appId = await submitApplication(t, c.university, id);
    const url = `/api/v1/challenges/${id}/applications/${appId}/attachments`;
    const file = pdf(300_000);
    const slow = t
      .http()
      .post(`${url}?filename=slow.pdf`)
      .set(auth(c.university))
      .set('content-type', 'application/pdf')
      .set('content-length', String(file.length));
    slow.write(file.subarray(0, 1000));
    // The first upload is under way (its slot taken): a second by the same user meanwhile is refused.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const second = await t
      .http()
      .post(`${url}?filename=second.pdf`)
      .set(auth(c.university))
      .set('content-type', 'application/pdf')
      .send(pdf(2000));
    expect(second.status).toBe(429);
    expect(second.headers['retry-after']).toBeDefined();
    expect(second.body.message).toMatch(/正在上传/);
    slow.write(file.subarray(1000));
    const first = await slow;
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ sizeBytes: file.length, sha256: sha(file) });
    // Once it is done, the next one goes through.
    const next = await t
      .http()
      .post(`${url}?filename=next.pdf`)
      .set(auth(c.university))
      .set('content-type', 'application/pdf')
      .send(pdf(2000));
    expect(next.status).toBe(201);
  });

  it('invites the best capability owners at publication, with the matching engine’s reason', async () => {
    await postCapability(t, c.university);
    await postCapability(t, c.institute, { title: '锂电池低温电解液添加剂', district: 'outside' });
    await t.startWorker();
    const id = await publishChallenge(t, c.coordinator, { issuerOrganizationId: c.ids.entA });
    const list = await until(
      () => t.http().get(`/api/v1/challenges/${id}/invitations`).set(auth(c.coordinator)),
      (r) => r.body.state === 'done',
      30000,
    );
    expect(list.body.state).toBe('done');
    const orgs = (list.body.items as Array<{ organization: { id: string }; reason: { zh: string; en: string } }>).map(
      (x) => x.organization.id,
    );
    expect(orgs).toEqual(expect.arrayContaining([c.ids.uni]));
    expect(orgs).not.toContain(c.ids.entA);
    expect(list.body.items[0].reason.zh.length).toBeGreaterThan(0);
    expect(await inbox('u@example.org')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'challenge.invitation', body: expect.stringContaining('推荐理由') }),
      ]),
    );
    expect((await t.http().get(`/api/v1/challenges/${id}/invitations`).set(auth(c.enterpriseA))).status).toBe(403);
  });
});

describe('揭榜挂帅: attachments kept in PostgreSQL (no ATTACHMENTS_DIR)', () => {
  let t: TestApp;
  let c: Cast;
  beforeAll(async () => {
    t = await createTestApp();
    c = await createCast(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('stores the bytes and their checksum in the database and gives them back', async () => {
    const id = await publishChallenge(t, c.coordinator, { issuerOrganizationId: c.ids.entA });
    const appId = await submitApplication(t, c.university, id);
    const url = `/api/v1/challenges/${id}/applications/${appId}/attachments`;
    const file = pdf(3000);
    const up = await t
      .http()
      .post(`${url}?filename=plan.pdf`)
      .set(auth(c.university))
      .set('content-type', 'application/pdf')
      .send(file);
    expect(up.status).toBe(201);
    const [row] = await t.app
      .get(DataSource)
      .query(`SELECT storage, path, length(content)::int AS n, sha256 FROM challenge_attachments WHERE id = $1`, [
        up.body.id,
      ]);
    expect(row).toEqual({ storage: 'database', path: null, n: 3000, sha256: sha(file) });
    const got = await t.http().get(`${url}/${up.body.id}`).set(auth(c.university)).buffer(true);
    expect(got.status).toBe(200);
    expect(got.headers['x-checksum-sha256']).toBe(sha(file));
    const listed = await t.http().get(`/api/v1/challenges/${id}/applications/${appId}`).set(auth(c.university));
    expect(listed.body.attachments).toEqual([expect.objectContaining({ id: up.body.id, filename: 'plan.pdf' })]);
    // A larger file goes in by the megabyte (streamed, never whole in memory) and comes back identical.
    const large = pdf(2_500_000);
    const big = await t
      .http()
      .post(`${url}?filename=large.pdf`)
      .set(auth(c.university))
      .set('content-type', 'application/pdf')
      .send(large);
    expect(big.status).toBe(201);
    const [stored] = await t.app
      .get(DataSource)
      .query(
        `SELECT length(content)::int AS n, encode(sha256(content), 'hex') AS sum FROM challenge_attachments WHERE id = $1`,
        [big.body.id],
      );
    expect(stored).toEqual({ n: large.length, sum: sha(large) });
  });
});
