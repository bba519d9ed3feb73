import { createCast, seedMatched, type Cast } from './catalogue.js';
import { Checks, duplicatePairs, matchPicture, openNeedIds, outboxPicture, query, seconds, waitFor } from './checks.js';
import { Recorder, statusCounts } from './recorder.js';
import { startFaultEnv, type FaultEnv } from './service.js';

interface JobView {
  state: string;
  progress: number;
  counts: { chunks: number | null; chunksDone: number };
  error?: string | null;
}

const NEEDS = 300;

// A worker is killed (SIGKILL: no shutdown hook, its jobs' locks left to expire) in the middle of a rematch of every
// open need; a new worker is started, and nobody does anything else.
describe('fault: worker SIGKILL mid-rematch', () => {
  let env: FaultEnv | null = null;
  let http: Recorder;
  let cast: Cast;

  beforeAll(async () => {
    env = await startFaultEnv('worker-kill', { workers: 1 });
    http = new Recorder(env.baseUrl);
    cast = await createCast(http);
    await seedMatched(env, http, cast, NEEDS, 120000);
  });

  afterAll(async () => {
    await env?.close();
  });

  it('completes the run by itself with every open need matched and no duplicate pair', async () => {
    const e = env!;
    const checks = new Checks('worker-kill');
    const job = async (id: string) =>
      (await http.get<JobView>(`/api/v1/matching/jobs/${id}`, { token: cast.coordinator, label: 'job' })).body;

    const accepted = await http.post<{ jobId: string }>('/api/v1/matching/rematch', {
      token: cast.coordinator,
      body: { scope: 'all' },
      label: 'rematch',
    });
    expect(accepted.status).toBe(202);
    const id = accepted.body.jobId;

    const mid = await waitFor(
      () => job(id),
      (j) => j.state === 'active' && j.counts.chunksDone >= 1,
      60000,
      20,
    );
    const victim = e.workers[0];
    await e.kill(victim);
    const killedAt = Date.now();
    const atKill = await job(id);
    if (mid.at === null || atKill.state === 'completed') {
      throw e.failure(
        `harness: the rematch was not caught mid-run (state ${atKill.state}, ${atKill.counts.chunksDone}/${atKill.counts.chunks} chunks); use more needs`,
      );
    }

    await e.startWorker();
    const readyAfter = Date.now() - killedAt;
    const end = await waitFor(
      () => job(id),
      (j) => j.state === 'completed' || j.state === 'failed',
      150000,
      500,
    );
    const recoveredIn = end.at === null ? null : end.at - killedAt;

    const db = e.databaseUrl;
    const open = await openNeedIds(db);
    const picture = await matchPicture(db, open);
    const dupes = await duplicatePairs(db);
    const outbox = await outboxPicture(db);
    const [chunks] = await query<{ total: number; done: number; max_attempts: number }>(
      db,
      `SELECT count(*)::int AS total, count(done_at)::int AS done, coalesce(max(attempts), 0)::int AS max_attempts
         FROM rematch_chunks WHERE run_id = $1`,
      [id],
    );

    checks.figures(
      `worker SIGKILLed at ${atKill.counts.chunksDone}/${atKill.counts.chunks} chunks; replacement worker ready ` +
        `${seconds(readyAfter)} after the kill; run ${end.value.state} ` +
        (recoveredIn === null ? `NOT finished within 150 s` : `${seconds(recoveredIn)} after the kill`) +
        ` (${end.value.counts.chunksDone}/${end.value.counts.chunks} chunks, at most ${chunks.max_attempts} attempts a chunk); ` +
        `open needs matched ${picture.matched}/${open.length}; duplicate pairs ${dupes}; ` +
        `responses ${statusCounts(http.samples)}`,
    );
    checks.that('the run reaches completed by itself', end.value.state === 'completed', `state ${end.value.state}`);
    checks.that(
      'every chunk is done',
      chunks.done === chunks.total && end.value.counts.chunksDone === end.value.counts.chunks,
      `${chunks.done}/${chunks.total} chunk rows done, job says ${end.value.counts.chunksDone}/${end.value.counts.chunks}`,
    );
    checks.that(
      'every open need has matches',
      picture.matched === open.length,
      `${picture.matched}/${open.length} (ranked without matches ${picture.rankedWithoutMatches}, never ranked ${picture.neverRanked})`,
    );
    checks.that('no duplicate (need, capability) pair', dupes === 0, `${dupes} duplicate pairs`);
    checks.that('no 500 at any time', http.serverErrors().length === 0, statusCounts(http.serverErrors()));
    checks.that(
      'no job_outbox row failed',
      outbox.failed === 0,
      `${outbox.failed} failed (${outbox.failedErrors.join(' | ')}), ${outbox.pending} not completed`,
    );
    checks.assertAll(e);
  });
});
