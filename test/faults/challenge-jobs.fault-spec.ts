import { addMember, challengeItem, createCast, seedCapabilities, seedNeeds, type Cast } from './catalogue.js';
import { Checks, outboxPicture, query, seconds, waitFor } from './checks.js';
import { Recorder, statusCounts } from './recorder.js';
import { startFaultEnv, type FaultEnv } from './service.js';

const OUTAGE_MS = 5000;
/** The relay re-sends a job Redis lost once it is 30 s old (outbox-relay.service.ts): within this of the worker. */
const RECOVERY_MS = 120000;
/** Needs each of the two enterprises posts, on topics 0..PAIRS-1: each topic's two needs are one common problem. */
const PAIRS = 4;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Invitations {
  state: string;
  items: Array<{ organization: { id: string } }>;
}

// The jobs a coordinator's step leaves behind (the invitations of a published challenge, a common-problem
// detection) accepted while no worker runs, then lost by Redis: one batch is flushed (FLUSHALL) after it was handed
// to Redis, the other is accepted while Redis is down and Redis comes back empty. Then one worker starts and nobody
// does anything else. Without the job outbox this fails: the first batch lived only in Redis (gone with FLUSHALL)
// and the second could not be queued at all (a 500, or a 201/202 whose job never exists), so the invitations would
// stay `pending` and no candidate would appear. Without the outbox's idempotence (job ids, the invitation summary,
// `runTracked`) a job sent twice (the API's dispatch, then the relay's) would invite or notify twice.
describe('fault: challenge invitations and a detection accepted, then lost by Redis', () => {
  let env: FaultEnv | null = null;
  let http: Recorder;
  let cast: Cast;
  /** The capability owners' organisations (each has capabilities on every topic, and one member). */
  const owners: string[] = [];
  let pairs: Array<[string, string]> = [];

  beforeAll(async () => {
    env = await startFaultEnv('challenge-jobs', { workers: 0 });
    http = new Recorder(env.baseUrl);
    cast = await createCast(http);
    owners.push(cast.ids.uni);
    for (const [kind, name, district, email] of [
      ['research_institute', '故障演练材料研究所', '香坊', 'inst@faults.example.org'],
      ['lab', '故障演练重点实验室', '南岗', 'lab@faults.example.org'],
      ['university', '故障演练农业大学', 'outside', 'agri@faults.example.org'],
    ]) {
      owners.push((await addMember(http, cast, { kind, name, district }, email)).id);
    }
    await seedCapabilities(http, cast, 36 * owners.length, owners);
    const other = await addMember(
      http,
      cast,
      { kind: 'enterprise', name: '故障演练热电有限公司', district: '道里' },
      'ent2@faults.example.org',
    );
    const a = await seedNeeds(http, cast, PAIRS, '甲企业需求');
    const b = await seedNeeds(http, cast, PAIRS, '乙企业需求', other.token);
    pairs = a.map((id, i) => [id, b[i]]);
  });

  afterAll(async () => {
    await env?.close();
  });

  it('invites each owner exactly once and detects each common problem once, by itself', async () => {
    const e = env!;
    const checks = new Checks('challenge-jobs');
    const db = e.databaseUrl;
    const coordinator = cast.coordinator;
    const detect = () =>
      http.post<{ jobId: string }>('/api/v1/common-problems/detect', { token: coordinator, label: 'detect' });

    // 1. No worker runs: a challenge published at creation and a detection, both handed to Redis; then FLUSHALL.
    const published = await http.post<{ id: string }>('/api/v1/challenges', {
      token: coordinator,
      body: { ...challengeItem(0, '清空前发布', cast.ids.ent), publish: true },
      label: 'publish',
    });
    const detectBefore = await detect();
    const draft = await http.post<{ id: string }>('/api/v1/challenges', {
      token: coordinator,
      body: challengeItem(1, '停机期间发布', cast.ids.ent),
      label: 'draft',
    });
    await e.redis.flushAll();

    // 2. Redis down: the draft is published by a transition and a second detection is asked for; Redis returns empty.
    await e.redis.shutdownEmpty();
    const stoppedAt = Date.now();
    const moved = await http.post(`/api/v1/challenges/${draft.body?.id}/transitions`, {
      token: coordinator,
      body: { to: 'published' },
      label: 'transition',
    });
    const detectDuring = await detect();
    await sleep(OUTAGE_MS - (Date.now() - stoppedAt));
    await e.redis.start();

    // 3. A worker starts; nobody does anything else.
    const workerAt = Date.now();
    const worker = await e.startWorker();
    const challengeIds = [published.body?.id, draft.body?.id].filter((x): x is string => !!x);
    // The second request finds the first run still waiting (no worker yet) and is answered with its job id.
    const jobIds = [...new Set([detectBefore.body?.jobId, detectDuring.body?.jobId].filter((x): x is string => !!x))];
    const invitations = (id: string) =>
      http.get<Invitations>(`/api/v1/challenges/${id}/invitations`, { token: coordinator, label: 'invitations' });
    const settled = await waitFor(
      async () => ({
        states: await Promise.all(challengeIds.map(async (id) => (await invitations(id)).body?.state)),
        detections: (
          await query<{ n: number }>(
            db,
            `SELECT count(*)::int AS n FROM job_outbox WHERE job_id = ANY($1::text[]) AND completed_at IS NOT NULL`,
            [jobIds],
          )
        )[0].n,
        outbox: await outboxPicture(db),
      }),
      (v) =>
        v.states.length === 2 && v.states.every((s) => s === 'done') && v.detections === 1 && v.outbox.pending === 0,
      RECOVERY_MS,
    );

    // What was invited and told, per challenge.
    const lists = await Promise.all(challengeIds.map(async (id) => (await invitations(id)).body));
    const summaries = await query<{ challenge_id: string; n: number; items: number }>(
      db,
      `SELECT challenge_id, count(*) FILTER (WHERE data @> '{"summary": true}')::int AS n,
              count(*) FILTER (WHERE NOT data @> '{"summary": true}')::int AS items
         FROM challenge_events WHERE kind = 'invitation' GROUP BY challenge_id`,
    );
    // Every inbox row of an invitation: (challenge, organisation of the recipient, recipient).
    const told = await query<{ challenge_id: string; organization_id: string; n: number }>(
      db,
      `SELECT e.payload->>'challengeId' AS challenge_id, u.organization_id, count(*)::int AS n
         FROM notification_events e JOIN notifications n ON n.event_id = e.id JOIN users u ON u.id = n.user_id
        WHERE e.type = 'challenge.invitation' GROUP BY 1, 2, u.id`,
    );
    const invited = challengeIds.map((id, k) => ({
      id,
      orgs: (lists[k]?.items ?? []).map((x) => x.organization.id),
      summary: summaries.find((s) => s.challenge_id === id),
      told: told.filter((t) => t.challenge_id === id),
    }));

    // The common problems: each pair of needs in exactly one candidate, and the coordinators told once.
    const problems = await query<{ id: string; needs: string[]; detected: number }>(
      db,
      `SELECT p.id, array_agg(DISTINCT m.need_id::text) AS needs,
              (SELECT count(*)::int FROM common_problem_events v WHERE v.problem_id = p.id AND v.kind = 'detected') AS detected
         FROM common_problems p JOIN common_problem_needs m ON m.problem_id = p.id GROUP BY p.id`,
    );
    const holding = (pair: [string, string]) => problems.filter((p) => pair.every((id) => p.needs.includes(id))).length;
    const [detectedNotices] = await query<{ events: number; inbox: number }>(
      db,
      `SELECT count(DISTINCT e.id)::int AS events, count(n.id)::int AS inbox
         FROM notification_events e JOIN notifications n ON n.event_id = e.id JOIN users u ON u.id = n.user_id
        WHERE e.type = 'common_problem.detected' AND u.email = $1`,
      [cast.emails.coordinator],
    );
    const log = worker.proc.output();
    const lines = (msg: string) => log.split('\n').filter((l) => l.includes(`"msg":"${msg}"`));
    const runs = (msg: string) => lines(msg).length;
    // Jobs the worker's relay sent to Redis again because Redis no longer held them (or never had).
    const resent = lines('relay reconciled the outbox with Redis').reduce(
      (n, l) => n + Number(/"sent":(\d+)/.exec(l)?.[1] ?? 0),
      0,
    );
    const outbox = settled.value.outbox;

    checks.figures(
      `accepted with no worker: publish ${published.status}, detect ${detectBefore.status}, then FLUSHALL; ` +
        `Redis down ${seconds(OUTAGE_MS)}: transition to published ${moved.status}, detect ${detectDuring.status}; ` +
        (settled.at === null
          ? `NOT settled within ${seconds(RECOVERY_MS)} of the worker's start`
          : `all settled ${seconds(settled.at - workerAt)} after the worker's start`) +
        ` (invitations ${settled.value.states.join('/')}, detections completed ${settled.value.detections}/1); ` +
        `organisations invited ${invited.map((x) => x.orgs.length).join(' and ')} of ${owners.length} owners; ` +
        `candidates ${problems.length} (expected ${PAIRS}); jobs re-sent by the relay ${resent}; handler runs: invitations ${runs('challenge invitations sent')}, ` +
        `detections ${runs('common problems detected')}; job_outbox failed ${outbox.failed}, not completed ${outbox.pending}; ` +
        `all responses ${statusCounts(http.samples)}`,
    );
    checks.that(
      'every step is accepted (201 publish, 200 transition, 202 detect), with Redis flushed or down',
      published.status === 201 &&
        draft.status === 201 &&
        moved.status === 200 &&
        detectBefore.status === 202 &&
        detectDuring.status === 202,
      `publish ${published.status}, draft ${draft.status}, transition ${moved.status}, detect ${detectBefore.status} and ${detectDuring.status}`,
    );
    checks.that(
      `the invitations of both challenges reach done within ${seconds(RECOVERY_MS)} of the worker's start`,
      settled.value.states.length === 2 && settled.value.states.every((s) => s === 'done'),
      settled.value.states.join(', '),
    );
    for (const [k, x] of invited.entries()) {
      const which =
        k === 0 ? 'the challenge published before FLUSHALL' : 'the challenge published while Redis was down';
      checks.that(
        `${which}: every capability owner invited once, never the issuer`,
        x.orgs.length === owners.length &&
          new Set(x.orgs).size === x.orgs.length &&
          owners.every((o) => x.orgs.includes(o)),
        `invited ${x.orgs.length} (${new Set(x.orgs).size} distinct) of ${owners.length} owners`,
      );
      checks.that(
        `${which}: one invitation summary, one invitation event per organisation`,
        x.summary?.n === 1 && x.summary.items === x.orgs.length,
        `summaries ${x.summary?.n ?? 0}, invitation events ${x.summary?.items ?? 0}`,
      );
      checks.that(
        `${which}: each invited organisation's member has exactly one invitation notification, nobody else any`,
        x.told.length === x.orgs.length && x.told.every((t) => t.n === 1 && x.orgs.includes(t.organization_id)),
        `${x.told.length} recipients, notifications each ${x.told.map((t) => t.n).join(',') || 'none'}`,
      );
    }
    checks.that(
      'the detection asked for twice while it waited is one run, and it completes',
      jobIds.length === 1 && settled.value.detections === 1,
      `${jobIds.length} job id(s), ${settled.value.detections}/1 completed in job_outbox`,
    );
    checks.that(
      'each common problem (two enterprises, one topic) is exactly one candidate, detected once',
      pairs.every((p) => holding(p) === 1) && problems.length === PAIRS && problems.every((p) => p.detected === 1),
      `${problems.length} candidates; pairs held ${pairs.map(holding).join(',')}; detected events ${problems.map((p) => p.detected).join(',')}`,
    );
    checks.that(
      'the coordinator is told of the new candidates once',
      detectedNotices.events === 1 && detectedNotices.inbox === 1,
      `${detectedNotices.events} events, ${detectedNotices.inbox} inbox rows`,
    );
    checks.that(
      'each accepted job did its work exactly once (worker log: invitations sent, common problems detected)',
      runs('challenge invitations sent') === 2 && runs('common problems detected') === 1,
      `invitations ${runs('challenge invitations sent')}, detections ${runs('common problems detected')}`,
    );
    checks.that(
      'no job_outbox row failed or left unfinished',
      outbox.failed === 0 && outbox.pending === 0,
      `${outbox.failed} failed (${outbox.failedErrors.join(' | ')}), ${outbox.pending} not completed`,
    );
    checks.that(
      'no 500 (or other 5xx) at any time',
      http.samples.every((s) => s.status < 500),
      statusCounts(http.samples),
    );
    checks.that(
      'the API and the worker ran throughout (nobody restarted anything)',
      e.api.running() && worker.running(),
      [e.api, ...e.workers].map((p) => `${p.name} ${p.running() ? 'running' : 'exited'}`).join(', '),
    );
    checks.assertAll(e);
  });
});
