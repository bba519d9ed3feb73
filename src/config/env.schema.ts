import { isIP } from 'node:net';
import { z } from 'zod';

const NODE_ENVS = ['development', 'test', 'production'] as const;

function url(protocols: string[]) {
  return z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );
}

const port = z.coerce
  .number({ message: 'must be a number' })
  .int('must be a whole number')
  .min(1, 'must be between 1 and 65535')
  .max(65535, 'must be between 1 and 65535');

/**
 * Which proxies' X-Forwarded-For to believe: `false`, a number of proxies in front of the service (hops), or a list
 * of proxy addresses or subnets (and Express's names loopback, linklocal, uniquelocal). Never "all": with `true`
 * any client would choose the address it is throttled by.
 */
export type TrustProxy = false | number | string[];

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrSubnet(v: string): boolean {
  const [addr, bits, extra] = v.split('/');
  if (extra !== undefined || !isIP(addr)) return false;
  if (bits === undefined) return true;
  const max = isIP(addr) === 4 ? 32 : 128;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= max;
}

const trustProxy = z
  .string()
  .default('false')
  .transform((raw, ctx): TrustProxy => {
    const v = raw.trim().toLowerCase();
    if (v === 'false' || v === '0') return false;
    if (/^\d+$/.test(v)) {
      const hops = Number(v);
      if (hops > 10) ctx.addIssue({ code: 'custom', message: 'must be at most 10 proxies' });
      return hops;
    }
    const list = v
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
    const bad = list.filter((x) => !PROXY_NAMES.has(x) && !isAddressOrSubnet(x));
    if (v === 'true' || !list.length || bad.length) {
      ctx.addIssue({
        code: 'custom',
        message:
          'must be false, the number of proxies in front of the service (e.g. 1), or a comma-separated list of proxy ' +
          `addresses or subnets (e.g. 10.0.0.0/8,loopback)${v === 'true' ? '; true would let any client choose its own address' : `; not understood: ${bad.join(', ')}`}`,
      });
    }
    return list;
  });

const CRON_FIELDS: ReadonlyArray<{ name: string; min: number; max: number }> = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
];

/**
 * Why a five-field cron pattern (minute hour day-of-month month day-of-week; numbers, `*`, ranges `a-b`, steps `/n`
 * and lists) is not one, or null. A subset of what BullMQ's parser reads, so nothing accepted here fails there.
 */
export function cronProblem(pattern: string): string | null {
  const fields = pattern.trim().split(/\s+/);
  if (fields.length !== 5) return `has ${fields.length} fields, 5 are needed (minute hour day month weekday)`;
  for (let i = 0; i < 5; i++) {
    const { name, min, max } = CRON_FIELDS[i];
    for (const item of fields[i].split(',')) {
      const m = /^(\*|(\d{1,2})(?:-(\d{1,2}))?)(?:\/(\d{1,2}))?$/.exec(item);
      if (!m) return `${name} "${item}" is not a number, range, step or *`;
      const [, , from, to, step] = m;
      const lo = from === undefined ? min : Number(from);
      const hi = to === undefined ? lo : Number(to);
      if (lo < min || hi > max || lo > hi) return `${name} "${item}" is outside ${min}-${max}`;
      if (step !== undefined && Number(step) < 1) return `${name} "${item}" has a step below 1`;
    }
  }
  return null;
}

const cron = z
  .string()
  .default('30 3 * * *')
  .transform((raw, ctx): string | null => {
    const v = raw.trim();
    if (v.toLowerCase() === 'off') return null;
    const problem = cronProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: `must be a cron pattern or off: ${problem}` });
    return v;
  });

/** The one place the service's environment is described. Defaults follow PRODUCT.md. */
export const envSchema = z
  .object({
    // Production unless said otherwise: development conveniences are opted into, never fallen into.
    NODE_ENV: z.enum(NODE_ENVS).default('production'),
    DATABASE_URL: url(['postgres:', 'postgresql:']).default('postgres://postgres@127.0.0.1:5432/techmatch'),
    REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
    PORT: port.default(3000),
    JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    JWT_EXPIRES_IN: z.coerce
      .number({ message: 'must be a number of seconds' })
      .int()
      .min(60, 'must be at least 60 seconds')
      .max(7 * 24 * 3600, 'must be at most 7 days')
      .default(8 * 3600),
    ADMIN_EMAIL: z.email('must be an e-mail address').optional(),
    ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
    QUEUE_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1-64 letters, digits or _ . : -')
      .default('techmatch'),
    WEBHOOK_ALLOW_HOSTS: z.string().default(''),
    SMTP_URL: url(['smtp:', 'smtps:']).optional(),
    SMTP_FROM: z.string().min(3, 'must be an address such as 平台 <no-reply@example.org>').optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    TRUST_PROXY: trustProxy,
    PUBLIC_URL: url(['http:', 'https:']).optional(),
    LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
    LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(20),
    LOGIN_SLOWDOWN_AFTER: z.coerce.number().int().min(1).default(10),
    LOGIN_LOCKOUT_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .default(15 * 60),
    DB_STATEMENT_TIMEOUT_MS: z.coerce
      .number({ message: 'must be a number of milliseconds' })
      .int()
      .min(100, 'must be at least 100 ms')
      .default(15_000),
    WORKER_STATEMENT_TIMEOUT_MS: z.coerce
      .number({ message: 'must be a number of milliseconds' })
      .int()
      .min(1000, 'must be at least 1000 ms')
      .default(300_000),
    SHUTDOWN_GRACE_MS: z.coerce
      .number({ message: 'must be a number of milliseconds' })
      .int('must be a whole number of milliseconds')
      .min(1000, 'must be at least 1000 ms')
      .max(600_000, 'must be at most 600000 ms')
      .default(25_000),
    RETENTION_DAYS: z.coerce
      .number({ message: 'must be a number of days' })
      .int('must be a whole number of days')
      .min(1, 'must be at least 1 day')
      .max(3650, 'must be at most 3650 days')
      .default(30),
    MATCH_FLOOR: z.coerce
      .number({ message: 'must be a probability between 0 and 1' })
      .min(0, 'must be between 0 and 1')
      .max(1, 'must be between 0 and 1')
      .optional(),
    RANKER_TRAIN_CRON: cron,
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
    // Passed to the worker as --max-old-space-size by `npm start`, `npm run start:worker` and docker-compose.
    WORKER_MAX_HEAP_MB: z.coerce
      .number({ message: 'must be a number of megabytes' })
      .int('must be a whole number of megabytes')
      .min(256, 'must be at least 256 (MB)')
      .default(1024),
    WORKER_HEARTBEAT_FILE: z.string().optional(),
    // Prometheus metrics at GET /metrics for a scraper holding this bearer token; without it /metrics is off (404).
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    WEB_DIST_DIR: z.string().optional(),
    // The halls (需求大厅 / 成果大厅): public needs and active capabilities, browsable without signing in when true.
    PUBLIC_HALLS: z
      .enum(['true', 'false'], { message: 'must be true or false' })
      .default('true')
      .transform((v) => v === 'true'),
    // Requests a minute one client address may make to the halls (which answer without sign-in); 0 turns it off.
    HALL_RATE_LIMIT: z.coerce
      .number({ message: 'must be a number of requests a minute' })
      .int('must be a whole number of requests a minute')
      .min(0, 'must be 0 (off) or more')
      .default(300),
    // 揭榜挂帅: the public notice (公示) of intended winners lasts this many working days (weekends skipped).
    NOTICE_WORKING_DAYS: z.coerce
      .number({ message: 'must be a number of working days' })
      .int('must be a whole number of working days')
      .min(1, 'must be at least 1 (working day)')
      .max(60, 'must be at most 60 (working days)')
      .default(5),
    // 仪器共享: an enterprise may cancel a confirmed booking until this many hours before it starts.
    BOOKING_CANCEL_CUTOFF_HOURS: z.coerce
      .number({ message: 'must be a number of hours' })
      .int('must be a whole number of hours')
      .min(0, 'must be 0 (until the start) or more')
      .max(720, 'must be at most 720 (hours)')
      .default(24),
    // 揭榜挂帅: where application attachments (PDF) are kept; unset: in PostgreSQL.
    ATTACHMENTS_DIR: z
      .string()
      .refine((v) => v.startsWith('/'), { message: 'must be an absolute directory path' })
      .optional(),
  })
  .superRefine((env, ctx) => {
    if ((env.ADMIN_EMAIL === undefined) !== (env.ADMIN_PASSWORD === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.ADMIN_EMAIL === undefined ? 'ADMIN_EMAIL' : 'ADMIN_PASSWORD'],
        message: 'must be set together with ' + (env.ADMIN_EMAIL === undefined ? 'ADMIN_PASSWORD' : 'ADMIN_EMAIL'),
      });
    }
  });

export type Env = z.output<typeof envSchema>;
