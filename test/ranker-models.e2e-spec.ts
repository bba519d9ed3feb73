import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options.js';
import { RankerModelsRepository } from '../src/modules/matching/ranker/ranker-models.repository.js';
import { RankerTrainingService } from '../src/modules/matching/ranker/ranker-training.service.js';
import type { RankerModel } from '../src/modules/matching/ranker/ranker.js';
import { MODEL_CHECK_MS, RankerService, SHIPPED_RANKER_MODEL } from '../src/modules/matching/ranker/ranker.service.js';
import { usable } from '../src/modules/matching/ranker/training.js';
import { RematchRunsService } from '../src/modules/matching/rematch-runs.service.js';
import { createCast, type Cast } from './factories/cast.js';
import { capabilityBody, needBody } from './factories/listings.js';
import { overlapDecisions, overlapModel } from './factories/ranker.js';
import { until } from './factories/wait.js';
import { createTestApp, type TestApp } from './setup/test-app.js';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/** A release's model that reads `overlap` and ignores `stage` (the real one is fitted on the judged set). */
const SHIPPED: RankerModel = overlapModel('test-shipped-1');

interface Row {
  need: string;
  capability: string;
  status: string;
  reason?: string | null;
  explanation: Record<string, unknown>;
}

const REASONS = ['not_relevant', 'stage_mismatch', 'unclear_need', 'other'];

/**
 * The re-ranker's versions against the real PostgreSQL and Redis, with a model of the test's own as the shipped one
 * and coordinators' decisions written into matches (the judged-set test, ranker-learning, makes them through the
 * API). What the worker does is seen through the worker itself.
 */
describe('re-ranker versions: the shipped model, learning from decisions, going back', () => {
  let t: TestApp;
  let c: Cast;
  let db: DataSource;
  let worker: INestApplicationContext;
  let needs: string[];
  let caps: string[];

  const models = async () =>
    (await t.http().get('/api/v1/admin/ranker/models?pageSize=100').set(auth(c.admin))).body as {
      items: Array<{ version: string; status: string; activatable: boolean; metrics: Record<string, unknown> }>;
      total: number;
    };
  const statusOf = async (version: string) => (await models()).items.find((m) => m.version === version)?.status;
  // Decisions are written as coordinators' reviews would be, under the per-need locks the worker's writes take (the
  // worker is ranking these needs meanwhile: without them the two could deadlock).
  const insert = async (rows: Row[]) => {
    await db.transaction(async (m) => {
      await m.query(
        `SELECT pg_advisory_xact_lock(hashtextextended('match-need:' || id::text, 0))
           FROM (SELECT DISTINCT unnest($1::uuid[]) AS id ORDER BY 1) x`,
        [rows.map((r) => r.need)],
      );
      await m.query(
        `INSERT INTO matches (need_id, capability_id, score, rank, status, reject_reason, explanation, algorithm_version)
       SELECT n, c, 0.5, 1, s::match_status, r, e, 'test'
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::jsonb[]) AS x(n, c, s, r, e)
       ON CONFLICT (need_id, capability_id) DO UPDATE
          SET status = EXCLUDED.status, reject_reason = EXCLUDED.reject_reason, explanation = EXCLUDED.explanation`,
        [
          rows.map((r) => r.need),
          rows.map((r) => r.capability),
          rows.map((r) => r.status),
          rows.map((r) => r.reason ?? null),
          rows.map((r) => JSON.stringify(r.explanation)),
        ],
      );
    });
  };
  const ranker = (features: Record<string, unknown>) => ({ ranker: { version: SHIPPED.version, features } });
  /** Decisions on `perNeed` capabilities of each need: approvals follow `overlap` and also `stage` (weight 1.5). */
  const decisions = (from: number, to: number, perNeed: number, seed: number): Row[] => {
    const g = overlapDecisions(seed, 1.5);
    const rows: Row[] = [];
    for (let n = from; n < to; n++) {
      for (let k = 0; k < perNeed; k++) {
        const { features, approved } = g.next();
        rows.push({
          need: needs[n],
          capability: caps[k],
          status: approved ? (k % 3 === 0 ? 'introduced' : 'approved') : 'rejected',
          reason: approved ? null : REASONS[(n + k) % REASONS.length],
          explanation: ranker(features),
        });
      }
    }
    return rows;
  };
  const jobDone = (jobId: string) =>
    until(
      async () =>
        (
          await db.query<Array<{ completed_at: Date | null; failed_at: Date | null }>>(
            `SELECT completed_at, failed_at FROM job_outbox WHERE job_id = $1`,
            [jobId],
          )
        )[0],
      (r) => !!r?.completed_at || !!r?.failed_at,
      30_000,
    );
  const rematchDone = async (jobId: string) =>
    until(
      async () => (await t.http().get(`/api/v1/matching/jobs/${jobId}`).set(auth(c.admin))).body as { state: string },
      (j) => j.state === 'completed' || j.state === 'failed',
      30_000,
    );

  beforeAll(async () => {
    t = await createTestApp({}, [{ provide: SHIPPED_RANKER_MODEL, useValue: SHIPPED }]);
    c = await createCast(t);
    db = t.app.get(DataSource);
    // Listings to hang decisions on: 200 needs and 8 capabilities (their texts meet, so the worker suggests too).
    const needItems = Array.from({ length: 200 }, (_, i) =>
      needBody({ organizationId: c.ids.entA, title: `寒地储能锂电池低温容量衰减问题 ${i}` }),
    );
    const r = await t.http().post('/api/v1/needs/batch').set(auth(c.admin)).send({ items: needItems }).expect(201);
    needs = (r.body as { items: Array<{ id: string }> }).items.map((x) => x.id);
    const capItems = Array.from({ length: 8 }, (_, i) =>
      capabilityBody({ organizationId: c.ids.uni, title: `耐低温锂离子电池电解液 ${i}` }),
    );
    const rc = await t.http().post('/api/v1/capabilities/batch').set(auth(c.admin)).send({ items: capItems });
    caps = (rc.body as { items: Array<{ id: string }> }).items.map((x) => x.id);
    worker = await t.startWorker();
  });
  afterAll(async () => {
    await t.close();
  });

  it('stores the shipped model once and makes it active, however many processes start at once', async () => {
    const other = await t.startAnotherApi();
    const services = [t.app.get(RankerService), other.app.get(RankerService), worker.get(RankerService)];
    await Promise.all([...services, ...services].map((s) => s.storeShipped()));
    const rows = await db.query<Array<{ version: string; status: string }>>(
      `SELECT version, status FROM ranker_models ORDER BY created_at`,
    );
    expect(rows).toEqual([{ version: SHIPPED.version, status: 'active' }]);
    const list = await models();
    expect(list.items[0]).toMatchObject({
      version: SHIPPED.version,
      status: 'active',
      base: SHIPPED.version,
      activatable: false,
      decisions: 0,
      activatedBy: null,
    });
    expect((await worker.get(RankerService).current()).version).toBe(SHIPPED.version);
  });

  it('learns only from decisions that say something about the pair, with the features they were shown with', async () => {
    const f = { overlap: 1, stage: 0 };
    await insert([
      { need: needs[190], capability: caps[0], status: 'approved', explanation: ranker(f) },
      { need: needs[190], capability: caps[1], status: 'contracted', explanation: ranker(f) },
      { need: needs[190], capability: caps[2], status: 'closed_no_deal', explanation: ranker(f) },
      { need: needs[190], capability: caps[3], status: 'rejected', reason: 'not_relevant', explanation: ranker(f) },
      { need: needs[190], capability: caps[4], status: 'rejected', reason: 'other', explanation: ranker(f) },
      // Relevant, only not actionable; and a rejection that gives no reason: neither is learned from.
      {
        need: needs[191],
        capability: caps[0],
        status: 'rejected',
        reason: 'already_cooperating',
        explanation: ranker(f),
      },
      { need: needs[191], capability: caps[1], status: 'rejected', reason: null, explanation: ranker(f) },
      // No decision yet; no features (scored before the re-ranker); features of another release.
      { need: needs[191], capability: caps[2], status: 'suggested', explanation: ranker(f) },
      { need: needs[191], capability: caps[3], status: 'approved', explanation: { score: 0.5 } },
      { need: needs[191], capability: caps[4], status: 'approved', explanation: ranker({ overlap: 1 }) },
    ]);
    const found = await t.app.get(RankerModelsRepository).decisions();
    const kept = found.filter((d) => usable(d.features, SHIPPED.features));
    expect(kept.map((d) => [d.needId, d.label]).sort()).toEqual(
      [
        [needs[190], 1],
        [needs[190], 1],
        [needs[190], 1],
        [needs[190], 0],
        [needs[190], 0],
      ].sort(),
    );
    const counts = await t.http().get('/api/v1/admin/ranker/decisions').set(auth(c.admin)).expect(200);
    expect(counts.body).toEqual({
      approvals: 4,
      rejections: 2,
      alreadyCooperating: 1,
      minDecisions: 40,
      minPerClass: 10,
    });
  });

  it('refuses to train on too few decisions, says why, and stores nothing', async () => {
    const result = await worker.get(RankerTrainingService).train();
    expect(result).toEqual({
      outcome: 'refused',
      reason: '5 decisions with features, at least 40 are needed',
    });
    const queued = await t.http().post('/api/v1/admin/ranker/train').set(auth(c.admin)).expect(202);
    expect(queued.body.jobId).toMatch(/^ranker-train-/);
    expect(await jobDone(queued.body.jobId as string)).toMatchObject({ failed_at: null });
    expect((await models()).total).toBe(1);
  });

  it('promotes a model that beats the active one on held-out needs; the worker uses it and suggestions are re-scored', async () => {
    await insert(decisions(0, 160, 6, 7));
    const queued = await t.http().post('/api/v1/admin/ranker/train').set(auth(c.admin)).expect(202);
    await jobDone(queued.body.jobId as string);
    const list = await models();
    expect(list.total).toBe(2);
    const learned = list.items[0];
    expect(learned).toMatchObject({ status: 'active', base: SHIPPED.version, activatable: false });
    expect(learned.version).toMatch(/^install-\d{8}T\d{6}Z$/);
    const m = learned.metrics as {
      heldOut: { decisions: number; approvals: number };
      training: { decisions: number };
      candidate: { logLoss: number; auc: number; precisionAboveFloor: number };
      current: { version: string; logLoss: number; auc: number };
      aucGainConfidence: number;
      verdict: string;
    };
    expect(m.current.version).toBe(SHIPPED.version);
    expect(m.candidate.logLoss).toBeLessThan(m.current.logLoss);
    expect(m.candidate.auc).toBeGreaterThan(m.current.auc);
    expect(m.aucGainConfidence).toBeGreaterThanOrEqual(0.99);
    expect(m.heldOut.decisions + m.training.decisions).toBe(160 * 6 + 5);
    expect(m.verdict).toMatch(/better than the current model/);
    expect(await statusOf(SHIPPED.version)).toBe('retired');

    // Every worker moves to it within seconds, without a restart.
    const current = await until(
      () => worker.get(RankerService).current(),
      (x) => x.version === learned.version,
      MODEL_CHECK_MS + 5000,
    );
    expect(current.version).toBe(learned.version);
    expect(current.adjustment?.features).toEqual(SHIPPED.features);
    // A rematch of everything was asked for, so suggestions are scored by it.
    const [run] = await db.query<Array<{ id: string }>>(
      `SELECT id FROM rematch_runs WHERE scope->>'scope' = 'all' ORDER BY created_at DESC LIMIT 1`,
    );
    expect(run).toBeDefined();
    expect((await rematchDone(run.id)).state).toBe('completed');
    expect(await worker.get(RankerService).rematchOwed()).toBe(false);
  });

  it('keeps the active model when a new candidate is no better, and records both models’ figures', async () => {
    const before = (await models()).items[0].version;
    const result = await worker.get(RankerTrainingService).train();
    expect(result).toMatchObject({ outcome: 'rejected', rematchJobId: null });
    const list = await models();
    expect(list.total).toBe(3);
    expect(list.items.find((x) => x.version === before)?.status).toBe('active');
    const rejected = list.items.find((x) => x.status === 'rejected')!;
    expect(rejected.activatable).toBe(true);
    expect(rejected.metrics).toMatchObject({ current: { version: before }, base: SHIPPED.version });
    expect((rejected.metrics as { verdict: string }).verdict).toMatch(/not below|resamples/);
  });

  it('lets admins go back to an earlier model (only admins; 404, 409 and 400 say why); workers follow', async () => {
    const learned = (await models()).items.find((x) => x.status === 'active')!.version;
    for (const token of [c.coordinator, c.enterpriseA]) {
      await t.http().get('/api/v1/admin/ranker/models').set(auth(token)).expect(403);
      await t.http().post(`/api/v1/admin/ranker/models/${SHIPPED.version}/activate`).set(auth(token)).expect(403);
      await t.http().post('/api/v1/admin/ranker/train').set(auth(token)).expect(403);
    }
    const back = await t.http().post(`/api/v1/admin/ranker/models/${SHIPPED.version}/activate`).set(auth(c.admin));
    expect(back.status).toBe(200);
    const me = (await t.http().get('/api/v1/me').set(auth(c.admin))).body as { user: { id: string } };
    expect(back.body.model).toMatchObject({
      version: SHIPPED.version,
      status: 'active',
      activatedBy: { id: me.user.id, name: expect.any(String) },
    });
    expect(back.body.rematchJobId).toEqual(expect.any(String));
    expect(await statusOf(learned)).toBe('retired');
    const current = await until(
      () => worker.get(RankerService).current(),
      (x) => x.version === SHIPPED.version,
      MODEL_CHECK_MS + 5000,
    );
    expect(current.version).toBe(SHIPPED.version);
    await rematchDone(back.body.rematchJobId as string);

    const again = await t.http().post(`/api/v1/admin/ranker/models/${SHIPPED.version}/activate`).set(auth(c.admin));
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ statusCode: 409, error: expect.any(String) });
    expect(again.body.message).toMatch(/已在使用中 \/ model test-shipped-1 is already active/);
    const unknown = await t
      .http()
      .post('/api/v1/admin/ranker/models/install-19990101T000000Z/activate')
      .set(auth(c.admin));
    expect(unknown.status).toBe(404);
    const bad = await t.http().post('/api/v1/admin/ranker/models/%20bad%20version/activate').set(auth(c.admin));
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([
      { field: 'version', message: expect.stringMatching(/模型版本号.*\/ a model version/) },
    ]);
  });

  it('makes a new release’s shipped model active at start, and no longer offers models built on the old one', async () => {
    const next: RankerModel = { ...SHIPPED, version: 'test-shipped-2' };
    // The new release's first process, at start (the same repository and rematches as the app's).
    const release = new RankerService(t.app.get(RankerModelsRepository), t.app.get(RematchRunsService), next);
    const [inserted, again] = await Promise.all([release.storeShipped(), release.storeShipped()]);
    expect([inserted, again].filter(Boolean)).toHaveLength(1);
    const rows = await db.query<Array<{ version: string; status: string }>>(
      `SELECT version, status FROM ranker_models WHERE status = 'active'`,
    );
    expect(rows).toEqual([{ version: 'test-shipped-2', status: 'active' }]);
    // The app still runs the old release's code here: what it offers depends on its own shipped model. The new
    // release's view: nothing built on test-shipped-1 can be made active.
    const old = await db.query<Array<{ version: string }>>(
      `SELECT version FROM ranker_models WHERE version LIKE 'install-%' LIMIT 1`,
    );
    await expect(release.activate(old[0].version, c.ids.users['coord@example.org'])).rejects.toMatchObject({
      status: 409,
    });
  });

  it('never fails a ranking: with PostgreSQL unreachable it goes on with the last model it knew, or the shipped one', async () => {
    const connect = async () => {
      const ds = new DataSource(dataSourceOptions(t.config));
      await ds.initialize();
      return ds;
    };
    const live = await connect();
    const service = new RankerService(new RankerModelsRepository(live), t.app.get(RematchRunsService), SHIPPED);
    expect((await service.current()).version).toBe('test-shipped-2');
    await live.destroy(); // from now on every query fails
    const started = Date.now();
    expect((await service.current({ maxAgeMs: 0 })).version).toBe('test-shipped-2');
    expect(Date.now() - started).toBeLessThan(2000);

    const gone = await connect();
    await gone.destroy();
    const fresh = new RankerService(new RankerModelsRepository(gone), t.app.get(RematchRunsService), SHIPPED);
    await fresh.onApplicationBootstrap(); // storing the shipped model fails, quietly
    expect((await fresh.current()).version).toBe(SHIPPED.version);
  });
});
