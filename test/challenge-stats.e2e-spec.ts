import { DataSource } from 'typeorm';
import { todayInHarbin } from '../src/common/domain/dates.js';
import { createCast, type Cast } from './factories/cast.js';
import { challengeWithApplications, createChallenge, publishChallenge } from './factories/challenges.js';
import { createTestApp, type TestApp } from './setup/test-app.js';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/**
 * 揭榜挂帅 figures, worked out by hand: an awarded challenge of enterprise A (平房) with two applications, won by the
 * university (南岗, local) with its first milestone (40 %) accepted; a published one of enterprise B (香坊) without
 * applications; and a draft, which no figure counts.
 */
describe('challenge statistics for coordinators', () => {
  let t: TestApp;
  let c: Cast;
  const FUNDING = 1_000_000;
  const get = (path: string, token?: string) =>
    t
      .http()
      .get(`/api/v1/stats/challenges${path}`)
      .set(auth(token ?? c.coordinator));

  /** A challenge of enterprise A in review with two applications, awarded to the university's whole. */
  async function awarded(funding: number, milestones: Array<{ sharePct: number }>): Promise<string> {
    const db = t.app.get(DataSource);
    const api = () => t.http();
    const { challengeId, applicationIds } = await challengeWithApplications(t, c, {
      fundingTotalYuan: funding,
      milestones,
      sectorKeys: ['hitech:0603'],
    });
    const [uniApp] = applicationIds;
    await api()
      .post(`/api/v1/challenges/${challengeId}/notice`)
      .set(auth(c.coordinator))
      .send({ winnerApplicationIds: [uniApp] })
      .expect(200);
    // The notice period has run out (the award waits for it).
    await db.query(
      `UPDATE challenges SET notice_ends_on = (now() AT TIME ZONE 'Asia/Shanghai')::date - 1 WHERE id = $1`,
      [challengeId],
    );
    await api()
      .post(`/api/v1/challenges/${challengeId}/award`)
      .set(auth(c.coordinator))
      .send({
        agreement: {
          signedOn: todayInHarbin(),
          issuerSignatory: '王总（示例甲科技有限公司）',
          bureauSignatory: '赵处长（示例市科技局）',
          winnerSignatories: [{ applicationId: uniApp, name: '张教授（示例理工大学）' }],
          terms: '三方协议（示例）',
        },
        split: [{ applicationId: uniApp, amountYuan: funding }],
      })
      .expect(200);
    return challengeId;
  }

  beforeAll(async () => {
    t = await createTestApp();
    c = await createCast(t);
    const api = () => t.http();
    const challengeId = await awarded(FUNDING, [{ sharePct: 40 }, { sharePct: 60 }]);
    const ms = await api().get(`/api/v1/challenges/${challengeId}/milestones`).set(auth(c.coordinator));
    const first = (ms.body.items as Array<{ id: string; seq: number }>).find((m) => m.seq === 1)!.id;
    const step = (s: string) => `/api/v1/challenges/${challengeId}/milestones/${first}/${s}`;
    await api().post(step('deliver')).set(auth(c.university)).send({ report: '样机与检测报告' }).expect(200);
    await api().post(step('accept')).set(auth(c.enterpriseA)).send({}).expect(200);
    await api().post(step('accept')).set(auth(c.coordinator)).send({}).expect(200);

    await publishChallenge(t, c.coordinator, { issuerOrganizationId: c.ids.entB, sectorKeys: ['hitech:0207'] });
    await createChallenge(t, c.enterpriseB); // a draft
  });

  afterAll(() => t?.close());

  it('counts published challenges by status, with funding committed and released from the ledger', async () => {
    const r = await get('');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      challenges: 2,
      funding: { totalYuan: 2 * FUNDING, committedYuan: FUNDING, releasedYuan: 400_000 },
      applications: { total: 2, perChallenge: 1 },
      timeToAward: { awarded: 1 },
      localWinners: { winners: 1, local: 1, rate: 1 },
    });
    const byStatus = Object.fromEntries(
      (r.body.byStatus as Array<{ status: string; count: number }>).map((s) => [s.status, s.count]),
    );
    expect(byStatus).toEqual({ published: 1, reviewing: 0, notice: 0, awarded: 1, completed: 0, failed: 0 });
    expect(r.body.timeToAward.medianDays).toBeGreaterThanOrEqual(0);
    const awarded = (r.body.items as Array<Record<string, unknown>>).find((i) => i.status === 'awarded');
    expect(awarded).toMatchObject({
      district: '平房',
      applications: 2,
      winners: 1,
      localWinners: 1,
      committedYuan: FUNDING,
      releasedYuan: 400_000,
    });
  });

  it('gives the same by district and by sector, and each as CSV for Excel', async () => {
    const districts = await get('/districts');
    expect(districts.body.items).toEqual([
      expect.objectContaining({ district: '平房', challenges: 1, applications: 2, releasedYuan: 400_000 }),
      expect.objectContaining({ district: '香坊', challenges: 1, applications: 0, releasedYuan: 0 }),
    ]);
    const sectors = await get('/sectors');
    expect(sectors.body.items.map((s: { sector: string }) => s.sector).sort()).toEqual(['hitech:0207', 'hitech:0603']);
    expect(sectors.body.items.every((s: { nameZh: string | null }) => s.nameZh)).toBe(true);

    const csv = await get('?format=csv');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toContain('已拨付（元） releasedYuan');
    expect(lines).toHaveLength(3);
    expect((await get('/districts?format=csv')).text).toContain('平房');
  });

  it('filters by the day of publication, refuses a reversed range, and is for coordinators only', async () => {
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    expect((await get(`?from=${tomorrow}`)).body).toMatchObject({ challenges: 0, items: [] });
    const reversed = await get(`?from=2026-12-31&to=2026-01-01`);
    expect(reversed.status).toBe(400);
    expect(reversed.body.details).toEqual([expect.objectContaining({ field: 'from' })]);
    expect((await get('', c.enterpriseA)).status).toBe(403);
  });

  it('takes what a challenge failed after its award cancelled off the committed funding', async () => {
    const id = await awarded(500_000, [{ sharePct: 100 }]);
    expect((await get('')).body.funding).toEqual({
      totalYuan: 2 * FUNDING + 500_000,
      committedYuan: FUNDING + 500_000,
      releasedYuan: 400_000,
      cancelledYuan: 0,
    });
    await t
      .http()
      .post(`/api/v1/challenges/${id}/transitions`)
      .set(auth(c.coordinator))
      .send({ to: 'failed', reason: '发榜企业经营困难，项目终止（示例）' })
      .expect(200);
    const r = await get('');
    expect(r.body.funding).toEqual({
      totalYuan: 2 * FUNDING + 500_000,
      committedYuan: FUNDING,
      releasedYuan: 400_000,
      cancelledYuan: 500_000,
    });
    expect(r.body.byStatus).toContainEqual(expect.objectContaining({ status: 'failed', count: 1 }));
    expect((r.body.items as Array<{ id: string }>).find((i) => i.id === id)).toMatchObject({
      status: 'failed',
      committedYuan: 0,
      cancelledYuan: 500_000,
    });
  });
});
