// What a scenario asserts, read straight from the private PostgreSQL, and a collector that evaluates every check
// of a scenario before failing (so one run shows all that holds and all that does not).
import { Queue } from 'bullmq';
import pg from 'pg';
import type { FaultEnv } from './service.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One query on a fresh connection: the cluster may have been restarted since the last one. */
export async function query<T>(databaseUrl: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

export interface MatchPicture {
  /** Needs among those asked about that have at least one match. */
  matched: number;
  /** Needs without any match that the worker did rank (nothing above the relevance floor). */
  rankedWithoutMatches: number;
  /** Needs without any match that were never ranked. */
  neverRanked: number;
  unmatchedIds: string[];
}

export async function matchPicture(databaseUrl: string, needIds: string[]): Promise<MatchPicture> {
  if (!needIds.length) return { matched: 0, rankedWithoutMatches: 0, neverRanked: 0, unmatchedIds: [] };
  const rows = await query<{ id: string; matched: boolean; ranked: boolean }>(
    databaseUrl,
    `SELECT n.id,
            EXISTS (SELECT 1 FROM matches m WHERE m.need_id = n.id) AS matched,
            EXISTS (SELECT 1 FROM need_rankings r WHERE r.need_id = n.id) AS ranked
       FROM unnest($1::uuid[]) AS n(id)`,
    [needIds],
  );
  const unmatched = rows.filter((r) => !r.matched);
  return {
    matched: rows.length - unmatched.length,
    rankedWithoutMatches: unmatched.filter((r) => r.ranked).length,
    neverRanked: unmatched.filter((r) => !r.ranked).length,
    unmatchedIds: unmatched.map((r) => r.id),
  };
}

export async function openNeedIds(databaseUrl: string): Promise<string[]> {
  return (await query<{ id: string }>(databaseUrl, `SELECT id FROM needs WHERE status = 'open' ORDER BY id`)).map(
    (r) => r.id,
  );
}

/** (need_id, capability_id) pairs held more than once; the unique key should make this 0, checked anyway. */
export async function duplicatePairs(databaseUrl: string): Promise<number> {
  const [r] = await query<{ n: number }>(
    databaseUrl,
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM matches GROUP BY need_id, capability_id HAVING count(*) > 1) d`,
  );
  return r.n;
}

export interface OutboxPicture {
  failed: number;
  pending: number;
  failedErrors: string[];
}

export async function outboxPicture(databaseUrl: string): Promise<OutboxPicture> {
  const [r] = await query<{ failed: number; pending: number; errors: string[] | null }>(
    databaseUrl,
    `SELECT count(*) FILTER (WHERE failed_at IS NOT NULL)::int AS failed,
            count(*) FILTER (WHERE completed_at IS NULL AND failed_at IS NULL)::int AS pending,
            (array_agg(DISTINCT left(error, 160)) FILTER (WHERE failed_at IS NOT NULL))[1:3] AS errors
       FROM job_outbox`,
  );
  return { failed: r.failed, pending: r.pending, failedErrors: r.errors ?? [] };
}

export interface RunPicture {
  state: string;
  totalChunks: number | null;
  doneChunks: number;
  error: string | null;
}

export async function rematchRun(databaseUrl: string, id: string): Promise<RunPicture> {
  const [r] = await query<{ state: string; total_chunks: number | null; done_chunks: number; error: string | null }>(
    databaseUrl,
    `SELECT state::text, total_chunks, done_chunks, error FROM rematch_runs WHERE id = $1`,
    [id],
  );
  return { state: r.state, totalChunks: r.total_chunks, doneChunks: r.done_chunks, error: r.error };
}

/** Polls `what` until `ok` holds or `ms` have passed; returns the last value and when `ok` first held. */
export async function waitFor<T>(
  what: () => Promise<T>,
  ok: (v: T) => boolean,
  ms: number,
  every = 1000,
): Promise<{ value: T; at: number | null }> {
  const end = Date.now() + ms;
  for (;;) {
    let v: T | undefined;
    try {
      v = await what();
    } catch {
      // the service being asked may be down still; try again
    }
    if (v !== undefined && ok(v)) return { value: v, at: Date.now() };
    if (Date.now() > end) {
      if (v === undefined) v = await what();
      return { value: v, at: null };
    }
    await sleep(every);
  }
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Soft assertions: each check is printed (PASS/FAIL with what was observed); `assertAll` fails with them all. */
export class Checks {
  private readonly results: Array<{ name: string; pass: boolean; observed: string }> = [];

  constructor(private readonly scenario: string) {}

  that(name: string, pass: boolean, observed: string): boolean {
    this.results.push({ name, pass, observed });
    return pass;
  }

  /** The scenario's figures, one line the lead can copy into docs/reliability.md. */
  figures(line: string): void {
    console.log(`FAULT ${this.scenario}: ${line}`);
  }

  assertAll(env: FaultEnv | null): void {
    const lines = this.results.map(
      (r) => `CHECK ${this.scenario} ${r.pass ? 'PASS' : 'FAIL'}: ${r.name} — ${r.observed}`,
    );
    console.log(lines.join('\n'));
    const failed = this.results.filter((r) => !r.pass);
    if (!failed.length) return;
    const message =
      `${failed.length} of ${this.results.length} checks failed in ${this.scenario}:\n` +
      failed.map((r) => `  - ${r.name}: ${r.observed}`).join('\n');
    throw env ? env.failure(message) : new Error(message);
  }
}

const DEADLINES = { queue: 'notifications', scheduler: 'need-deadlines' };

/** Whether the hourly deadline check is scheduled in Redis (BullMQ's own view of its job schedulers). */
export async function deadlineScheduleExists(env: FaultEnv): Promise<boolean> {
  const q = new Queue(DEADLINES.queue, {
    connection: { url: env.redis.url, maxRetriesPerRequest: 1, enableOfflineQueue: false },
    prefix: env.env.QUEUE_PREFIX,
  });
  try {
    await q.waitUntilReady();
    return !!(await q.getJobScheduler(DEADLINES.scheduler));
  } finally {
    await q.close().catch(() => undefined);
  }
}
