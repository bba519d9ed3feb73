// The service as it runs in production: the compiled API and worker(s) as real processes, on the private
// PostgreSQL and Redis of one fault file. Their output is kept for failure messages.
import { cpSync, existsSync, mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, ROOT, runNode, type Proc } from '../setup/processes.js';
import {
  cleanStale,
  makeRunDir,
  recordPid,
  removeRunDir,
  startPostgres,
  startRedis,
  type PrivatePostgres,
  type PrivateRedis,
} from './private-services.js';

export const ADMIN = { email: 'admin@faults.example.org', password: 'Admin-Fault-Pass-2026!' };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ServiceProc {
  name: string;
  proc: Proc;
  running: () => boolean;
}

export interface FaultEnv {
  name: string;
  dir: string;
  pg: PrivatePostgres;
  redis: PrivateRedis;
  databaseUrl: string;
  baseUrl: string;
  env: Record<string, string>;
  api: ServiceProc;
  workers: ServiceProc[];
  startWorker: () => Promise<ServiceProc>;
  /** SIGKILL, as the kernel's OOM killer or a pulled plug would: no shutdown hook runs. */
  kill: (p: ServiceProc) => Promise<void>;
  /** The tail of every process's and service's output, for a failure message. */
  logs: (chars?: number) => string;
  /** Writes the full logs under the system temp dir and returns where. */
  saveLogs: () => string;
  /** An error for a failed set-up step, with the logs' tails and where the full logs are. */
  failure: (message: string) => Error;
  close: () => Promise<void>;
}

const ENTRIES = ['main.js', 'worker.js', path.join('database', 'migrate.js')];
/**
 * The project whose build is run: this one, or FAULT_APP_ROOT (another checkout with its own dist/ and
 * node_modules/, e.g. an older commit, to see which faults the suite catches there).
 */
const APP_ROOT = process.env.FAULT_APP_ROOT ? path.resolve(process.env.FAULT_APP_ROOT) : ROOT;

/**
 * A private copy of the compiled service (dist/, package.json for `"type": "module"`, node_modules linked). The
 * working tree is shared: another `nest build` empties dist/ for seconds, which would break a worker started in
 * the middle of a scenario. A build in progress (files younger than a few seconds) is waited for.
 */
async function snapshotApp(dir: string): Promise<string> {
  const app = path.join(dir, 'app');
  const dist = path.join(APP_ROOT, 'dist');
  for (let attempt = 0; ; attempt++) {
    const complete = ENTRIES.every((e) => existsSync(path.join(dist, 'src', e)));
    const settled = complete && Date.now() - statSync(path.join(dist, 'src', 'main.js')).mtimeMs > 5000;
    if (settled) {
      try {
        cpSync(dist, path.join(app, 'dist'), { recursive: true });
        if (ENTRIES.every((e) => existsSync(path.join(app, 'dist', 'src', e)))) break;
      } catch {
        // dist/ changed under us: try again
      }
    }
    if (attempt > 60)
      throw new Error(`no complete build in ${dist}: run \`npx nest build\` (npm run test:faults does)`);
    await sleep(1000);
  }
  cpSync(path.join(APP_ROOT, 'package.json'), path.join(app, 'package.json'));
  symlinkSync(path.join(APP_ROOT, 'node_modules'), path.join(app, 'node_modules'));
  return app;
}

/** Log lines above info (pino levels 40+) and anything that is not a pino line (a crash's stack, say). */
function notable(output: string): string {
  return output
    .split('\n')
    .filter((l) => l && !/^\{"level":(10|20|30),/.test(l))
    .join('\n');
}

function wrap(name: string, proc: Proc): ServiceProc {
  return { name, proc, running: () => proc.child.exitCode === null && proc.child.signalCode === null };
}

async function waitHealthy(baseUrl: string, api: Proc, ms = 60000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      const r = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2000) });
      if (r.status === 200) return;
    } catch {
      // not listening yet
    }
    if (api.child.exitCode !== null || Date.now() > end) {
      throw new Error(`the API did not become healthy:\n${api.output().slice(-4000)}`);
    }
    await sleep(200);
  }
}

/**
 * Private PostgreSQL and Redis, the database migrated, the API and `workers` worker processes started. Call
 * `close()` in afterAll: it ends every process and service and removes the directory, also after a failure.
 */
export async function startFaultEnv(
  name: string,
  opts: { workers?: number; extraEnv?: Record<string, string> } = {},
): Promise<FaultEnv> {
  await cleanStale();
  const dir = makeRunDir();
  let pg: PrivatePostgres | null = null;
  let redis: PrivateRedis | null = null;
  const procs: ServiceProc[] = [];
  const killAll = async () => {
    for (const p of procs) {
      if (p.running()) p.proc.child.kill('SIGKILL');
      await p.proc.exited;
    }
  };
  try {
    const app = await snapshotApp(dir);
    pg = await startPostgres(dir);
    redis = await startRedis(dir);
    const port = await freePort();
    const databaseUrl = pg.url('techmatch');
    const env: Record<string, string> = {
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
      PORT: String(port),
      QUEUE_PREFIX: `faults-${name}`,
      JWT_SECRET: 'fault-suite-secret-0123456789abcdef0123456789',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'info',
      ...opts.extraEnv,
    };
    const migrate = runNode(path.join('database', 'migrate.js'), env, app);
    recordPid(dir, migrate.child.pid);
    const code = await migrate.exited;
    if (code !== 0) throw new Error(`migration failed (${code}):\n${migrate.output().slice(-4000)}`);

    const baseUrl = `http://127.0.0.1:${port}`;
    const api = wrap('api', runNode('main.js', env, app));
    procs.push(api);
    recordPid(dir, api.proc.child.pid);
    await waitHealthy(baseUrl, api.proc);

    let workerNo = 0;
    const workers: ServiceProc[] = [];
    const startWorker = async () => {
      const w = wrap(`worker-${++workerNo}`, runNode('worker.js', { ...env, WORKER_CONCURRENCY: '2' }, app));
      procs.push(w);
      workers.push(w);
      recordPid(dir, w.proc.child.pid);
      await w.proc.waitFor(/catalogue loaded/, 60000);
      return w;
    };
    for (let i = 0; i < (opts.workers ?? 1); i++) await startWorker();

    const p = pg;
    const r = redis;
    const logs = (chars = 3000) =>
      [
        ...procs.map(
          (s) =>
            `--- ${s.name} (${s.running() ? 'running' : `exited ${s.proc.child.exitCode ?? s.proc.child.signalCode}`}), warnings and errors ---\n` +
            notable(s.proc.output()).slice(-chars),
        ),
        `--- postgres ---\n${p.log().slice(-chars)}`,
        `--- redis ---\n${r.log().slice(-chars)}`,
      ].join('\n');
    const saveLogs = () => {
      const out = path.join(os.tmpdir(), 'techmatch-fault-logs', name);
      mkdirSync(out, { recursive: true });
      for (const s of procs) writeFileSync(path.join(out, `${s.name}.log`), s.proc.output());
      writeFileSync(path.join(out, 'postgres.log'), p.log());
      writeFileSync(path.join(out, 'redis.log'), r.log());
      return out;
    };
    return {
      name,
      dir,
      pg: p,
      redis: r,
      databaseUrl,
      baseUrl,
      env,
      api,
      workers,
      startWorker,
      kill: async (s) => {
        s.proc.child.kill('SIGKILL');
        await s.proc.exited;
      },
      logs,
      saveLogs,
      failure: (message) => new Error(`${message}\nfull logs: ${saveLogs()}\n${logs(2500)}`),
      close: async () => {
        await killAll();
        await removeRunDir(dir, p, r);
      },
    };
  } catch (err) {
    await killAll();
    await removeRunDir(dir, pg, redis);
    throw err;
  }
}
