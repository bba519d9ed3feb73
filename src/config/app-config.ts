import { envSchema, type TrustProxy } from './env.schema.js';

export interface AppConfig {
  env: 'development' | 'test' | 'production';
  port: number;
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  /**
   * `secret` is JWT_SECRET when set; otherwise null, and the install's own random key (generated on first start and
   * kept in PostgreSQL) is used. No signing key is ever written in the code.
   */
  jwt: { secret: string | null; expiresInSeconds: number; algorithm: 'HS256' };
  admin: { email: string; password: string } | null;
  webhookAllowHosts: string[];
  smtpUrl: string | null;
  /** The sender of notification e-mails. */
  smtpFrom: string;
  logLevel: string;
  trustProxy: TrustProxy;
  /** The console's public origin (https://… behind a TLS proxy): the session cookie is Secure, and writes from it are same-origin. */
  publicUrl: string | null;
  login: {
    /** Failed sign-ins for one account from one address before that pair waits `lockoutSeconds` (429). */
    maxFailures: number;
    /** Failed sign-ins from one address, whatever the accounts, before it waits `lockoutSeconds` (429). */
    maxFailuresPerAddress: number;
    /** Failed sign-ins for one account from anywhere after which its attempts are spaced out (never locked). */
    slowdownAfter: number;
    lockoutSeconds: number;
  };
  database: { statementTimeoutMs: { api: number; worker: number } };
  /** Days that finished jobs, catalogue changes, read notifications and webhook deliveries are kept. */
  retentionDays: number;
  /** How long a process given SIGTERM waits for its work and connections to close before it exits anyway. */
  shutdownGraceMs: number;
  /**
   * The relevance floor: the re-ranker's probability below which no suggestion is written. Null: the active model's
   * own floor (chosen on the judged set); 0 writes every candidate that meets the need's core terms.
   */
  matchFloor: number | null;
  /** `maxHeapMb`: the worker's V8 heap limit (WORKER_MAX_HEAP_MB), set where the worker process is started. */
  worker: { concurrency: number; heartbeatFile: string | null; maxHeapMb: number };
  /** When the re-ranker learns from coordinators' decisions: a cron pattern in Harbin time, or null (only on demand). */
  ranker: { trainCron: string | null };
  /** The built console; web/dist of the project unless WEB_DIST_DIR says otherwise. */
  webDir: string | null;
  /** The bearer token a Prometheus scraper sends to GET /metrics; null: /metrics is off. */
  metricsToken: string | null;
  /** Whether the halls (GET /hall/…) answer without sign-in (PUBLIC_HALLS, default true). */
  publicHalls: boolean;
  /** Requests a minute one client address may make to the halls (HALL_RATE_LIMIT, default 300; 0: no limit). */
  hallRateLimit: number;
  /** Working days (weekends skipped) a challenge's intended winners stay in public notice (NOTICE_WORKING_DAYS, default 5). */
  noticeWorkingDays: number;
  /** Where challenge applications' PDF attachments are stored (ATTACHMENTS_DIR); null: in PostgreSQL. */
  attachmentsDir: string | null;
  /** Hours before its start until which an enterprise may cancel a confirmed instrument booking (BOOKING_CANCEL_CUTOFF_HOURS, default 24). */
  bookingCancelCutoffHours: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration / 配置无效:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses an environment (process.env by default) into the typed configuration, naming every bad variable. */
export function loadConfig(source: Record<string, string | undefined> = process.env): AppConfig {
  // An empty variable means "not set", as in most shells' `VAR= cmd`.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const name = i.path.join('.') || 'environment';
        return `${name}: ${i.message}`;
      }),
    );
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    queuePrefix: e.QUEUE_PREFIX,
    jwt: { secret: e.JWT_SECRET ?? null, expiresInSeconds: e.JWT_EXPIRES_IN, algorithm: 'HS256' },
    admin:
      e.ADMIN_EMAIL && e.ADMIN_PASSWORD ? { email: e.ADMIN_EMAIL.toLowerCase(), password: e.ADMIN_PASSWORD } : null,
    webhookAllowHosts: e.WEBHOOK_ALLOW_HOSTS.split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
    smtpUrl: e.SMTP_URL ?? null,
    smtpFrom: e.SMTP_FROM ?? '科技成果转化对接平台 <no-reply@techmatch.local>',
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    publicUrl: e.PUBLIC_URL ? new URL(e.PUBLIC_URL).origin : null,
    login: {
      maxFailures: e.LOGIN_MAX_FAILURES,
      maxFailuresPerAddress: e.LOGIN_MAX_FAILURES_PER_ADDRESS,
      slowdownAfter: e.LOGIN_SLOWDOWN_AFTER,
      lockoutSeconds: e.LOGIN_LOCKOUT_SECONDS,
    },
    database: { statementTimeoutMs: { api: e.DB_STATEMENT_TIMEOUT_MS, worker: e.WORKER_STATEMENT_TIMEOUT_MS } },
    retentionDays: e.RETENTION_DAYS,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    matchFloor: e.MATCH_FLOOR ?? null,
    worker: {
      concurrency: e.WORKER_CONCURRENCY,
      heartbeatFile: e.WORKER_HEARTBEAT_FILE ?? null,
      maxHeapMb: e.WORKER_MAX_HEAP_MB,
    },
    ranker: { trainCron: e.RANKER_TRAIN_CRON },
    webDir: e.WEB_DIST_DIR ?? null,
    metricsToken: e.METRICS_TOKEN ?? null,
    publicHalls: e.PUBLIC_HALLS,
    hallRateLimit: e.HALL_RATE_LIMIT,
    noticeWorkingDays: e.NOTICE_WORKING_DAYS,
    attachmentsDir: e.ATTACHMENTS_DIR ?? null,
    bookingCancelCutoffHours: e.BOOKING_CANCEL_CUTOFF_HOURS,
  };
}

/** Loads the configuration or stops the process with a message that names the variable. */
export function loadConfigOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
}
