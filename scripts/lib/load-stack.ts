// The private stack `npm run load` measures: a database and a queue prefix of its own on the machine's PostgreSQL
// and Redis, and the built API and worker as separate production processes on a free port. Everything it makes is
// registered for removal as soon as it exists, so a failure or Ctrl-C at any step leaves nothing behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { migrateDatabase } from '../../src/database/ensure-database.js';
import { ROOT } from './datasets.js';
import { removeQueueKeys } from './queue-keys.js';

export const PG_SERVER = process.env.LOAD_PG_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Undo steps, run newest first, once, whichever way the script ends. */
export class Cleanup {
  private readonly steps: Array<{ what: string; run: () => Promise<void> }> = [];
  private running: Promise<void> | null = null;

  add(what: string, run: () => Promise<void>): void {
    this.steps.push({ what, run });
  }

  run(): Promise<void> {
    this.running ??= (async () => {
      for (const step of this.steps.reverse()) {
        try {
          await step.run();
        } catch (err) {
          process.stderr.write(`cleanup: ${step.what} failed: ${(err as Error).message}\n`);
        }
      }
    })();
    return this.running;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function adminQuery(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: `${PG_SERVER}/postgres` });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** A built entry point (dist/src) run as its own process; the tail of its output is kept for error reports. */
export interface ServiceProcess {
  name: string;
  child: ChildProcess;
  tail: () => string;
  stop: () => Promise<void>;
}

function runService(name: string, entry: string, env: Record<string, string>, logDir: string | null): ServiceProcess {
  // The entry runs as it would on its own, imported by a one-line guard: if this script dies without cleaning up
  // (SIGKILL), the guard's stdin closes and it stops the service, so no process outlives the run.
  const entryUrl = pathToFileURL(path.join(ROOT, 'dist', 'src', entry)).href;
  const guard =
    `process.stdin.on('end', () => process.kill(process.pid, 'SIGTERM')); process.stdin.resume();` +
    `await import(${JSON.stringify(entryUrl)});`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', guard], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let tail = '';
  let file: WriteStream | null = null;
  if (logDir) {
    mkdirSync(logDir, { recursive: true });
    file = createWriteStream(path.join(logDir, `${name}.log`));
  }
  const keep = (b: Buffer) => {
    tail = (tail + b.toString()).slice(-20_000);
    file?.write(b);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    name,
    child,
    tail: () => tail,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, sleep(15_000)]);
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGKILL');
          await exited;
        }
      }
      file?.end();
    },
  };
}

/**
 * A run killed with SIGKILL cannot clean up after itself (its processes stop, see runService). The next run removes
 * what such runs left: load databases over half an hour old that nothing is connected to, and their queue keys.
 */
async function removeAbandonedRuns(): Promise<void> {
  const c = new pg.Client({ connectionString: `${PG_SERVER}/postgres` });
  await c.connect();
  try {
    const { rows } = await c.query<{ datname: string }>(
      `SELECT datname FROM pg_database d
        WHERE datname ~ '^techmatch_load_[0-9]+_[0-9a-f]+$'
          AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)`,
    );
    for (const { datname } of rows) {
      const stamp = datname.replace('techmatch_load_', '');
      if (Number(stamp.split('_')[0]) > Date.now() - 30 * 60_000) continue;
      await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      await removeQueueKeys(REDIS_URL, `load-${stamp}`);
      process.stdout.write(`  removed ${datname} and its queue keys, left by a run that was killed\n`);
    }
  } finally {
    await c.end();
  }
}

export interface Stack {
  dbName: string;
  queuePrefix: string;
  origin: string;
  admin: { email: string; password: string };
  api: ServiceProcess;
  worker: ServiceProcess;
  /** A pool on the run's own database, for the script's checks (never for the requests measured). */
  db: pg.Pool;
  /** Throws with the process's last output if the API or the worker has died. */
  assertAlive: () => void;
}

/**
 * Creates and migrates the database (the project's own migrate function), starts the API and one worker, and waits
 * until the API answers /health/ready. `LOAD_LOG_DIR` keeps both processes' logs; `LOAD_LOG_LEVEL` (default warn)
 * sets their level, `LOAD_WORKER_LOG_LEVEL` the worker's alone.
 */
export async function startStack(cleanup: Cleanup): Promise<Stack> {
  await removeAbandonedRuns();
  const stamp = `${Date.now()}_${randomBytes(3).toString('hex')}`;
  const dbName = `techmatch_load_${stamp}`;
  const queuePrefix = `load-${stamp}`;
  const databaseUrl = `${PG_SERVER}/${dbName}`;
  // Registered first, so they run last: after the processes that write to them have stopped.
  cleanup.add('remove the queue keys', async () => {
    await removeQueueKeys(REDIS_URL, queuePrefix);
  });
  cleanup.add('drop the database', () => adminQuery(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`));
  await migrateDatabase(databaseUrl);

  const port = await freePort();
  const admin = { email: 'load-admin@example.org', password: `Load-${randomBytes(9).toString('base64url')}` };
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    QUEUE_PREFIX: queuePrefix,
    JWT_SECRET: randomBytes(32).toString('base64url'),
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    LOG_LEVEL: process.env.LOAD_LOG_LEVEL ?? 'warn',
    // Every request comes from this one address: the halls' per-address limit would measure itself, not the halls.
    HALL_RATE_LIMIT: '0',
  };
  const logDir = process.env.LOAD_LOG_DIR ? path.resolve(process.env.LOAD_LOG_DIR) : null;
  const api = runService('api', 'main.js', env, logDir);
  cleanup.add('stop the API', api.stop);
  const workerLevel = process.env.LOAD_WORKER_LOG_LEVEL ?? env.LOG_LEVEL;
  const worker = runService('worker', 'worker.js', { ...env, LOG_LEVEL: workerLevel }, logDir);
  cleanup.add('stop the worker', worker.stop);

  const assertAlive = () => {
    for (const p of [api, worker]) {
      if (p.child.exitCode !== null || p.child.signalCode !== null) {
        throw new Error(`the ${p.name} process exited (${p.child.exitCode ?? p.child.signalCode}):\n${p.tail()}`);
      }
    }
  };
  const origin = `http://127.0.0.1:${port}`;
  const end = Date.now() + 60_000;
  for (;;) {
    assertAlive();
    const ok = await fetch(`${origin}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > end) throw new Error(`the API was not ready within 60 s:\n${api.tail()}`);
    await sleep(200);
  }

  const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  // The database is dropped WITH (FORCE) at the end; a pool error then must not crash the cleanup.
  db.on('error', () => undefined);
  cleanup.add('close the script pool', () => db.end());
  return { dbName, queuePrefix, origin, admin, api, worker, db, assertAlive };
}

/** JSON over HTTP to the API, for setting up (not for the measured load). */
export function client(origin: string) {
  return async <T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    token?: string,
  ): Promise<{ status: number; body: T }> => {
    const r = await fetch(`${origin}/api/v1${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    return { status: r.status, body: parsed as T };
  };
}
