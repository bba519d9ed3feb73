import { createCast, seedMatched, type Cast } from './catalogue.js';
import {
  Checks,
  deadlineScheduleExists,
  duplicatePairs,
  matchPicture,
  outboxPicture,
  seconds,
  waitFor,
} from './checks.js';
import { countStatus, Recorder, statusCounts } from './recorder.js';
import { startFaultEnv, type FaultEnv } from './service.js';
import { during, namesDown, poll, postNeeds } from './traffic.js';

const OUTAGE_MS = 10000;
const AFTER_MS = 5000;
const RECOVERY_MS = Number(process.env.FAULT_RECOVERY_SECONDS ?? 150) * 1000;
/** The deadline schedule must be back this soon after Redis returns empty (issue 10). */
const SCHEDULE_BACK_MS = 120000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// Redis is shut down without saving (everything it held is lost) for 10 s while needs are posted at 5/s, then comes
// back empty on the same port. Nobody touches the API or the worker.
describe('fault: Redis shut down empty for 10 s', () => {
  let env: FaultEnv | null = null;
  let http: Recorder;
  let cast: Cast;
  let scheduledBefore = false;

  beforeAll(async () => {
    env = await startFaultEnv('redis-outage', { workers: 1 });
    http = new Recorder(env.baseUrl);
    cast = await createCast(http);
    await seedMatched(env, http, cast, 24, 60000);
    scheduledBefore = await deadlineScheduleExists(env);
  });

  afterAll(async () => {
    await env?.close();
  });

  it('keeps PostgreSQL-only writes working, never answers 500, and catches up by itself', async () => {
    const e = env!;
    const checks = new Checks('redis-outage');
    const db = e.databaseUrl;

    const needs = postNeeds(http, cast.enterprise, 5, '缓存停机期间需求');
    const me = poll(http, '/api/v1/me', 'me', 500, cast.enterprise);
    await sleep(3000);
    const stopAt = Date.now();
    await e.redis.shutdownEmpty();
    const stoppedAt = Date.now();
    const ready = poll(http, '/health/ready', 'ready', 1000);
    await sleep(OUTAGE_MS - (Date.now() - stopAt));
    await ready.stop();
    const restartAt = Date.now();
    await e.redis.start();
    const upAt = Date.now();
    const scheduleBack = waitFor(
      () => deadlineScheduleExists(e),
      (v) => v,
      SCHEDULE_BACK_MS,
      2000,
    );
    await sleep(AFTER_MS);
    await needs.stop();
    await me.stop();

    const ackIds = needs.acknowledged.map((a) => a.id);
    const settled = await waitFor(
      () => matchPicture(db, ackIds),
      (p) => p.matched === ackIds.length,
      RECOVERY_MS - (Date.now() - upAt),
      2000,
    );
    const schedule = await scheduleBack;
    const picture = settled.value;
    const outbox = await outboxPicture(db);
    const dupes = await duplicatePairs(db);

    const outageNeeds = during(http.samples, stoppedAt, restartAt, 'post-need');
    const outageMe = during(http.samples, stoppedAt, restartAt, 'me');
    const readySamples = http.samples.filter((s) => s.label === 'ready' && s.sentAt >= stoppedAt + 2000);
    const slowest = Math.max(0, ...[...outageNeeds, ...outageMe].map((s) => s.at - s.sentAt));
    const acknowledgedDuring = needs.acknowledged.filter((a) => a.at >= stoppedAt && a.at < restartAt).length;

    checks.figures(
      `outage ${seconds(restartAt - stopAt)}; POST /needs during outage ${outageNeeds.length} (${statusCounts(outageNeeds)}), ` +
        `GET /me during outage ${outageMe.length} (${statusCounts(outageMe)}), slowest answer ${seconds(slowest)}; ` +
        `/health/ready during outage ${statusCounts(readySamples)}; acknowledged needs ${ackIds.length} ` +
        `(${acknowledgedDuring} during the outage), matched ${picture.matched} ` +
        (settled.at === null
          ? `NOT recovered within ${seconds(RECOVERY_MS)}`
          : `recovered (all acknowledged needs matched) ${seconds(settled.at - upAt)} after restart`) +
        `; deadline schedule ${scheduledBefore ? 'present' : 'ABSENT'} before, ` +
        (schedule.at === null
          ? `NOT back within ${seconds(SCHEDULE_BACK_MS)}`
          : `back ${seconds(schedule.at - upAt)} after restart`) +
        `; job_outbox failed ${outbox.failed}, not completed ${outbox.pending}; all responses ${statusCounts(http.samples)}`,
    );

    checks.that(
      'no 500 (or other 5xx but 503) at any time',
      http.serverErrors().length === 0,
      statusCounts(http.serverErrors()),
    );
    checks.that(
      'POST /needs during the outage answers 201 (it needs only PostgreSQL)',
      outageNeeds.length > 0 && countStatus(outageNeeds, 201) === outageNeeds.length,
      statusCounts(outageNeeds),
    );
    checks.that(
      'GET /me during the outage answers 200',
      outageMe.length > 0 && countStatus(outageMe, 200) === outageMe.length,
      statusCounts(outageMe),
    );
    checks.that(
      'GET /health/ready is 503 during the outage and names redis as down',
      readySamples.length > 0 && readySamples.every((s) => s.status === 503 && namesDown(s.body, 'redis')),
      `${statusCounts(readySamples)}; e.g. ${JSON.stringify(readySamples[0]?.body ?? null).slice(0, 240)}`,
    );
    checks.that(
      `every acknowledged need has matches within ${seconds(RECOVERY_MS)} of the restart`,
      settled.at !== null,
      `${picture.matched}/${ackIds.length} (ranked without matches ${picture.rankedWithoutMatches}, never ranked ${picture.neverRanked})`,
    );
    checks.that(
      `the deadline schedule (need-deadlines) is back within ${seconds(SCHEDULE_BACK_MS)} of the empty restart`,
      scheduledBefore && schedule.at !== null,
      `before: ${scheduledBefore ? 'present' : 'absent'}; after: ${schedule.at === null ? 'absent' : `back after ${seconds(schedule.at - upAt)}`}`,
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
    checks.assertAll(e);
  });
});
