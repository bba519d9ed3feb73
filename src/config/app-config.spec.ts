import { ConfigError, loadConfig } from './app-config.js';

const problems = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
};

describe('configuration', () => {
  it('uses the defaults of PRODUCT.md when nothing is set', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      env: 'production',
      port: 3000,
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/techmatch',
      redisUrl: 'redis://127.0.0.1:6379',
      queuePrefix: 'techmatch',
      webhookAllowHosts: [],
      smtpUrl: null,
      admin: null,
    });
    expect(c.jwt).toEqual({ secret: null, expiresInSeconds: 28800, algorithm: 'HS256' });
    expect(c.trustProxy).toBe(false);
    expect(c.worker.maxHeapMb).toBe(1024);
    expect(c.noticeWorkingDays).toBe(5);
    expect(c.attachmentsDir).toBeNull();
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x/y' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'not a url' }, 'REDIS_URL'],
    [{ QUEUE_PREFIX: 'has spaces' }, 'QUEUE_PREFIX'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ ADMIN_EMAIL: 'not-an-email', ADMIN_PASSWORD: 'Long-enough-1' }, 'ADMIN_EMAIL'],
    [{ ADMIN_EMAIL: 'a@example.org', ADMIN_PASSWORD: 'short' }, 'ADMIN_PASSWORD'],
    [{ ADMIN_EMAIL: 'a@example.org' }, 'ADMIN_PASSWORD'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL'],
    [{ TRUST_PROXY: 'true' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: 'yes' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.1,not-an-address' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY'],
    [{ PUBLIC_URL: 'ftp://example.org' }, 'PUBLIC_URL'],
    [{ DB_STATEMENT_TIMEOUT_MS: '5' }, 'DB_STATEMENT_TIMEOUT_MS'],
    [{ RETENTION_DAYS: '0' }, 'RETENTION_DAYS'],
    [{ SHUTDOWN_GRACE_MS: '10s' }, 'SHUTDOWN_GRACE_MS'],
    [{ MATCH_FLOOR: '1.5' }, 'MATCH_FLOOR'],
    [{ MATCH_FLOOR: 'high' }, 'MATCH_FLOOR'],
    [{ WORKER_MAX_HEAP_MB: '1g' }, 'WORKER_MAX_HEAP_MB'],
    [{ WORKER_MAX_HEAP_MB: '64' }, 'WORKER_MAX_HEAP_MB'],
    [{ RANKER_TRAIN_CRON: 'daily' }, 'RANKER_TRAIN_CRON'],
    [{ RANKER_TRAIN_CRON: '30 3 * *' }, 'RANKER_TRAIN_CRON'],
    [{ RANKER_TRAIN_CRON: '60 3 * * *' }, 'RANKER_TRAIN_CRON'],
    [{ RANKER_TRAIN_CRON: '0 5-2 * * *' }, 'RANKER_TRAIN_CRON'],
    [{ RANKER_TRAIN_CRON: '0 3 * * MON' }, 'RANKER_TRAIN_CRON'],
    [{ NOTICE_WORKING_DAYS: '0' }, 'NOTICE_WORKING_DAYS'],
    [{ NOTICE_WORKING_DAYS: 'five' }, 'NOTICE_WORKING_DAYS'],
    [{ ATTACHMENTS_DIR: 'relative/dir' }, 'ATTACHMENTS_DIR'],
    [{ BOOKING_CANCEL_CUTOFF_HOURS: '-1' }, 'BOOKING_CANCEL_CUTOFF_HOURS'],
    [{ BOOKING_CANCEL_CUTOFF_HOURS: 'a day' }, 'BOOKING_CANCEL_CUTOFF_HOURS'],
  ])('names the variable for a bad value: %o', (env, name) => {
    const p = problems(env);
    expect(p.length).toBeGreaterThan(0);
    expect(p.join('\n')).toMatch(new RegExp(`^${name}: `, 'm'));
  });

  it('starts with no configuration at all: without JWT_SECRET the install generates its own key (no key in the code)', () => {
    expect(problems({})).toEqual([]);
    expect(problems({ NODE_ENV: 'production' })).toEqual([]);
    expect(loadConfig({}).jwt.secret).toBeNull();
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }).jwt.secret).toBe('x'.repeat(40));
  });

  it('trusts X-Forwarded-For only from a number of proxies or from listed addresses, never from everyone', () => {
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: ' 10.0.0.0/8 , loopback,2001:db8::1 ' }).trustProxy).toEqual([
      '10.0.0.0/8',
      'loopback',
      '2001:db8::1',
    ]);
    expect(problems({ TRUST_PROXY: 'true' }).join()).toMatch(/any client choose its own address/);
  });

  it('keeps the console origin of PUBLIC_URL', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://kj.harbin.example/console/' }).publicUrl).toBe(
      'https://kj.harbin.example',
    );
  });

  it('trains the re-ranker daily at 03:30 Harbin time unless told otherwise, or never by itself when off', () => {
    expect(loadConfig({}).ranker.trainCron).toBe('30 3 * * *');
    expect(loadConfig({ RANKER_TRAIN_CRON: ' 0 */6 * * 1-5 ' }).ranker.trainCron).toBe('0 */6 * * 1-5');
    expect(loadConfig({ RANKER_TRAIN_CRON: '15 2 1,15 * 0' }).ranker.trainCron).toBe('15 2 1,15 * 0');
    expect(loadConfig({ RANKER_TRAIN_CRON: 'off' }).ranker.trainCron).toBeNull();
    expect(problems({ RANKER_TRAIN_CRON: '61 * * * *' }).join()).toMatch(/minute "61" is outside 0-59/);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', WEBHOOK_ALLOW_HOSTS: ' hooks.example.org , 10.0.0.5 ' })).toMatchObject({
      port: 3000,
      webhookAllowHosts: ['hooks.example.org', '10.0.0.5'],
    });
  });
});
