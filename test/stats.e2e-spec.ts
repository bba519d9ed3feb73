import { DataSource } from 'typeorm';
import { createCast, type Cast } from './factories/cast.js';
import { capabilityBody, needBody } from './factories/listings.js';
import { createTestApp, type TestApp } from './setup/test-app.js';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/**
 * A seeded set whose figures are worked out by hand: three needs (平房, 香坊, outside Harbin), two capabilities
 * (南岗, outside), six matches at every stage.
 */
describe('statistics for coordinators', () => {
  let t: TestApp;
  let c: Cast;
  const get = (path: string, token?: string) =>
    t
      .http()
      .get(`/api/v1/stats${path}`)
      .set(auth(token ?? c.coordinator));

  beforeAll(async () => {
    t = await createTestApp(); // no worker: only the seeded matches exist
    c = await createCast(t);
    const db = t.app.get(DataSource);
    const need = async (district: string, sector: string, created: string) => {
      const id = (
        await t
          .http()
          .post('/api/v1/needs')
          .set(auth(c.admin))
          .send(needBody({ organizationId: c.ids.entA, district, sectors: [sector] }))
      ).body.id as string;
      await db.query(`UPDATE needs SET created_at = $2 WHERE id = $1`, [id, created]);
      return id;
    };
    const n1 = await need('平房', 'hitech:0603', '2026-11-01T00:00:00+08:00');
    const n2 = await need('香坊', 'hitech:0207', '2026-11-02T00:00:00+08:00');
    const n3 = await need('outside', 'hitech:0801', '2026-11-03T00:00:00+08:00');
    const cap = async (org: string, district: string) =>
      (
        await t
          .http()
          .post('/api/v1/capabilities')
          .set(auth(c.admin))
          .send(capabilityBody({ organizationId: org, district }))
      ).body.id as string;
    const c1 = await cap(c.ids.uni, '南岗');
    const c2 = await cap(c.ids.inst, 'outside');
    const match = async (
      needId: string,
      capabilityId: string,
      status: string,
      extra: { amount?: number; introduced?: boolean; created?: string; approvedAt?: string } = {},
    ) => {
      const [m] = await db.query<Array<{ id: string }>>(
        `INSERT INTO matches (need_id, capability_id, score, rank, status, explanation, algorithm_version, created_at,
                              introduced_at, contract_mode, contract_amount_cny, contract_signed_on, closed_at)
         VALUES ($1, $2, 0.5, 1, $3, '{}', 'test', $4, $5, $6, $7, $8, $9) RETURNING id`,
        [
          needId,
          capabilityId,
          status,
          extra.created ?? '2026-11-05T12:00:00+08:00',
          extra.introduced ? '2026-11-06T12:00:00+08:00' : null,
          extra.amount ? 'license' : null,
          extra.amount ?? null,
          extra.amount ? '2026-11-10' : null,
          extra.amount ? '2026-11-10T12:00:00+08:00' : null,
        ],
      );
      if (extra.approvedAt) {
        await db.query(
          `INSERT INTO match_events (match_id, from_status, to_status, at) VALUES ($1, 'suggested', 'approved', $2)`,
          [m.id, extra.approvedAt],
        );
      }
    };
    await match(n1, c1, 'contracted', { amount: 800000, introduced: true, approvedAt: '2026-11-01T10:00:00+08:00' });
    await match(n2, c1, 'introduced', { introduced: true, approvedAt: '2026-11-02T20:00:00+08:00' });
    await match(n3, c1, 'approved', { approvedAt: '2026-11-04T06:00:00+08:00' });
    await match(n1, c2, 'contracted', { amount: 200000, introduced: true, approvedAt: '2026-11-02T16:00:00+08:00' });
    await match(n2, c2, 'rejected');
    await match(n3, c2, 'suggested', { created: '2026-10-01T12:00:00+08:00' });
  });
  afterAll(() => t.close());

  it('counts the funnel, its conversion rates, the contract amounts and the local-conversion rate', async () => {
    const r = await get('/funnel');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      from: null,
      to: null,
      stages: [
        { stage: 'suggested', count: 6, rate: null },
        { stage: 'approved', count: 4, rate: 0.6667 },
        { stage: 'introduced', count: 3, rate: 0.75 },
        { stage: 'contracted', count: 2, rate: 0.6667 },
      ],
      rejected: 1,
      closedNoDeal: 0,
      overallRate: 0.3333,
      contracts: { count: 2, amountCny: 1000000, averageCny: 500000 },
      // Only the 平房 ↔ 南岗 contract has both parties in Harbin.
      localConversion: { contracts: 2, local: 1, rate: 0.5, amountCny: 800000 },
    });
    // The range filters by when the match was suggested: the October suggestion drops out.
    const nov = await get('/funnel?from=2026-11-01&to=2026-11-30');
    expect(nov.body.stages[0]).toEqual({ stage: 'suggested', count: 5, rate: null });
    expect((await get('/funnel?from=2026-12-01')).body.stages[0].count).toBe(0);
  });

  it('breaks the funnel down by the need’s sector', async () => {
    const r = await get('/sectors');
    const bySector = Object.fromEntries(r.body.items.map((x: { sector: string }) => [x.sector, x])) as Record<
      string,
      Record<string, unknown>
    >;
    expect(bySector['hitech:0603']).toMatchObject({
      suggested: 2,
      approved: 2,
      introduced: 2,
      contracted: 2,
      amountCny: 1000000,
    });
    expect(bySector['hitech:0207']).toMatchObject({
      suggested: 2,
      approved: 1,
      introduced: 1,
      contracted: 0,
      amountCny: 0,
    });
    expect(bySector['hitech:0801']).toMatchObject({ suggested: 2, approved: 1, introduced: 0, contracted: 0 });
    expect(bySector['hitech:0603'].nameZh).toEqual(expect.any(String));
  });

  it('breaks it down by district, with listings posted there and local contracts', async () => {
    const r = await get('/districts');
    const by = Object.fromEntries(r.body.items.map((x: { district: string }) => [x.district, x]));
    expect(by['平房']).toEqual({
      district: '平房',
      needs: 1,
      capabilities: 0,
      suggested: 2,
      approved: 2,
      introduced: 2,
      contracted: 2,
      amountCny: 1000000,
      localContracts: 1,
    });
    expect(by['香坊']).toMatchObject({ needs: 1, suggested: 2, approved: 1, introduced: 1, contracted: 0 });
    expect(by['南岗']).toMatchObject({ needs: 0, capabilities: 1, suggested: 0 });
    expect(by['outside']).toMatchObject({ needs: 1, capabilities: 1, suggested: 2, approved: 1 });
  });

  it('shows where each district’s research goes: capability district → need district', async () => {
    const r = await get('/flows');
    expect(r.body.items).toEqual([
      { from: '南岗', to: '平房', introduced: 1, contracted: 1, amountCny: 800000 },
      { from: 'outside', to: '平房', introduced: 1, contracted: 1, amountCny: 200000 },
      { from: '南岗', to: '香坊', introduced: 1, contracted: 0, amountCny: 0 },
    ]);
  });

  it('measures the median time from a need posted to its first approval', async () => {
    // First approvals after 10 h, 20 h and 30 h (the 平房 need's second approval, 40 h in, does not count).
    expect((await get('/time-to-approval')).body).toEqual({
      from: null,
      to: null,
      needs: 3,
      approvedNeeds: 3,
      medianHours: 20,
      p90Hours: 28,
    });
    expect((await get('/time-to-approval?from=2026-11-02')).body).toMatchObject({ needs: 2, medianHours: 25 });
  });

  it('exports each statistic as CSV for Excel, refuses bad ranges and non-coordinators', async () => {
    const csv = await get('/districts?format=csv');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    expect(csv.text).toContain('区县 district');
    expect(csv.text).toMatch(/平房,1,0,2,2,2,2,1000000,1/);
    expect((await get('/funnel?format=csv')).text).toMatch(/contracted,2,0\.6667,/);
    expect((await get('/flows?format=csv')).text).toContain('南岗,平房,1,1,800000');
    expect((await get('/funnel?from=2026-12-01&to=2026-11-01')).status).toBe(400);
    expect((await get('/funnel?from=yesterday')).status).toBe(400);
    expect((await get('/funnel', c.enterpriseA)).status).toBe(403);
  });

  it('refuses dates the calendar does not have with 400 naming the parameter', async () => {
    for (const [query, field] of [
      ['from=2026-02-31', 'from'],
      ['from=2026-13-01', 'from'],
      ['from=0000-01-01', 'from'],
      ['to=2027-02-29', 'to'],
      ['to=2026-04-31', 'to'],
      ['from=2026-1-1', 'from'],
    ]) {
      for (const path of ['/funnel', '/sectors', '/districts', '/flows', '/time-to-approval']) {
        const r = await get(`${path}?${query}`);
        expect({
          path,
          query,
          status: r.status,
          fields: r.body.details?.map((d: { field: string }) => d.field),
        }).toEqual({
          path,
          query,
          status: 400,
          fields: [field],
        });
        expect(r.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      }
    }
    // Leap days and the ends of the range are real dates.
    expect((await get('/funnel?from=2028-02-29&to=9999-12-31')).status).toBe(200);
    expect((await get('/funnel?from=0001-01-01')).status).toBe(200);
  });
});
