import { createCast, login, needItem, seedCapabilities, USER_PASSWORD, type Cast } from './catalogue.js';
import { Checks, deadlineScheduleExists, duplicatePairs, matchPicture, seconds, waitFor } from './checks.js';

/** The deadline schedule must be back this soon after a flush (issue 10). */
const SCHEDULE_BACK_MS = 120000;
import { Recorder, statusCounts } from './recorder.js';
import { startFaultEnv, type FaultEnv } from './service.js';

// Redis loses everything (FLUSHALL) after a user signed out and after an account was throttled: neither the
// sign-out nor the throttle may be undone by it.
describe('fault: FLUSHALL after a sign-out and after failed sign-ins', () => {
  let env: FaultEnv | null = null;
  let http: Recorder;
  let cast: Cast;

  beforeAll(async () => {
    env = await startFaultEnv('redis-flush', { workers: 0 });
    http = new Recorder(env.baseUrl);
    cast = await createCast(http);
  });

  afterAll(async () => {
    await env?.close();
  });

  it('keeps a signed-out token refused and a throttled account throttled', async () => {
    const e = env!;
    const checks = new Checks('redis-flush');

    // A second session of the enterprise member, ended by signing out; the cast's session stays signed in.
    const ended = await login(http, cast.emails.enterprise);
    const logout = await http.post('/api/v1/auth/logout', { token: ended, label: 'logout' });
    const beforeFlush = await http.get('/api/v1/me', { token: ended, label: 'me-ended' });
    await e.redis.flushAll();
    const meAfter = await http.get('/api/v1/me', { token: ended, label: 'me-ended' });
    const postAfter = await http.post('/api/v1/needs', {
      token: ended,
      body: needItem(0, '注销后的需求'),
      label: 'post-need-ended',
    });
    const liveAfter = await http.get('/api/v1/me', { token: cast.enterprise, label: 'me-live' });

    // Five wrong passwords for one account from one address, then the sixth is refused before the password counts.
    const email = cast.emails.university;
    const wrong = () =>
      http.post('/api/v1/auth/login', { body: { email, password: 'Wrong-Password-000' }, label: 'login-wrong' });
    const firstFive: number[] = [];
    for (let i = 0; i < 5; i++) firstFive.push((await wrong()).status);
    const sixth = await wrong();
    await e.redis.flushAll();
    const seventh = await wrong();
    const correct = await http.post('/api/v1/auth/login', {
      body: { email, password: USER_PASSWORD },
      label: 'login-right',
    });

    checks.figures(
      `sign-out ${logout.status}; ended token before FLUSHALL GET /me ${beforeFlush.status}, after FLUSHALL GET /me ` +
        `${meAfter.status} and POST /needs ${postAfter.status}; a live session after FLUSHALL GET /me ${liveAfter.status}; ` +
        `wrong passwords 1-5 ${firstFive.join(',')}, 6th ${sixth.status} (Retry-After ${sixth.headers?.get('retry-after') ?? '-'}), ` +
        `after FLUSHALL 7th ${seventh.status}, right password then ${correct.status}; all responses ${statusCounts(http.samples)}`,
    );
    checks.that('sign-out answers 200', logout.status === 200, `${logout.status}`);
    checks.that(
      'the ended token is refused before the flush (401)',
      beforeFlush.status === 401,
      `${beforeFlush.status}`,
    );
    checks.that(
      'after FLUSHALL the ended token is still refused on GET /me (401)',
      meAfter.status === 401,
      `${meAfter.status}`,
    );
    checks.that(
      'after FLUSHALL the ended token is still refused on POST /needs (401)',
      postAfter.status === 401,
      `${postAfter.status}`,
    );
    checks.that(
      'a session that was not ended still works after FLUSHALL (200)',
      liveAfter.status === 200,
      `${liveAfter.status}`,
    );
    checks.that(
      'five wrong passwords answer 401, the sixth 429 with Retry-After',
      firstFive.every((s) => s === 401) && sixth.status === 429 && !!sixth.headers?.get('retry-after'),
      `${firstFive.join(',')} then ${sixth.status}`,
    );
    checks.that('FLUSHALL does not reset the sign-in counter (still 429)', seventh.status === 429, `${seventh.status}`);
    checks.that(
      'no 500 (or other 5xx) at any time',
      http.samples.every((s) => s.status < 500),
      statusCounts(http.samples),
    );
    checks.assertAll(e);
  });

  it('brings the deadline schedule and every acknowledged need back by itself after a FLUSHALL under a running worker', async () => {
    const e = env!;
    const checks = new Checks('redis-flush-worker');
    await seedCapabilities(http, cast, 240);
    await e.startWorker();
    const registered = await waitFor(
      () => deadlineScheduleExists(e),
      (x) => x,
      30000,
    );
    // Needs acknowledged just before everything Redis held is lost (their jobs among it, perhaps unfinished).
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await http.post<{ id: string }>('/api/v1/needs', {
        token: cast.enterprise,
        body: needItem(i, '清空前的需求'),
        label: 'post-need',
      });
      if (r.status === 201 && r.body) ids.push(r.body.id);
    }
    const flushedAt = Date.now();
    await e.redis.flushAll();
    const [schedule, matched] = await Promise.all([
      waitFor(
        () => deadlineScheduleExists(e),
        (x) => x,
        SCHEDULE_BACK_MS,
      ),
      waitFor(
        () => matchPicture(e.databaseUrl, ids),
        (p) => p.matched === ids.length,
        SCHEDULE_BACK_MS,
      ),
    ]);
    checks.figures(
      `FLUSHALL under a running worker: deadline schedule back ${schedule.at === null ? 'never' : `${seconds(schedule.at - flushedAt)} after the flush`}; ` +
        `needs acknowledged just before 10 (201: ${ids.length}), matched ${matched.value.matched}` +
        `${matched.at === null ? '' : ` ${seconds(matched.at - flushedAt)} after the flush`}; duplicate pairs ${await duplicatePairs(e.databaseUrl)}`,
    );
    checks.that('the worker registered the deadline schedule at start', registered.at !== null, '');
    checks.that(
      `the deadline schedule is back within ${seconds(SCHEDULE_BACK_MS)} of the flush`,
      schedule.at !== null,
      schedule.at === null ? 'absent' : seconds(schedule.at - flushedAt),
    );
    checks.that(
      'every need acknowledged before the flush gets its matches',
      matched.at !== null,
      `${matched.value.matched}/${ids.length}`,
    );
    checks.that('no duplicate pairs', (await duplicatePairs(e.databaseUrl)) === 0, '');
    checks.that(
      'no 500 (or other 5xx) at any time',
      http.samples.every((s) => s.status < 500),
      statusCounts(http.samples),
    );
    checks.assertAll(e);
  });
});
