import type { INestApplicationContext } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { RankerService } from '../src/modules/matching/ranker/ranker.service.js';
import { shippedModel } from '../src/modules/matching/ranker/ranker.js';
import { isHeldOut, MIN_PER_CLASS, MIN_PER_CLASS_PER_SIDE } from '../src/modules/matching/ranker/training.js';
import {
  ATTRIBUTION,
  cooperationModes,
  DATA_DIR,
  industrySectors,
  techmarketAchievements,
  techmarketNeeds,
  trlOf,
  usableKeywords,
} from '../scripts/lib/datasets.js';
import { batches } from '../scripts/lib/harness.js';
import { createCast, type Cast } from './factories/cast.js';
import { until } from './factories/wait.js';
import { createTestApp, type TestApp } from './setup/test-app.js';
import { seededRandom } from './factories/seeded-random.js';

// Learning from coordinators, end to end: the real techmarket catalogue and the 48 judged needs are posted through
// the API, the real worker suggests, coordinators approve the suggestions judged "introduce" (label 2) and reject
// those judged "not useful" (label 0) with a reason, and an admin trains through the API.
//
// Every suggestion's explanation carries `ranker.features` (the pair's features by the shipped model's names), written
// when it is suggested and kept once it is reviewed: the decisions are learned from those.
// RANKER_E2E_PRINT=1 prints the decisions and the trained models' figures.

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const SHIPPED = shippedModel();

const labels = new Map<string, number>(
  readFileSync(path.join(DATA_DIR, 'judged', 'labels.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { needId: string; capId: string; label: number })
    .map((l) => [`${l.needId}|${l.capId}`, l.label]),
);
const judgedNeeds = new Set([...labels.keys()].map((k) => k.split('|')[0]));

/** Reasons given to "not useful" pairs, in turn; every seventh says the parties already cooperate. */
const REASONS = ['not_relevant', 'stage_mismatch', 'unclear_need', 'other'] as const;
const reasonFor = (i: number): string => (i % 7 === 6 ? 'already_cooperating' : REASONS[i % REASONS.length]);

interface Suggestion {
  matchId: string;
  needId: string;
  /** The judged label of the pair (undefined: not judged). */
  label: number | undefined;
}

interface Scenario {
  t: TestApp;
  c: Cast;
  db: DataSource;
  worker: INestApplicationContext;
  suggestions: Suggestion[];
  /** Rejections sent, by reason. */
  rejected: Record<string, number>;
  approved: number;
  /** How the reason reached the match: the reject API, or (until that API takes it) an UPDATE after rejecting. */
}

/** Seeded shuffle (the same permutation every run). */
function shuffle<T>(xs: T[], seed: number): T[] {
  const random = seededRandom(seed).uniform;
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Runs `work` over `items`, `width` at a time. */
async function inParallel<T>(items: T[], width: number, work: (x: T, i: number) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += width) {
    await Promise.all(items.slice(i, i + width).map((x, k) => work(x, i + k)));
  }
}

/**
 * Posts the catalogue and the judged needs, lets the worker suggest, and has coordinators decide: label 2 approved,
 * label 0 rejected with a reason. `shuffleTraining`: the decisions on the training needs follow shuffled labels
 * (the held-out needs' stay true), as if coordinators there had decided at random.
 */
async function scenario(shuffleTraining: boolean): Promise<Scenario> {
  // The relevance floor is off here: coordinators decide on every candidate the engine ranks for the 48 judged needs,
  // as many decisions as an install collects over weeks of suggestions; the features are the engine's either way.
  const t = await createTestApp({ MATCH_FLOOR: '0' });
  try {
    return await decide(t, shuffleTraining);
  } catch (err) {
    await t.close();
    throw err;
  }
}

async function decide(t: TestApp, shuffleTraining: boolean): Promise<Scenario> {
  const c = await createCast(t);
  const db = t.app.get(DataSource);
  const http = () => t.http();
  const gb = (
    (await http().get('/api/v1/taxonomies/gbt4754').set(auth(c.admin))).body as {
      codes: Array<{ code: string; parent: string | null; nameZh: string }>;
    }
  ).codes;
  const achievements = techmarketAchievements();
  const capItems = achievements.map((a) => ({
    organizationId: c.ids.inst,
    kind: a.ipType.includes('专利') ? 'patent' : 'achievement',
    title: a.title.slice(0, 200),
    description: `${a.description || a.title}\n\n${ATTRIBUTION.techmarket}`,
    sectors: industrySectors(a.industry, gb),
    keywords: usableKeywords(a.field.split('-').filter((x) => x && x !== '其他')),
    trl: trlOf(a.maturity),
    ipStatus: a.ipType.includes('专利') ? 'patent_granted' : 'trade_secret',
    cooperationModes: cooperationModes(a.cooperation),
  }));
  const tmOfCapability = new Map<string, string>();
  let posted = 0;
  for (const batch of batches(capItems)) {
    const r = await http().post('/api/v1/capabilities/batch').set(auth(c.admin)).send({ items: batch });
    if (r.status !== 201) throw new Error(`capabilities: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
    for (const x of (r.body as { items: Array<{ id: string }> }).items) {
      tmOfCapability.set(x.id, achievements[posted++].id);
    }
  }
  const worker = await t.startWorker();

  // The judged needs, posted as they are (no sector), like the judged pool was made.
  const needs = techmarketNeeds().filter((n) => judgedNeeds.has(n.id));
  const tmOfNeed = new Map<string, string>();
  const post = async (list: typeof needs) => {
    const r = await http()
      .post('/api/v1/needs/batch')
      .set(auth(c.admin))
      .send({
        items: list.map((n) => ({
          organizationId: c.ids.entA,
          kind: 'technical_problem',
          title: (n.title || n.description).trim().slice(0, 60),
          description: `${n.description || n.title}\n\n${ATTRIBUTION.techmarket}（${n.id}）`,
          cooperationModes: cooperationModes(n.cooperation),
          visibility: 'public',
        })),
      });
    if (r.status !== 201) throw new Error(`needs: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
    const ids = (r.body as { items: Array<{ id: string }> }).items.map((x, k) => {
      tmOfNeed.set(x.id, list[k].id);
      return x.id;
    });
    await until(
      async () =>
        (
          await db.query<Array<{ n: number }>>(
            `SELECT count(*)::int AS n FROM need_rankings WHERE need_id = ANY($1::uuid[])`,
            [ids],
          )
        )[0].n,
      (n) => n === ids.length,
      60_000,
    );
    // And every other job done: the catalogue's own matching jobs, still running, would place capabilities into these
    // needs' lists and replace suggestions a coordinator is about to decide on (a 404 on its review).
    await until(
      async () =>
        (
          await db.query<Array<{ n: number }>>(
            `SELECT count(*)::int AS n FROM job_outbox WHERE completed_at IS NULL AND failed_at IS NULL`,
          )
        )[0].n,
      (n) => n === 0,
      120_000,
      250,
    );
    return ids;
  };
  const suggestionsOf = async (needIds: string[]): Promise<Suggestion[]> => {
    const out: Suggestion[] = [];
    for (const needId of needIds) {
      const r = await http()
        .get(`/api/v1/needs/${needId}/matches?status=suggested&limit=100`)
        .set(auth(c.coordinator))
        .expect(200);
      for (const m of (r.body as { items: Array<{ id: string; capabilityId: string }> }).items) {
        const pair = `${tmOfNeed.get(needId)}|${tmOfCapability.get(m.capabilityId)}`;
        out.push({ matchId: m.id, needId, label: labels.get(pair) });
      }
    }
    return out;
  };
  let needIds = await post(needs);
  let suggestions = await suggestionsOf(needIds);

  // The split hashes need ids, which are random here: when the needs with approvals fall all on one side (an
  // install with this few decisions would wait for more), those needs are posted again under new ids.
  const enough = (s: Suggestion[]) =>
    [true, false].every(
      (side) =>
        s.filter((x) => x.label === 2 && isHeldOut(x.needId) === side).length >= MIN_PER_CLASS_PER_SIDE &&
        s.filter((x) => x.label === 0 && isHeldOut(x.needId) === side).length >= MIN_PER_CLASS_PER_SIDE,
    );
  for (let attempt = 0; !enough(suggestions); attempt++) {
    if (attempt >= 10) throw new Error('the needs with approvals never fell on both sides of the split');
    const withApprovals = [...new Set(suggestions.filter((s) => s.label === 2).map((s) => s.needId))];
    for (const id of withApprovals) await http().delete(`/api/v1/needs/${id}`).set(auth(c.admin)).expect(204);
    const again = await post(needs.filter((n) => withApprovals.some((id) => tmOfNeed.get(id) === n.id)));
    needIds = [...needIds.filter((id) => !withApprovals.includes(id)), ...again];
    suggestions = await suggestionsOf(needIds);
  }
  const r = await http().get(`/api/v1/matches/${suggestions[0].matchId}`).set(auth(c.coordinator)).expect(200);
  const explanation = r.body.explanation as { ranker?: { features?: unknown } };
  if (!explanation.ranker?.features) throw new Error('suggestions carry no explanation.ranker.features');

  const decided = suggestions.filter((s) => s.label === 2 || s.label === 0);
  if (shuffleTraining) {
    const training = decided.filter((s) => !isHeldOut(s.needId));
    const shuffled = shuffle(
      training.map((s) => s.label),
      20261130,
    );
    training.forEach((s, i) => (s.label = shuffled[i]));
  }
  const sc: Scenario = { t, c, db, worker, suggestions, rejected: {}, approved: 0 };
  let rejections = 0;
  await inParallel(decided, 8, async (s) => {
    if (s.label === 2) {
      await http().post(`/api/v1/matches/${s.matchId}/approve`).set(auth(c.coordinator)).send({}).expect(200);
      sc.approved++;
      return;
    }
    const reason = reasonFor(rejections++);
    sc.rejected[reason] = (sc.rejected[reason] ?? 0) + 1;
    // "Other" needs a note saying what the other reason is, as the console asks for one.
    const note = reason === 'other' ? '企业已转向其他技术路线' : undefined;
    await http()
      .post(`/api/v1/matches/${s.matchId}/reject`)
      .set(auth(c.coordinator))
      .send({ reason, note })
      .expect(200);
  });
  return sc;
}

interface ModelView {
  version: string;
  status: string;
  decisions: number;
  activatable: boolean;
  metrics: {
    base: string;
    training: { decisions: number; approvals: number; rejections: number; needs: number };
    heldOut: { decisions: number; approvals: number; rejections: number; needs: number };
    candidate: { logLoss: number; auc: number; precisionAboveFloor: number | null; aboveFloor: number };
    current: { version: string; logLoss: number; auc: number; precisionAboveFloor: number | null };
    aucGainConfidence: number;
    verdict: string;
  };
}

/** Trains through the API and gives back the stored candidate. */
async function trainNow(s: Scenario): Promise<ModelView> {
  await s.t.http().post('/api/v1/admin/ranker/train').set(auth(s.c.coordinator)).expect(403);
  const queued = await s.t.http().post('/api/v1/admin/ranker/train').set(auth(s.c.admin)).expect(202);
  const list = await until(
    async () =>
      (await s.t.http().get('/api/v1/admin/ranker/models').set(auth(s.c.admin)).expect(200)).body as {
        items: ModelView[];
      },
    (l) => l.items.some((m) => m.version.startsWith('install-')),
    60_000,
  );
  const [job] = await s.db.query<Array<{ completed_at: Date | null; error: string | null }>>(
    `SELECT completed_at, error FROM job_outbox WHERE job_id = $1`,
    [queued.body.jobId],
  );
  expect(job).toMatchObject({ error: null });
  const model = list.items.find((m) => m.version.startsWith('install-'))!;
  if (process.env.RANKER_E2E_PRINT) {
    process.stdout.write(
      `${s.approved} approved, ` +
        `${JSON.stringify(s.rejected)} rejected\n${model.status}: ${JSON.stringify(model.metrics, null, 1)}\n`,
    );
  }
  return model;
}

describe('learning from coordinators on the judged set, through the API', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await scenario(false);
  }, 300_000);
  afterAll(async () => {
    await s?.t.close();
  });

  it('trains on the decisions: a model row with its held-out figures and the active model’s', async () => {
    const approvals = s.approved;
    const negatives = Object.entries(s.rejected)
      .filter(([r]) => r !== 'already_cooperating')
      .reduce((n, [, k]) => n + k, 0);
    expect(approvals).toBeGreaterThanOrEqual(MIN_PER_CLASS);
    const model = await trainNow(s);
    const m = model.metrics;
    // Decisions "already cooperating" are not learned from; all the others are, split by need.
    expect(model.decisions).toBe(approvals + negatives);
    expect(m.training.approvals + m.heldOut.approvals).toBe(approvals);
    expect(m.training.rejections + m.heldOut.rejections).toBe(negatives);
    expect(m.heldOut.approvals).toBeGreaterThanOrEqual(MIN_PER_CLASS_PER_SIDE);
    expect(m.base).toBe(SHIPPED.version);
    expect(m.current.version).toBe(SHIPPED.version);
    for (const x of [m.candidate, m.current]) {
      expect(x.logLoss).toBeGreaterThan(0);
      expect(x.auc).toBeGreaterThanOrEqual(0);
      expect(x.auc).toBeLessThanOrEqual(1);
    }
    // Active exactly when it beat the shipped model by the rule; otherwise stored as rejected, with the reason.
    const better =
      m.candidate.logLoss <= m.current.logLoss - 0.001 &&
      m.candidate.auc >= m.current.auc &&
      m.aucGainConfidence >= 0.99;
    expect(model.status).toBe(better ? 'active' : 'rejected');
    expect(m.verdict).toMatch(/held-out/);
  });

  it('counts rejections by reason for coordinators, as JSON and CSV', async () => {
    const r = await s.t.http().get('/api/v1/stats/rejections').set(auth(s.c.coordinator)).expect(200);
    const items = r.body.items as Array<{ reason: string; labelZh: string; labelEn: string; count: number }>;
    expect(items.map((x) => x.reason)).toEqual([
      'not_relevant',
      'stage_mismatch',
      'unclear_need',
      'already_cooperating',
      'other',
    ]);
    for (const x of items) expect(x.count).toBe(s.rejected[x.reason] ?? 0);
    expect(items[0]).toMatchObject({ labelZh: '技术不对口', labelEn: 'Not relevant' });
    const funnel = await s.t.http().get('/api/v1/stats/funnel').set(auth(s.c.coordinator)).expect(200);
    expect(items.reduce((n, x) => n + x.count, 0)).toBe(funnel.body.rejected);

    const csv = await s.t.http().get('/api/v1/stats/rejections?format=csv').set(auth(s.c.coordinator)).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text).toContain('原因 reason');
    expect(csv.text).toContain(`already_cooperating,已有合作,Already cooperating,${s.rejected.already_cooperating}`);
    // Nothing in a range before any suggestion; a range backwards is refused.
    const none = await s.t.http().get('/api/v1/stats/rejections?to=2020-01-01').set(auth(s.c.coordinator));
    expect((none.body.items as Array<{ count: number }>).every((x) => x.count === 0)).toBe(true);
    const backwards = await s.t
      .http()
      .get('/api/v1/stats/rejections?from=2026-12-01&to=2026-11-01')
      .set(auth(s.c.coordinator));
    expect(backwards.status).toBe(400);
    await s.t.http().get('/api/v1/stats/rejections?from=2026-02-30').set(auth(s.c.coordinator)).expect(400);
    await s.t.http().get('/api/v1/stats/rejections').set(auth(s.c.enterpriseA)).expect(403);
  });

  it('lets an admin switch models; the worker follows within seconds, reviewed matches keep their features', async () => {
    const list = (await s.t.http().get('/api/v1/admin/ranker/models').set(auth(s.c.admin))).body as {
      items: ModelView[];
    };
    const learned = list.items.find((m) => m.version.startsWith('install-'))!;
    const approved = s.suggestions.find((x) => x.label === 2)!;
    const featuresOf = async () =>
      (
        (await s.t.http().get(`/api/v1/matches/${approved.matchId}`).set(auth(s.c.coordinator))).body as {
          explanation: { ranker: { features: Record<string, number> } };
        }
      ).explanation.ranker.features;
    const before = await featuresOf();
    // From whichever is active to the other, and back: both directions are an admin's activation.
    const order = learned.status === 'active' ? [SHIPPED.version, learned.version] : [learned.version, SHIPPED.version];
    for (const version of order) {
      const r = await s.t.http().post(`/api/v1/admin/ranker/models/${version}/activate`).set(auth(s.c.admin));
      expect(r.status).toBe(200);
      expect(r.body.model).toMatchObject({ version, status: 'active' });
      const current = await until(
        () => s.worker.get(RankerService).current(),
        (x) => x.version === version,
        10_000,
      );
      expect(current.version).toBe(version);
      const job = await until(
        async () =>
          (await s.t.http().get(`/api/v1/matching/jobs/${r.body.rematchJobId}`).set(auth(s.c.admin))).body as {
            state: string;
          },
        (j) => j.state === 'completed' || j.state === 'failed',
        60_000,
      );
      expect(job.state).toBe('completed');
      // Suggestions are scored by the model now active.
      const needId = s.suggestions[0].needId;
      const m = await s.t
        .http()
        .get(`/api/v1/needs/${needId}/matches?status=suggested&limit=5`)
        .set(auth(s.c.coordinator));
      for (const x of m.body.items as Array<{ explanation: { ranker: { version: string } } }>) {
        expect(x.explanation.ranker.version).toBe(version);
      }
      expect(await featuresOf()).toEqual(before);
    }
    await s.t.http().post(`/api/v1/admin/ranker/models/${order[1]}/activate`).set(auth(s.c.admin)).expect(409);
  });
});

describe('a candidate fitted on decisions at random is not promoted', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await scenario(true);
  }, 300_000);
  afterAll(async () => {
    await s?.t.close();
  });

  it('stores it as rejected, judged on the held-out needs’ true decisions; the shipped model stays active', async () => {
    const model = await trainNow(s);
    expect(model.status).toBe('rejected');
    expect(model.metrics.current.version).toBe(SHIPPED.version);
    expect(model.metrics.verdict).toMatch(/held-out/);
    const list = (await s.t.http().get('/api/v1/admin/ranker/models').set(auth(s.c.admin))).body as {
      items: ModelView[];
    };
    expect(list.items.find((m) => m.version === SHIPPED.version)?.status).toBe('active');
  });
});
