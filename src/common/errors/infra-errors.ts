// Telling an outage (PostgreSQL or Redis away for a while) from a bug or bad data. Pure: used by the HTTP error
// filter (503 instead of 500) and by the job runner (retry until the service is back instead of failing for good).

export type InfraService = 'postgres' | 'redis';

/** The ports this process's Redis listens on, so that a refused connection to it is not taken for PostgreSQL's. */
const redisPorts = new Set(['6379']);

/** Records the Redis URL the process connects to (called where the connection is made). */
export function noteRedisUrl(url: string): void {
  try {
    redisPorts.add(new URL(url).port || '6379');
  } catch {
    // Not a URL: ioredis will say so itself.
  }
}

/** PostgreSQL SQLSTATEs that mean the server is away or cannot take us now: connection loss, shutdown, overload. */
const OUTAGE_SQLSTATE = [
  /^08/, // connection exception
  /^57P0[1-5]$/, // admin / crash shutdown, cannot connect now, database dropped, idle session timeout
  /^53/, // insufficient resources: too many connections, out of memory, disk full
];

/**
 * SQLSTATEs of a statement that lost to others or ran too long: worth another try, but not without limit (a job
 * that always times out must end up in front of an admin, not retry for ever).
 */
const CONTENTION_SQLSTATE = [
  /^40001$/, // serialization failure
  /^40P01$/, // deadlock detected
  /^55P03$/, // lock not available
  /^57014$/, // query canceled (statement timeout)
  /^25P03$/, // idle-in-transaction timeout
];

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ECONNABORTED',
]);

const PG_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /not queryable/i,
  /Cannot use a pool after calling end/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /terminating connection/i,
];

const REDIS_MESSAGES = [
  /Connection is closed/i,
  /max retries per request/i,
  /enableOfflineQueue/i,
  /Stream isn't writeable/i,
  /LOADING Redis is loading/i,
  /READONLY You can't write against a read only replica/i,
  /Missing lock for job/i,
  /could not renew lock/i,
];

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  port?: unknown;
  driverError?: unknown;
  cause?: unknown;
  errors?: unknown;
}

function* chain(err: unknown, depth = 0): Generator<ErrorLike> {
  if (!err || typeof err !== 'object' || depth > 5) return;
  const e = err as ErrorLike;
  yield e;
  yield* chain(e.driverError, depth + 1);
  yield* chain(e.cause, depth + 1);
  if (Array.isArray(e.errors)) for (const inner of e.errors) yield* chain(inner, depth + 1);
}

const messageOf = (e: ErrorLike): string => (typeof e.message === 'string' ? e.message : '');

function looksLikeRedis(e: ErrorLike): boolean {
  return e.name === 'MaxRetriesPerRequestError' || REDIS_MESSAGES.some((re) => re.test(messageOf(e)));
}

/**
 * Which service an error says is away (unreachable, shutting down, overloaded), or null when the error is not an
 * outage: a bug, bad data, a constraint. Looks through TypeORM's `driverError`, `cause` chains and AggregateErrors.
 */
export function outageOf(err: unknown): InfraService | null {
  for (const e of chain(err)) {
    const code = typeof e.code === 'string' ? e.code : '';
    const message = messageOf(e);
    if (looksLikeRedis(e)) return 'redis';
    if (/^[0-9A-Z]{5}$/.test(code) && OUTAGE_SQLSTATE.some((re) => re.test(code))) return 'postgres';
    if (NETWORK_CODES.has(code)) {
      const port = typeof e.port === 'number' ? String(e.port) : /:(\d+)\b/.exec(message)?.[1];
      return (port !== undefined && redisPorts.has(port)) || /redis/i.test(message) ? 'redis' : 'postgres';
    }
    if (PG_MESSAGES.some((re) => re.test(message))) return 'postgres';
  }
  return null;
}

/** Whether a PostgreSQL error is a statement that timed out or lost a conflict (a deadlock, a lock wait). */
export function contentionOf(err: unknown): string | null {
  for (const e of chain(err)) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (CONTENTION_SQLSTATE.some((re) => re.test(code))) return code;
  }
  return null;
}

/** A PostgreSQL error caused by the input rather than by us: a bad value, a broken constraint. */
export function dataErrorOf(err: unknown): { code: string; kind: 'invalid' | 'conflict' } | null {
  for (const e of chain(err)) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (/^22/.test(code) || code === '23502' || code === '23514') return { code, kind: 'invalid' };
    if (code === '23505' || code === '23503') return { code, kind: 'conflict' };
  }
  return null;
}
