import { createCast, seedMatched, type Cast } from './catalogue.js';
import {
  Checks,
  duplicatePairs,
  matchPicture,
  outboxPicture,
  rematchRun,
  seconds,
  waitFor,
  type MatchPicture,
  type RunPicture,
} from './checks.js';
import { hasErrorShape, Recorder, statusCounts } from './recorder.js';
import { startFaultEnv, type FaultEnv } from './service.js';
import { during, namesDown, poll, postNeeds } from './traffic.js';

const OUTAGE_MS = 30000;
const AFTER_MS = 10000;
/** How long after the restart everything must have settled by itself. */
const RECOVERY_MS = Number(process.env.FAULT_RECOVERY_SECONDS ?? 150) * 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// PostgreSQL dies (`pg_ctl -m immediate`, as in a crash) for 30 s while needs are posted at 5/s and a rematch of
// every open need runs; it comes back on the same port and data directory. Nobody touches the API or the worker.
describe('fault: PostgreSQL stopped with -m immediate for 30 s', () => {
  let env: FaultEnv | null = null;
  let http: Recorder;
  let cast: Cast;

  beforeAll(async () => {
    env = await startFaultEnv('postgres-outage', { workers: 1 });
    http = new Recorder(env.baseUrl);
    cast = await createCast(http);
    await seedMatched(env, http, cast, 300, 120000);
  });

  afterAll(async () => {
    await env?.close();
  });

  it('answers 503 during the outage, never 500, and afterwards every acknowledged need gets its matches', async () => {
    const e = env!;
    const checks = new Checks('postgres-outage');
    const db = e.databaseUrl;

    const needs = postNeeds(http, cast.enterprise, 5, '停库期间需求');
    const me = poll(http, '/api/v1/me', 'me', 1000, cast.enterprise);
    await sleep(2000);
    const accepted = await http.post<{ jobId: string }>('/api/v1/matching/rematch', {
      token: cast.coordinator,
      body: { scope: 'all' },
      label: 'rematch',
    });
    const runId = accepted.status === 202 ? accepted.body.jobId : null;
    // Stop while the rematch is under way (some chunks done), or after 5 s at most.
    if (runId) {
      await waitFor(
        () => rematchRun(db, runId),
        (r) => r.doneChunks >= 1,
        5000,
        20,
      );
    }
    const runAtStop = runId ? await rematchRun(db, runId) : null;

    const stopAt = Date.now();
    await e.pg.stopImmediate();
    const stoppedAt = Date.now();
    const ready = poll(http, '/health/ready', 'ready', 1000);
    await sleep(OUTAGE_MS - (Date.now() - stopAt));
    await ready.stop();
    const restartAt = Date.now();
    await e.pg.start();
    const upAt = Date.now();
    const readyAgain = waitFor(
      async () => (await http.get('/health/ready', { label: 'ready-after' })).status,
      (s) => s === 200,
      RECOVERY_MS,
      500,
    );
    await sleep(AFTER_MS);
    await needs.stop();
    await me.stop();

    const acknowledged = needs.acknowledged;
    const ackIds = acknowledged.map((a) => a.id);
    const settled = await waitFor(
      async () => {
        const picture = await matchPicture(db, ackIds);
        const run = runId ? await rematchRun(db, runId) : null;
        return { picture, run };
      },
      (v: { picture: MatchPicture; run: RunPicture | null }) =>
        v.picture.matched === ackIds.length && (!v.run || v.run.state === 'completed' || v.run.state === 'failed'),
      RECOVERY_MS - (Date.now() - upAt),
      2000,
    );
    const readyAt = (await readyAgain).at;
    // Time to recover: the first moment every acknowledged need had matches (measured by the poll above).
    const matchedAt = settled.value.picture.matched === ackIds.length ? settled.at : null;
    const { picture, run } = settled.value;
    const outbox = await outboxPicture(db);
    const dupes = await duplicatePairs(db);

    const outageNeeds = during(http.samples, stoppedAt, restartAt, 'post-need');
    const outageMe = during(http.samples, stoppedAt, restartAt, 'me');
    const outage503 = [...outageNeeds, ...outageMe].filter((s) => s.status === 503);
    const readySamples = http.samples.filter((s) => s.label === 'ready' && s.sentAt >= stoppedAt + 2000);
    const beforeStop = acknowledged.filter((a) => a.at < stopAt).map((a) => a.id);
    const unmatchedBefore = beforeStop.filter((id) => picture.unmatchedIds.includes(id)).length;
    const slowest = Math.max(0, ...outageNeeds.map((s) => s.at - s.sentAt));

    checks.figures(
      `outage ${seconds(restartAt - stopAt)} (stop took ${seconds(stoppedAt - stopAt)}, start ${seconds(upAt - restartAt)}); ` +
        `POST /needs during outage ${outageNeeds.length} (${statusCounts(outageNeeds)}; slowest answer ${seconds(slowest)}), ` +
        `GET /me during outage ${outageMe.length} (${statusCounts(outageMe)}); /health/ready during outage ${statusCounts(readySamples)}; ` +
        `ready again ${readyAt === null ? 'NEVER' : seconds(readyAt - upAt)} after restart; ` +
        `acknowledged needs ${ackIds.length} (${beforeStop.length} before the stop), matched ${picture.matched} ` +
        `(unmatched: ${picture.rankedWithoutMatches} ranked without matches, ${picture.neverRanked} never ranked; ` +
        `${unmatchedBefore} of them acknowledged before the stop); ` +
        (matchedAt === null
          ? `NOT recovered within ${seconds(RECOVERY_MS)}`
          : `recovered (all acknowledged needs matched) ${seconds(matchedAt - upAt)} after restart`) +
        `; rematch run at stop ${runAtStop ? `${runAtStop.doneChunks}/${runAtStop.totalChunks}` : 'not accepted'}, ` +
        `finally ${run ? `${run.state} ${run.doneChunks}/${run.totalChunks}${run.error ? ` (${run.error.slice(0, 120)})` : ''}` : '-'}; ` +
        `job_outbox failed ${outbox.failed}, not completed ${outbox.pending}; all responses ${statusCounts(http.samples)}`,
    );

    checks.that(
      'no 500 (or other 5xx but 503) at any time',
      http.serverErrors().length === 0,
      statusCounts(http.serverErrors()),
    );
    checks.that(
      'every request during the outage is answered (no hang past 20 s, no dropped connection)',
      [...outageNeeds, ...outageMe].every((s) => s.status !== 0),
      `POST /needs ${statusCounts(outageNeeds)}; GET /me ${statusCounts(outageMe)}`,
    );
    checks.that(
      'POST /needs during the outage answers 503 (or 201), nothing else',
      outageNeeds.length > 0 && outageNeeds.every((s) => s.status === 503 || s.status === 201) && outage503.length > 0,
      statusCounts(outageNeeds),
    );
    checks.that(
      'each 503 carries Retry-After and the error shape {statusCode, error, message}',
      outage503.length > 0 && outage503.every((s) => !!s.retryAfter && hasErrorShape(s)),
      outage503.length
        ? `${outage503.filter((s) => !!s.retryAfter).length}/${outage503.length} with Retry-After, ` +
            `${outage503.filter(hasErrorShape).length}/${outage503.length} with the shape; e.g. ${JSON.stringify(outage503[0].body).slice(0, 200)}`
        : `no 503 seen (${statusCounts([...outageNeeds, ...outageMe])})`,
    );
    checks.that(
      'GET /health/ready is 503 during the outage and names postgres as down',
      readySamples.length > 0 && readySamples.every((s) => s.status === 503 && namesDown(s.body, 'postgres')),
      `${statusCounts(readySamples)}; e.g. ${JSON.stringify(readySamples[0]?.body ?? null).slice(0, 240)}`,
    );
    checks.that(
      'GET /health/ready is 200 again after the restart',
      readyAt !== null,
      readyAt === null ? 'never' : `${seconds(readyAt - upAt)} after the restart`,
    );
    checks.that(
      `every acknowledged need has matches within ${seconds(RECOVERY_MS)} of the restart`,
      matchedAt !== null,
      `${picture.matched}/${ackIds.length} matched; ${unmatchedBefore} of the unmatched were acknowledged before the stop`,
    );
    checks.that(
      'the rematch run reaches completed, or failed with a reason',
      !!run && (run.state === 'completed' || (run.state === 'failed' && !!run.error)),
      run
        ? `${run.state} ${run.doneChunks}/${run.totalChunks}${run.error ? `: ${run.error.slice(0, 200)}` : ''}`
        : 'rematch not accepted',
    );
    checks.that(
      'no job_outbox row left failed',
      outbox.failed === 0,
      `${outbox.failed} failed (${outbox.failedErrors.join(' | ')}), ${outbox.pending} not completed`,
    );
    checks.that('no duplicate (need, capability) pair', dupes === 0, `${dupes}`);
    checks.that(
      'the API and the worker ran throughout (nobody restarted anything)',
      e.api.running() && e.workers.every((w) => w.running()),
      [e.api, ...e.workers].map((p) => `${p.name} ${p.running() ? 'running' : 'exited'}`).join(', '),
    );
    checks.that(
      'the rematch was accepted and under way when PostgreSQL stopped (else this run did not test it)',
      accepted.status === 202 && !!runAtStop && runAtStop.state !== 'completed',
      `${accepted.status}, at the stop ${runAtStop ? `${runAtStop.state} ${runAtStop.doneChunks}/${runAtStop.totalChunks}` : '-'}`,
    );
    checks.assertAll(e);
  });
});
