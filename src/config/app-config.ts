import { envSchema } from './env.schema.js';

/** A development-only signing key: never accepted in production (the schema requires JWT_SECRET there). */
const DEV_JWT_SECRET = 'techmatch-development-secret-not-for-production';

export interface AppConfig {
  env: 'development' | 'test' | 'production';
  port: number;
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  jwt: { secret: string; expiresInSeconds: number; algorithm: 'HS256' };
  admin: { email: string; password: string } | null;
  webhookAllowHosts: string[];
  smtpUrl: string | null;
  /** The sender of notification e-mails. */
  smtpFrom: string;
  logLevel: string;
  trustProxy: boolean;
  login: { maxFailuresPerAccount: number; maxFailuresPerAddress: number; lockoutSeconds: number };
  worker: { concurrency: number; heartbeatFile: string | null };
  /** The built console; web/dist of the project unless WEB_DIST_DIR says otherwise. */
  webDir: string | null;
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
    jwt: { secret: e.JWT_SECRET ?? DEV_JWT_SECRET, expiresInSeconds: e.JWT_EXPIRES_IN, algorithm: 'HS256' },
    admin:
      e.ADMIN_EMAIL && e.ADMIN_PASSWORD ? { email: e.ADMIN_EMAIL.toLowerCase(), password: e.ADMIN_PASSWORD } : null,
    webhookAllowHosts: e.WEBHOOK_ALLOW_HOSTS.split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
    smtpUrl: e.SMTP_URL ?? null,
    smtpFrom: e.SMTP_FROM ?? '科技成果转化对接平台 <no-reply@techmatch.local>',
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    login: {
      maxFailuresPerAccount: e.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      maxFailuresPerAddress: e.LOGIN_MAX_FAILURES_PER_ADDRESS,
      lockoutSeconds: e.LOGIN_LOCKOUT_SECONDS,
    },
    worker: { concurrency: e.WORKER_CONCURRENCY, heartbeatFile: e.WORKER_HEARTBEAT_FILE ?? null },
    webDir: e.WEB_DIST_DIR ?? null,
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
