// Where the time goes during a phase: CPU used by the API, the worker, the run's PostgreSQL backends, the load
// generator (this process) and everything else on the machine, read from /proc (Linux; elsewhere left out).
import { existsSync, readFileSync } from 'node:fs';
import type pg from 'pg';

/** USER_HZ: the unit of /proc/<pid>/stat times on Linux. */
const TICKS_PER_SECOND = 100;

function cpuSecondsOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces: fields are counted after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** Busy CPU seconds of the whole machine, all cores (everything but idle and I/O wait). */
function machineBusySeconds(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
  return (total - fields[3] - fields[4]) / TICKS_PER_SECOND;
}

export interface CpuSample {
  at: number;
  machine: number;
  api: number;
  worker: number;
  generator: number;
  postgres: Map<number, number>;
}

export interface CpuShare {
  /** Cores in use on average over the phase (1.0 = one core busy all the time). */
  api: number;
  worker: number;
  postgres: number;
  generator: number;
  /** Everything else on the machine: other people's tests, builds, databases. */
  others: number;
}

export const cpuAvailable = existsSync('/proc/self/stat');

export async function sampleCpu(
  db: pg.Pool,
  dbName: string,
  pids: { api: number; worker: number },
): Promise<CpuSample | null> {
  if (!cpuAvailable) return null;
  const { rows } = await db.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = $1`, [dbName]);
  const postgres = new Map<number, number>();
  for (const { pid } of rows) {
    const s = cpuSecondsOf(pid);
    if (s !== null) postgres.set(pid, s);
  }
  const own = process.cpuUsage();
  return {
    at: performance.now(),
    machine: machineBusySeconds(),
    api: cpuSecondsOf(pids.api) ?? NaN,
    worker: cpuSecondsOf(pids.worker) ?? NaN,
    generator: (own.user + own.system) / 1e6,
    postgres,
  };
}

export function cpuBetween(a: CpuSample | null, b: CpuSample | null): CpuShare | null {
  if (!a || !b) return null;
  const wall = (b.at - a.at) / 1000;
  let pgSeconds = 0;
  // A backend opened during the phase counts from zero; one closed during it is missed (pools keep theirs open).
  for (const [pid, s] of b.postgres) pgSeconds += s - (a.postgres.get(pid) ?? 0);
  const share = {
    api: (b.api - a.api) / wall,
    worker: (b.worker - a.worker) / wall,
    postgres: pgSeconds / wall,
    generator: (b.generator - a.generator) / wall,
  };
  const ours = share.api + share.worker + share.postgres + share.generator;
  return { ...share, others: Math.max(0, (b.machine - a.machine) / wall - ours) };
}
