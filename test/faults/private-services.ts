// A PostgreSQL cluster and a Redis of the fault file's own, on free ports, that a test may stop, crash and flush
// (STACK.md, "Tests that stop PostgreSQL or Redis"). The machine's own services (5432, 6379) are never touched.
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  chownSync,
  writeFileSync,
  mkdirSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { canConnect, freePort } from '../setup/processes.js';

const exec = promisify(execFile);

/** Every directory this harness makes starts with this, so a crashed run's leftovers can be found and removed. */
export const DIR_PREFIX = 'techmatch-faults-';
const OWNER_FILE = 'owner.pid';
const PIDS_FILE = 'service.pids';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function run(cmd: string, args: string[], timeoutMs = 60000): Promise<{ stdout: string; stderr: string }> {
  try {
    return await exec(cmd, args, { timeout: timeoutMs, encoding: 'utf8' });
  } catch (err) {
    const e = err as Error & { stdout?: string; stderr?: string };
    throw new Error(`${cmd} ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`, {
      cause: err,
    });
  }
}

function asPostgres(command: string, timeoutMs?: number) {
  return run('su', ['postgres', '-c', command], timeoutMs);
}

function pgBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(a) - Number(b));
  if (!versions.length) throw new Error(`no PostgreSQL binaries under ${root}`);
  return path.join(root, versions[versions.length - 1], 'bin');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The working directory of one fault file: owned by postgres (initdb refuses root), marked with our pid. */
export function makeRunDir(): string {
  if (process.getuid?.() !== 0) {
    throw new Error('the fault suite runs private PostgreSQL clusters with `su postgres`: run it as root (as CI does)');
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), DIR_PREFIX));
  writeFileSync(path.join(dir, OWNER_FILE), String(process.pid));
  const pw = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!pw) throw new Error('there is no postgres user on this machine');
  const [, , uid, gid] = pw.split(':');
  chownSync(dir, Number(uid), Number(gid));
  return dir;
}

/** Remembers a process of ours (API, worker) so that a later run can end it if this one crashed. */
export function recordPid(dir: string, pid: number | undefined): void {
  if (!pid) return;
  const file = path.join(dir, PIDS_FILE);
  const prev = existsSync(file) ? readFileSync(file, 'utf8') : '';
  writeFileSync(file, `${prev}${pid}\n`);
}

/**
 * Stops and removes what a crashed earlier run left: directories with our prefix whose owning Jest process is gone.
 * Only processes this harness recorded (and that still run the entry points copied into that directory) are
 * ended, by their pid.
 */
export async function cleanStale(): Promise<string[]> {
  const cleaned: string[] = [];
  for (const name of readdirSync(os.tmpdir())) {
    if (!name.startsWith(DIR_PREFIX)) continue;
    const dir = path.join(os.tmpdir(), name);
    const ownerFile = path.join(dir, OWNER_FILE);
    const owner = existsSync(ownerFile) ? Number(readFileSync(ownerFile, 'utf8')) : NaN;
    if (Number.isFinite(owner) && alive(owner)) continue;
    const pidsFile = path.join(dir, PIDS_FILE);
    if (existsSync(pidsFile)) {
      for (const pid of readFileSync(pidsFile, 'utf8').split('\n').filter(Boolean).map(Number)) {
        try {
          const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
          if (cmdline.includes(dir)) process.kill(pid, 'SIGKILL');
        } catch {
          // gone already
        }
      }
    }
    const pgData = path.join(dir, 'pg');
    if (existsSync(path.join(pgData, 'postmaster.pid'))) {
      await asPostgres(`${pgBin()}/pg_ctl -D ${pgData} -m immediate stop`).catch(() => undefined);
    }
    const redisPid = path.join(dir, 'redis', 'redis.pid');
    if (existsSync(redisPid)) {
      const pid = Number(readFileSync(redisPid, 'utf8'));
      try {
        if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('redis-server')) process.kill(pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
    rmSync(dir, { recursive: true, force: true });
    cleaned.push(dir);
  }
  return cleaned;
}

export interface PrivatePostgres {
  port: number;
  dataDir: string;
  /** A connection URL for one database of this cluster. */
  url: (database: string) => string;
  start: () => Promise<void>;
  /** `pg_ctl -m immediate`: the postmaster and every backend die at once, as in a crash. */
  stopImmediate: () => Promise<void>;
  running: () => Promise<boolean>;
  log: () => string;
}

export async function startPostgres(dir: string): Promise<PrivatePostgres> {
  const bin = pgBin();
  const dataDir = path.join(dir, 'pg');
  const logFile = path.join(dir, 'pg.log');
  const port = await freePort();
  await asPostgres(`${bin}/initdb -D ${dataDir} -A trust -U postgres --no-sync -E UTF8 --locale=C.UTF-8`, 120000);
  // fsync off: a killed postmaster loses nothing the kernel already has, and the disk is shared with other work.
  const opts = `-p ${port} -k ${dataDir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const pg: PrivatePostgres = {
    port,
    dataDir,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    start: async () => {
      await asPostgres(`${bin}/pg_ctl -D ${dataDir} -l ${logFile} -o "${opts}" -w -t 120 start`, 150000);
    },
    stopImmediate: async () => {
      await asPostgres(`${bin}/pg_ctl -D ${dataDir} -m immediate -w stop`);
    },
    running: () => canConnect(port),
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
  };
  await pg.start();
  return pg;
}

export interface PrivateRedis {
  port: number;
  url: string;
  start: () => Promise<void>;
  /** `SHUTDOWN NOSAVE`: Redis stops and everything it held is gone. */
  shutdownEmpty: () => Promise<void>;
  flushAll: () => Promise<void>;
  cli: (...args: string[]) => Promise<string>;
  log: () => string;
}

export async function startRedis(dir: string): Promise<PrivateRedis> {
  const redisDir = path.join(dir, 'redis');
  mkdirSync(redisDir, { recursive: true });
  const port = await freePort();
  const logFile = path.join(redisDir, 'redis.log');
  const cli = async (...args: string[]) => (await run('redis-cli', ['-p', String(port), ...args])).stdout.trim();
  const r: PrivateRedis = {
    port,
    url: `redis://127.0.0.1:${port}`,
    start: async () => {
      // A daemon (not our child) so that its lifetime is what the test decides, found again by its pidfile.
      await run('redis-server', [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--daemonize',
        'yes',
        '--dir',
        redisDir,
        '--pidfile',
        path.join(redisDir, 'redis.pid'),
        '--logfile',
        logFile,
      ]);
      const end = Date.now() + 15000;
      while ((await cli('ping').catch(() => '')) !== 'PONG') {
        if (Date.now() > end) throw new Error(`private Redis on ${port} did not start:\n${r.log().slice(-2000)}`);
        await sleep(50);
      }
    },
    shutdownEmpty: async () => {
      await cli('shutdown', 'nosave').catch(() => undefined);
      const end = Date.now() + 15000;
      while (await canConnect(port)) {
        if (Date.now() > end) throw new Error(`private Redis on ${port} did not stop`);
        await sleep(50);
      }
    },
    flushAll: async () => {
      const reply = await cli('flushall');
      if (reply !== 'OK') throw new Error(`FLUSHALL answered ${reply}`);
    },
    cli,
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
  };
  await r.start();
  return r;
}

/** Stops both services whatever state they are in, then removes the directory. */
export async function removeRunDir(dir: string, pg: PrivatePostgres | null, redis: PrivateRedis | null): Promise<void> {
  if (redis && (await canConnect(redis.port))) await redis.cli('shutdown', 'nosave').catch(() => undefined);
  if (pg && existsSync(path.join(pg.dataDir, 'postmaster.pid'))) {
    await asPostgres(`${pgBin()}/pg_ctl -D ${pg.dataDir} -m immediate -w stop`).catch(() => undefined);
  }
  rmSync(dir, { recursive: true, force: true });
}
