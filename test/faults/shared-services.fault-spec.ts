import { addMember, createCast, secondmentPostItem, seedCapabilities, seedExperts, type Cast } from './catalogue.js';
import { Checks, outboxPicture, query, seconds, waitFor } from './checks.js';
import { countStatus, hasErrorShape, Recorder, statusCounts, type Reply } from './recorder.js';
import { startFaultEnv, type FaultEnv } from './service.js';

/** Posts opened per batch: one batch handed to Redis and flushed, one accepted while Redis is down. */
const POSTS_PER_BATCH = 3;
const REDIS_DOWN_MS = 5000;
const PG_OUTAGE_MS = 15000;
/** The outbox relay re-sends what Redis lost within seconds of a reconnection (30 s grace at worst). */
const RECOVERY_MS = 120000;
/** Paid service records each enterprise claims; every other one is also posted from a second browser tab. */
const RECORDS_PER_ENTERPRISE = 5;
/** Booking groups: on each day, three enterprises asked for three mutually overlapping slots of one instrument. */
const BOOKING_DAYS = [3, 4, 5, 6, 7, 8];
const GROUP_SLOTS: Array<[string, string]> = [
  ['09:00', '10:30'],
  ['09:30', '11:00'],
  ['10:00', '11:30'],
];
/** Clients start one after another this far apart, the first ones before PostgreSQL stops. */
const LAUNCH_EVERY_MS = 250;
const STOP_AFTER_MS = 2000;
/**
 * An impatient client: it retries a 503 (or no answer) on the next whole second, not after the Retry-After's 10 s.
 * Every client retries on the same tick, so when PostgreSQL is back they all arrive together (the herd after an
 * outage): the two tabs of a claim, and the three confirmations of an overlapping group, race each other.
 */
const RETRY_MS = 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The programme's bodies (as test/factories/vouchers.ts): province 60 %, city +30 % for a Harbin provider, 平房 +10 % for a 平房 pair. */
const SHARES = [
  {
    body: '黑龙江省科学技术厅',
    level: 'province',
    basePercent: 60,
    harbinBonusPercent: 0,
    sameDistrictBonusPercent: 0,
  },
  { body: '哈尔滨市科学技术局', level: 'city', basePercent: 0, harbinBonusPercent: 30, sameDistrictBonusPercent: 0 },
  {
    body: '平房区科学技术局',
    level: 'district',
    district: '平房',
    basePercent: 0,
    harbinBonusPercent: 0,
    sameDistrictBonusPercent: 10,
  },
];

/** The Harbin date `days` from today, and an ISO time on it at +08:00. */
const harbinDay = (days: number) => new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
const harbinTime = (days: number, hhmm: string) => `${harbinDay(days)}T${hhmm}:00+08:00`;

async function expect2xx<T>(what: string, p: Promise<Reply<T>>): Promise<T> {
  const r = await p;
  if (r.status < 200 || r.status >= 300)
    throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body).slice(0, 500)}`);
  return r.body;
}

/** What a claim or a confirmation is answered: the resource (`id`), or the error shape. */
interface Answer {
  id?: string;
  message?: string;
}

/** A client that keeps sending the same request while it is answered 503 (or not at all), until `deadline`. */
interface Persisted {
  final: Reply<Answer> | null;
  tries: number;
  startedAt: number;
}

async function persist(send: () => Promise<Reply<Answer>>, deadline: number, phaseMs = 0): Promise<Persisted> {
  const startedAt = Date.now();
  for (let tries = 1; ; tries++) {
    const r = await send();
    if (r.status !== 503 && r.status !== 0) return { final: r, tries, startedAt };
    if (Date.now() > deadline) return { final: null, tries, startedAt };
    await sleep(RETRY_MS - ((Date.now() - phaseMs) % RETRY_MS) + Math.floor(Math.random() * 20));
  }
}

// Two faults on issue 14's shared services (instruments, innovation vouchers, science envoys), with the compiled API
// and worker as real processes on a private PostgreSQL and Redis.
//
// 1. Envoy posts are opened while no worker runs; their ranking jobs (`envoys.rank-post`) are lost by Redis: one batch
//    after it was handed to Redis (FLUSHALL), the other accepted while Redis is down (it comes back empty). Then one
//    worker starts and nobody does anything else: every post must get its expert candidates, ranked exactly once.
//    Without the job outbox this fails: the first batch lived only in Redis and the second was never queued (or the
//    opening answered 500), so those posts would have no candidates until someone pressed "refresh". Without the
//    outbox's idempotence (one job id per request, completion marked in job_outbox) a job sent twice (the API's
//    dispatch, then the relay's) would rank a post twice (two `ranked` audit rows, two runs).
// 2. PostgreSQL dies (`pg_ctl -m immediate`) for 15 s while enterprises claim innovation vouchers for paid service
//    records (some claims posted twice, as from a second browser tab) and the provider confirms overlapping
//    instrument bookings; every client retries a 503 about once a second. The API must answer 503 during the outage
//    (never another 5xx, never a 2xx for what was not stored), and once PostgreSQL is back (nobody touching the
//    services) the retries must book each claim exactly once: one voucher_claims row per service record, one set of
//    balanced ledger legs, the programme's budget used equal to the sum reimbursed; and at most one booking of each
//    overlapping group confirmed. Without the claim's idempotency (UNIQUE service_record_id, the record's lock and
//    the replay answer) the retries that converge when PostgreSQL returns, or a retry of a claim whose answer was lost
//    with the connection, would book the same service twice (two claims, double ledger, budget overspent). Without
//    the exclusion constraint (a check-then-update instead) two confirmations of overlapping slots retried together
//    would both pass. Without the outage mapping the outage would answer 500.
describe('fault: shared services — envoy rankings lost by Redis, vouchers and bookings through a PostgreSQL outage', () => {
  let env: FaultEnv | null = null;
  let http: Recorder;
  let cast: Cast;
  let experts: Array<{ id: string; topic: number }> = [];
  /** Part 1's posts, with their topic; checked again at the end (never ranked a second time). */
  const posts: Array<{ id: string; topic: number; batch: 'flushed' | 'redis-down' }> = [];
  const rankedOnce = async (db: string) =>
    query<{ id: string; ranked: number }>(
      db,
      `SELECT p.id, (SELECT count(*)::int FROM secondment_events e
                       WHERE e.post_id = p.id AND e.subject = 'candidates' AND e.kind = 'ranked') AS ranked
         FROM unnest($1::uuid[]) AS p(id)`,
      [posts.map((p) => p.id)],
    );

  beforeAll(async () => {
    env = await startFaultEnv('shared-services', { workers: 0 });
    http = new Recorder(env.baseUrl);
    cast = await createCast(http);
    const institute = await addMember(
      http,
      cast,
      { kind: 'research_institute', name: '故障演练材料研究所', district: '香坊' },
      'inst@faults.example.org',
    );
    // Two expert teams on each of six topics, and other kinds of listings on the same topics that must not be offered.
    experts = await seedExperts(http, cast, 2 * POSTS_PER_BATCH, 2, [cast.ids.uni, institute.id]);
    await seedCapabilities(http, cast, 24);
  });

  afterAll(async () => {
    await env?.close();
  });

  it('ranks the candidates of every post opened while its job was lost, exactly once, by itself', async () => {
    const e = env!;
    const checks = new Checks('shared-services/envoys');
    const db = e.databaseUrl;
    const open = async (topic: number, batch: 'flushed' | 'redis-down') => {
      const created = await http.post<{ id: string }>('/api/v1/secondment-posts', {
        token: cast.enterprise,
        body: secondmentPostItem(topic, batch === 'flushed' ? '清空前开放' : '停机期间开放'),
        label: 'create-post',
      });
      if (created.status !== 201) return { created: created.status, opened: 0 };
      posts.push({ id: created.body.id, topic, batch });
      const opened = await http.post(`/api/v1/secondment-posts/${created.body.id}/transitions`, {
        token: cast.enterprise,
        body: { to: 'open' },
        label: 'open-post',
      });
      return { created: created.status, opened: opened.status };
    };

    // 1. No worker: the first batch is opened (its jobs handed to Redis), then Redis is flushed.
    const first: Array<{ created: number; opened: number }> = [];
    for (let k = 0; k < POSTS_PER_BATCH; k++) first.push(await open(k, 'flushed'));
    const keys = (await e.redis.cli('--scan', '--pattern', `${e.env.QUEUE_PREFIX}:maintenance:envoys-rank-post-*`))
      .split('\n')
      .filter((k) => /:envoys-rank-post-[0-9a-f-]+$/.test(k));
    await e.redis.flushAll();

    // 2. Redis down: the second batch is opened; Redis comes back empty.
    await e.redis.shutdownEmpty();
    const stoppedAt = Date.now();
    const second: Array<{ created: number; opened: number }> = [];
    for (let k = POSTS_PER_BATCH; k < 2 * POSTS_PER_BATCH; k++) second.push(await open(k, 'redis-down'));
    await sleep(REDIS_DOWN_MS - (Date.now() - stoppedAt));
    await e.redis.start();

    // 3. One worker starts; nobody does anything else (no refresh).
    const workerAt = Date.now();
    const worker = await e.startWorker();
    const rankJobs = () =>
      query<{ n: number; completed: number; failed: number }>(
        db,
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE completed_at IS NOT NULL)::int AS completed,
                count(*) FILTER (WHERE failed_at IS NOT NULL)::int AS failed
           FROM job_outbox WHERE name = 'envoys.rank-post'`,
      );
    const settled = await waitFor(
      async () => ({ ranked: await rankedOnce(db), jobs: (await rankJobs())[0] }),
      (v) =>
        v.ranked.length === 2 * POSTS_PER_BATCH &&
        v.ranked.every((r) => r.ranked >= 1) &&
        v.jobs.completed === v.jobs.n,
      RECOVERY_MS,
    );
    // A second run would come from a job sent twice, a few seconds apart at most: give the relay two more passes.
    await sleep(10000);

    const ranked = await rankedOnce(db);
    const jobs = (await rankJobs())[0];
    const pictures = await query<{
      id: string;
      candidates: number;
      distinct_caps: number;
      max_rank: number | null;
      runs: number;
      not_expert: number;
      top: string | null;
    }>(
      db,
      `SELECT p.id, count(k.capability_id)::int AS candidates, count(DISTINCT k.capability_id)::int AS distinct_caps,
              max(k.rank) AS max_rank, count(DISTINCT k.computed_at)::int AS runs,
              count(*) FILTER (WHERE c.kind <> 'expertise')::int AS not_expert,
              (array_agg(k.capability_id::text ORDER BY k.rank) FILTER (WHERE NOT k.near_miss))[1] AS top
         FROM unnest($1::uuid[]) AS p(id)
         LEFT JOIN secondment_post_candidates k ON k.post_id = p.id
         LEFT JOIN capabilities c ON c.id = k.capability_id
        GROUP BY p.id`,
      [posts.map((p) => p.id)],
    );
    // What the enterprise sees on the post's page.
    const shown = await Promise.all(
      posts.map(async (p) => {
        const r = await http.get<{ computedAt: string | null; items: unknown[] }>(
          `/api/v1/secondment-posts/${p.id}/candidates`,
          { token: cast.enterprise, label: 'candidates' },
        );
        return r.status === 200 && !!r.body.computedAt && r.body.items.length > 0;
      }),
    );
    const topicOf = new Map(experts.map((x) => [x.id, x.topic]));
    const onTopic = posts.filter((p) => {
      const top = pictures.find((x) => x.id === p.id)?.top;
      return !!top && topicOf.get(top) === p.topic;
    }).length;
    const log = worker.proc.output();
    const runs = log.split('\n').filter((l) => l.includes('"msg":"secondment post ranked"')).length;
    const resent = log
      .split('\n')
      .filter((l) => l.includes('"msg":"relay reconciled the outbox with Redis"'))
      .reduce((n, l) => n + Number(/"sent":(\d+)/.exec(l)?.[1] ?? 0), 0);
    const all = [...first, ...second];

    checks.figures(
      `no worker: ${POSTS_PER_BATCH} posts opened (${keys.length} rank jobs in Redis), then FLUSHALL; Redis down ` +
        `${seconds(REDIS_DOWN_MS)}: ${POSTS_PER_BATCH} posts opened (${second.map((s) => s.opened).join('/')}); ` +
        (settled.at === null
          ? `NOT all ranked within ${seconds(RECOVERY_MS)} of the worker's start`
          : `all ranked ${seconds(settled.at - workerAt)} after the worker's start`) +
        `; ranked events per post ${ranked.map((r) => r.ranked).join(',')}; rank jobs ${jobs.completed}/${jobs.n} completed, ` +
        `${jobs.failed} failed; handler runs ${runs}; jobs re-sent by the relay ${resent}; top candidate on the post's topic ${onTopic}/${posts.length}`,
    );
    checks.that(
      'every post was created (201) and opened (200), also while Redis was down',
      all.length === 2 * POSTS_PER_BATCH && all.every((s) => s.created === 201 && s.opened === 200),
      all.map((s) => `${s.created}/${s.opened}`).join(', '),
    );
    checks.that(
      "the first batch's rank jobs were in Redis before FLUSHALL (else this run did not lose them)",
      keys.length === POSTS_PER_BATCH,
      `${keys.length} envoys-rank-post jobs in Redis`,
    );
    checks.that(
      `every post is ranked within ${seconds(RECOVERY_MS)} of the worker's start, nobody acting`,
      settled.at !== null,
      `${ranked.filter((r) => r.ranked >= 1).length}/${posts.length} ranked`,
    );
    checks.that(
      'each post was ranked exactly once (one `ranked` audit row, one run of candidates)',
      ranked.length === posts.length &&
        ranked.every((r) => r.ranked === 1) &&
        pictures.every((p) => p.runs === 1) &&
        runs === posts.length,
      `audit rows per post ${ranked.map((r) => r.ranked).join(',')}; computed_at values ${pictures.map((p) => p.runs).join(',')}; worker runs ${runs}`,
    );
    checks.that(
      'each post has expert candidates only, each once, ranked 1..n',
      pictures.every(
        (p) =>
          p.candidates > 0 && p.not_expert === 0 && p.distinct_caps === p.candidates && p.max_rank === p.candidates,
      ),
      pictures
        .map(
          (p) => `${p.candidates} (${p.distinct_caps} distinct, max rank ${p.max_rank}, ${p.not_expert} not experts)`,
        )
        .join('; '),
    );
    checks.that(
      "each post's first candidate is an expert team on the post's own topic",
      onTopic === posts.length,
      `${onTopic}/${posts.length}`,
    );
    checks.that(
      'the enterprise sees the candidates on each post (GET /secondment-posts/:id/candidates)',
      shown.every(Boolean),
      `${shown.filter(Boolean).length}/${posts.length}`,
    );
    checks.that(
      'one rank job per opening, every one completed, none failed',
      jobs.n === posts.length && jobs.completed === jobs.n && jobs.failed === 0,
      `${jobs.n} jobs, ${jobs.completed} completed, ${jobs.failed} failed`,
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

  it('answers 503 while PostgreSQL is down, then books every retried claim once and never overlaps bookings', async () => {
    const e = env!;
    const checks = new Checks('shared-services/postgres');
    const db = e.databaseUrl;
    if (!e.workers.some((w) => w.running())) await e.startWorker();
    const setup = { label: 'setup' };
    const provider = cast.university;

    // Enterprises: the cast's (平房) and two more; the provider is the university (南岗).
    const enterprises = [
      { token: cast.enterprise, id: cast.ids.ent },
      await addMember(
        http,
        cast,
        { kind: 'enterprise', name: '故障演练热电有限公司', district: '道里' },
        'ent2@faults.example.org',
      ),
      await addMember(
        http,
        cast,
        { kind: 'enterprise', name: '故障演练农机有限公司', district: '香坊' },
        'ent3@faults.example.org',
      ),
    ];

    // A voucher programme, open, with an approved quota for each enterprise.
    const year = Number(harbinDay(0).slice(0, 4));
    const programme = await expect2xx(
      'programme',
      http.post<{ id: string }>('/api/v1/voucher-programmes', {
        ...setup,
        token: cast.coordinator,
        body: {
          name: '故障演练科技创新券',
          issuerLevel: 'city',
          issuerName: '哈尔滨市科学技术局',
          periodStart: `${year - 1}-01-01`,
          periodEnd: `${year + 1}-12-31`,
          shares: SHARES,
          capPerEnterpriseYuan: 100_000,
          budgetYuan: 1_000_000,
        },
      }),
    );
    await expect2xx(
      'open programme',
      http.post(`/api/v1/voucher-programmes/${programme.id}/transitions`, {
        ...setup,
        token: cast.coordinator,
        body: { to: 'open' },
      }),
    );
    const quotas: string[] = [];
    for (const ent of enterprises) {
      const q = await expect2xx(
        'quota',
        http.post<{ id: string }>(`/api/v1/voucher-programmes/${programme.id}/quotas`, {
          ...setup,
          token: ent.token,
          body: { category: 'tech_sme', categoryEvidence: '2027230100012345', requestedYuan: 50_000 },
        }),
      );
      await expect2xx(
        'approve quota',
        http.post(`/api/v1/voucher-quotas/${q.id}/transitions`, {
          ...setup,
          token: cast.coordinator,
          body: { to: 'approved', approvedYuan: 50_000 },
        }),
      );
      quotas.push(q.id);
    }

    // Paid service records: testing orders from request to report, through the API, each paid.
    const service = await expect2xx(
      'service capability',
      http.post<{ id: string }>('/api/v1/capabilities', {
        ...setup,
        token: provider,
        body: {
          kind: 'service',
          title: '金属材料力学性能检测',
          description: '拉伸、冲击、硬度检测，出具CMA检测报告。',
          sectors: ['hitech:0804'],
          keywords: ['拉伸试验', '力学性能'],
          cooperationModes: ['consulting'],
          district: '南岗',
        },
      }),
    );
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 0x42)]);
    const records: Array<{ id: string; enterprise: number; quotaId: string }> = [];
    for (const [n, ent] of enterprises.entries()) {
      for (let j = 0; j < RECORDS_PER_ENTERPRISE; j++) {
        const order = await expect2xx(
          'testing order',
          http.post<{ id: string }>(`/api/v1/capabilities/${service.id}/testing-orders`, {
            ...setup,
            token: ent.token,
            body: { samples: 'Q355B 钢板拉伸试样', sampleCount: 1 + j, standard: 'GB/T 228.1-2021', quantity: 1 + j },
          }),
        );
        const move = (to: string, extra: Record<string, unknown> = {}) =>
          expect2xx(
            `order ${to}`,
            http.post(`/api/v1/testing-orders/${order.id}/transitions`, {
              ...setup,
              token: provider,
              body: { to, ...extra },
            }),
          );
        await move('accepted', { unitPriceYuan: 700 + 100 * n, dueDate: harbinDay(10) });
        await move('samples_received');
        await move('testing');
        const up = await fetch(`${e.baseUrl}/api/v1/testing-orders/${order.id}/report?filename=report-${n}-${j}.pdf`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${provider}`, 'content-type': 'application/pdf' },
          body: pdf,
        });
        const issued = (await up.json()) as { serviceRecordId?: string };
        if (up.status !== 200 || !issued.serviceRecordId)
          throw new Error(`report: ${up.status} ${JSON.stringify(issued)}`);
        await expect2xx(
          'payment',
          http.post(`/api/v1/service-records/${issued.serviceRecordId}/payment`, {
            ...setup,
            token: provider,
            body: { invoiceNo: `0440021001${n}${String(j).padStart(9, '0')}` },
          }),
        );
        records.push({ id: issued.serviceRecordId, enterprise: n, quotaId: quotas[n] });
      }
    }

    // An instrument, and on each day three enterprises' requests for mutually overlapping slots.
    const equipment = await expect2xx(
      'equipment capability',
      http.post<{ id: string }>('/api/v1/capabilities', {
        ...setup,
        token: provider,
        body: {
          kind: 'equipment',
          title: '扫描电镜与能谱分析共享平台',
          description: '场发射扫描电镜，可做形貌观察与能谱分析，面向企业开放共享。',
          sectors: ['hitech:0804'],
          keywords: ['扫描电镜', '能谱分析'],
          cooperationModes: ['consulting'],
          district: '南岗',
        },
      }),
    );
    const instrument = await expect2xx(
      'instrument',
      http.post<{ id: string }>(`/api/v1/capabilities/${equipment.id}/instruments`, {
        ...setup,
        token: provider,
        body: {
          name: '场发射扫描电子显微镜',
          model: 'Hitachi SU8020',
          address: '南岗区西大直街92号 材料楼105室',
          mode: 'assisted',
          unit: 'hour',
          priceYuan: 400,
          openingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '08:00', to: '12:00' })),
          blackoutDates: [],
          minNoticeHours: 24,
        },
      }),
    );
    const bookings: Array<{ id: string; group: number }> = [];
    for (const [g, day] of BOOKING_DAYS.entries()) {
      for (const [n, [from, to]] of GROUP_SLOTS.entries()) {
        const b = await expect2xx(
          'booking',
          http.post<{ id: string }>(`/api/v1/instruments/${instrument.id}/bookings`, {
            ...setup,
            token: enterprises[n].token,
            body: { from: harbinTime(day, from), to: harbinTime(day, to), purpose: '正极材料形貌观察' },
          }),
        );
        bookings.push({ id: b.id, group: g });
      }
    }

    // The clients: each claim once, every other claim a second time from another tab, each booking confirmed by the
    // provider; started LAUNCH_EVERY_MS apart, PostgreSQL stopped STOP_AFTER_MS after the first.
    type Client =
      | { kind: 'claim'; record: (typeof records)[number]; tab: number }
      | { kind: 'confirm'; booking: (typeof bookings)[number] };
    const claimClients: Client[] = records.flatMap((record, i) => [
      { kind: 'claim' as const, record, tab: 1 },
      ...(i % 2 === 1 ? [{ kind: 'claim' as const, record, tab: 2 }] : []),
    ]);
    const confirmClients: Client[] = bookings.map((booking) => ({ kind: 'confirm' as const, booking }));
    // The first claims go before the stop; the confirmations all start during the outage, so that each group's three
    // are retried together.
    const before = Math.floor(STOP_AFTER_MS / LAUNCH_EVERY_MS);
    const clients: Client[] = claimClients.slice(0, before);
    for (let i = before, k = 0; i < claimClients.length || k < confirmClients.length; i++, k++) {
      if (i < claimClients.length) clients.push(claimClients[i]);
      if (k < confirmClients.length) clients.push(confirmClients[k]);
    }
    const launchEnd = clients.length * LAUNCH_EVERY_MS;
    const deadline = Date.now() + Math.max(launchEnd, STOP_AFTER_MS + PG_OUTAGE_MS) + RECOVERY_MS;
    const t0 = Date.now();
    const results = clients.map(async (c, i) => {
      await sleep(i * LAUNCH_EVERY_MS);
      if (c.kind === 'claim') {
        const ent = enterprises[c.record.enterprise];
        return persist(
          () =>
            http.post<Answer>('/api/v1/voucher-claims', {
              token: ent.token,
              body: { serviceRecordId: c.record.id, quotaId: c.record.quotaId },
              label: 'claim',
            }),
          deadline,
        );
      }
      return persist(
        () =>
          http.post<Answer>(`/api/v1/bookings/${c.booking.id}/transitions`, {
            token: provider,
            body: { to: 'confirmed' },
            label: 'confirm',
          }),
        deadline,
        // Their own tick, half a second after the claims' (which queue on the programme's lock and hold the pool).
        RETRY_MS / 2,
      );
    });
    await sleep(STOP_AFTER_MS - (Date.now() - t0));
    const stopAt = Date.now();
    await e.pg.stopImmediate();
    const stoppedAt = Date.now();
    await sleep(PG_OUTAGE_MS - (Date.now() - stopAt));
    const restartAt = Date.now();
    await e.pg.start();
    const upAt = Date.now();
    const outcomes = await Promise.all(results);
    const resolvedAt = Date.now();
    // The notifications of what was booked are jobs too: let the worker finish them before judging the outbox.
    const outboxSettled = await waitFor(
      () => outboxPicture(db),
      (o) => o.pending === 0,
      60000,
    );

    // What the database holds.
    const claims = await query<{ id: string; service_record_id: string; reimbursed_yuan: number; booked: number }>(
      db,
      `SELECT c.id, c.service_record_id, c.reimbursed_yuan::int,
              (SELECT count(*)::int FROM voucher_events v WHERE v.subject = 'claim' AND v.subject_id = c.id AND v.kind = 'booked') AS booked
         FROM voucher_claims c WHERE c.programme_id = $1`,
      [programme.id],
    );
    const [ledger] = await query<{
      unbalanced: number;
      budget_credit: number;
      claims_with_legs: number;
      entries_per_claim_max: number;
      mismatched: number;
    }>(
      db,
      `WITH e AS (SELECT entry_id, sum(debit_yuan) AS d, sum(credit_yuan) AS c FROM voucher_ledger WHERE programme_id = $1 GROUP BY entry_id),
            per AS (SELECT claim_id, count(DISTINCT entry_id)::int AS entries,
                           sum(credit_yuan) FILTER (WHERE account = 'programme_budget') AS budget
                      FROM voucher_ledger WHERE programme_id = $1 AND claim_id IS NOT NULL GROUP BY claim_id)
       SELECT (SELECT count(*)::int FROM e WHERE d <> c) AS unbalanced,
              (SELECT coalesce(sum(credit_yuan) - sum(debit_yuan), 0)::int FROM voucher_ledger
                 WHERE programme_id = $1 AND account = 'programme_budget') AS budget_credit,
              (SELECT count(*)::int FROM per) AS claims_with_legs,
              (SELECT coalesce(max(entries), 0)::int FROM per) AS entries_per_claim_max,
              (SELECT count(*)::int FROM per JOIN voucher_claims vc ON vc.id = per.claim_id WHERE per.budget <> vc.reimbursed_yuan) AS mismatched`,
      [programme.id],
    );
    const shownProgramme = await http.get<{ budgetUsedYuan: number }>(`/api/v1/voucher-programmes/${programme.id}`, {
      token: cast.coordinator,
      label: 'programme',
    });
    const bookingRows = await query<{ id: string; status: string }>(
      db,
      `SELECT id, status FROM instrument_bookings WHERE instrument_id = $1`,
      [instrument.id],
    );
    const [{ overlaps }] = await query<{ overlaps: number }>(
      db,
      `SELECT count(*)::int AS overlaps FROM instrument_bookings a JOIN instrument_bookings b
           ON a.instrument_id = b.instrument_id AND a.id < b.id AND a.period && b.period
        WHERE a.instrument_id = $1 AND a.status IN ('confirmed', 'completed') AND b.status IN ('confirmed', 'completed')`,
      [instrument.id],
    );
    const rankedAgain = await rankedOnce(db);

    // What the clients were told.
    const paired = outcomes.map((o, i) => ({ o, c: clients[i] }));
    const claimOutcomes = paired.filter(
      (x): x is { o: Persisted; c: Extract<Client, { kind: 'claim' }> } => x.c.kind === 'claim',
    );
    const confirmOutcomes = paired.filter(
      (x): x is { o: Persisted; c: Extract<Client, { kind: 'confirm' }> } => x.c.kind === 'confirm',
    );
    /** `{201: 15, 200: 7}` of the clients' final answers ('none' for a client never answered but 503). */
    const finals = (list: Array<{ o: Persisted }>) => {
      const counts = new Map<string, number>();
      for (const x of list) {
        const k = String(x.o.final?.status ?? 'none');
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      return [...counts.entries()].map(([k, n]) => `${k}: ${n}`).join(', ') || 'none';
    };
    const claimOf = new Map(claims.map((c) => [c.service_record_id, c]));
    const perRecord = records.map((r) => {
      const mine = claimOutcomes.filter((x) => x.c.record.id === r.id);
      const rows = claims.filter((c) => c.service_record_id === r.id);
      return {
        record: r.id,
        rows: rows.length,
        created: mine.filter((x) => x.o.final?.status === 201).length,
        finals: mine.map((x) => x.o.final?.status ?? 0),
        ids: new Set(mine.map((x) => x.o.final?.body?.id)),
        stored: claimOf.get(r.id)?.id,
      };
    });
    const statusOf = new Map(bookingRows.map((b) => [b.id, b.status]));
    const groups = BOOKING_DAYS.map(
      (_, g) => bookings.filter((b) => b.group === g).filter((b) => statusOf.get(b.id) === 'confirmed').length,
    );
    const confirmedButNot = confirmOutcomes.filter(
      (x) => x.o.final?.status === 200 && statusOf.get(x.c.booking.id) !== 'confirmed',
    );
    const confirm409 = confirmOutcomes.filter((x) => x.o.final?.status === 409);
    // A 409 is right for an overlap, or for the booking whose confirmation committed while its answer was lost.
    const wrong409 = confirm409.filter(
      (x) =>
        !/该时段已被其他预约占用/.test(String(x.o.final?.body?.message ?? '')) &&
        statusOf.get(x.c.booking.id) !== 'confirmed',
    );

    const inOutage = http.samples.filter(
      (s) => (s.label === 'claim' || s.label === 'confirm') && s.sentAt >= stoppedAt && s.sentAt < restartAt,
    );
    const outage503 = inOutage.filter((s) => s.status === 503);
    const firstTry = outcomes.filter((o) => o.startedAt < stopAt).length;
    const retried = outcomes.filter((o) => o.tries > 1).length;
    const sumReimbursed = claims.reduce((n, c) => n + c.reimbursed_yuan, 0);
    const traffic = http.samples.filter((s) => s.label === 'claim' || s.label === 'confirm');
    // Claims stored whose booking answer no client saw (lost with the connection): their retries answered 200.
    const lostAnswers = perRecord.filter((p) => p.rows === 1 && p.created === 0).length;

    checks.figures(
      `outage ${seconds(restartAt - stopAt)} (stop ${seconds(stoppedAt - stopAt)}, start ${seconds(upAt - restartAt)}); ` +
        `${clients.length} clients (${claimClients.length} claims for ${records.length} records, ${confirmClients.length} confirmations), ` +
        `${firstTry} started before the stop, ${retried} retried; during the outage ${statusCounts(inOutage)}; ` +
        `all resolved ${seconds(resolvedAt - upAt)} after the restart; final answers: claims ${finals(claimOutcomes)}, confirmations ${finals(confirmOutcomes)}; ` +
        `voucher_claims ${claims.length} for ${records.length} records (${lostAnswers} whose 201 was never seen), reimbursed ${sumReimbursed} yuan, budget used ` +
        `${shownProgramme.body?.budgetUsedYuan}; confirmed per group ${groups.join(',')}; outbox ` +
        `${outboxSettled.value.pending} pending, ${outboxSettled.value.failed} failed; all claim/confirm answers ${statusCounts(traffic)}`,
    );
    checks.that(
      'no 500 (or other 5xx but 503) at any time',
      http.serverErrors().length === 0,
      statusCounts(http.serverErrors()),
    );
    checks.that(
      'every request was answered (no hang past 20 s, no dropped connection)',
      http.unanswered().length === 0,
      statusCounts(http.unanswered()),
    );
    checks.that(
      'claims and confirmations sent during the outage are answered 503, nothing else',
      inOutage.length > 0 && inOutage.every((s) => s.status === 503),
      statusCounts(inOutage),
    );
    checks.that(
      'each 503 carries Retry-After and the error shape {statusCode, error, message}',
      outage503.length > 0 && outage503.every((s) => !!s.retryAfter && hasErrorShape(s)),
      `${outage503.filter((s) => !!s.retryAfter).length}/${outage503.length} with Retry-After, ` +
        `${outage503.filter(hasErrorShape).length}/${outage503.length} with the shape`,
    );
    checks.that(
      `every client got a final answer within ${seconds(RECOVERY_MS)} of the restart, nobody acting on the services`,
      outcomes.every((o) => o.final !== null),
      `${outcomes.filter((o) => o.final === null).length} still answered 503 or nothing`,
    );
    checks.that(
      'every claim ends 201 (booked) or 200 (the same claim back), never a refusal',
      claimOutcomes.every((x) => x.o.final?.status === 201 || x.o.final?.status === 200),
      finals(claimOutcomes),
    );
    checks.that(
      'exactly one voucher_claims row per service record',
      claims.length === records.length && perRecord.every((p) => p.rows === 1),
      `${claims.length} rows for ${records.length} records; rows per record ${perRecord.map((p) => p.rows).join(',')}`,
    );
    checks.that(
      'at most one 201 per service record, and every answer of a record names its one stored claim',
      perRecord.every((p) => p.created <= 1 && p.ids.size === 1 && p.stored !== undefined && p.ids.has(p.stored)),
      perRecord
        .filter((p) => !(p.created <= 1 && p.ids.size === 1 && p.stored !== undefined && p.ids.has(p.stored)))
        .map((p) => `${p.record}: 201×${p.created}, finals ${p.finals.join('/')}, ${p.ids.size} ids`)
        .join('; ') || 'all',
    );
    checks.that(
      'each claim booked once: one `booked` audit row, one ledger entry whose budget leg equals its reimbursement',
      claims.every((c) => c.booked === 1) &&
        ledger.claims_with_legs === claims.length &&
        ledger.entries_per_claim_max === 1 &&
        ledger.mismatched === 0,
      `booked rows ${[...new Set(claims.map((c) => c.booked))].join('/')}; claims with legs ${ledger.claims_with_legs}/${claims.length}, ` +
        `max entries per claim ${ledger.entries_per_claim_max}, budget legs ≠ reimbursed ${ledger.mismatched}`,
    );
    checks.that(
      'the ledger balances: Σdebit = Σcredit for every entry_id',
      ledger.unbalanced === 0,
      `${ledger.unbalanced} unbalanced entries`,
    );
    checks.that(
      "the programme's budget used = Σ reimbursed = the budget account's net credit",
      shownProgramme.status === 200 &&
        shownProgramme.body.budgetUsedYuan === sumReimbursed &&
        ledger.budget_credit === sumReimbursed &&
        sumReimbursed > 0,
      `GET ${shownProgramme.status} budgetUsedYuan ${shownProgramme.body?.budgetUsedYuan}, Σ reimbursed ${sumReimbursed}, ledger ${ledger.budget_credit}`,
    );
    checks.that(
      'confirmed bookings never overlap: exactly one confirmed per overlapping group',
      overlaps === 0 && groups.every((n) => n === 1),
      `${overlaps} overlapping confirmed pairs; confirmed per group ${groups.join(',')}`,
    );
    checks.that(
      'every confirmation answered 200 is confirmed in the database; every 409 is an overlap (or its own lost answer)',
      confirmOutcomes.every((x) => x.o.final?.status === 200 || x.o.final?.status === 409) &&
        confirmedButNot.length === 0 &&
        wrong409.length === 0,
      `finals ${finals(confirmOutcomes)}; ` +
        `200 but not confirmed ${confirmedButNot.length}; other 409 ${wrong409.map((x) => String(x.o.final?.body?.message).slice(0, 80)).join(' | ') || 0}`,
    );
    checks.that(
      'no job_outbox row left failed or unfinished',
      outboxSettled.value.failed === 0 && outboxSettled.value.pending === 0,
      `${outboxSettled.value.failed} failed (${outboxSettled.value.failedErrors.join(' | ')}), ${outboxSettled.value.pending} not completed`,
    );
    checks.that(
      'the envoy posts were not ranked again through the outage',
      rankedAgain.length === posts.length && rankedAgain.every((r) => r.ranked === 1),
      rankedAgain.map((r) => r.ranked).join(','),
    );
    checks.that(
      'the API and the worker ran throughout (nobody restarted anything)',
      e.api.running() && e.workers.every((w) => w.running()),
      [e.api, ...e.workers].map((p) => `${p.name} ${p.running() ? 'running' : 'exited'}`).join(', '),
    );
    checks.that(
      'the faults were exercised: some clients started before the stop and some had to retry (else this run did not test it)',
      firstTry > 0 && retried > 0 && countStatus(inOutage, 503) > 0,
      `${firstTry} before the stop, ${retried} retried`,
    );
    checks.assertAll(e);
  });
});
