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
      env: 'development',
      port: 3000,
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/techmatch',
      redisUrl: 'redis://127.0.0.1:6379',
      queuePrefix: 'techmatch',
      webhookAllowHosts: [],
      smtpUrl: null,
      admin: null,
    });
    expect(c.jwt.algorithm).toBe('HS256');
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
  ])('names the variable for a bad value: %o', (env, name) => {
    const p = problems(env);
    expect(p.length).toBeGreaterThan(0);
    expect(p.join('\n')).toMatch(new RegExp(`^${name}: `, 'm'));
  });

  it('requires JWT_SECRET in production, and only there', () => {
    expect(problems({ NODE_ENV: 'production' }).join()).toMatch(/^JWT_SECRET: /);
    expect(problems({ NODE_ENV: 'test' })).toEqual([]);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }).jwt.secret).toBe('x'.repeat(40));
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', WEBHOOK_ALLOW_HOSTS: ' hooks.example.org , 10.0.0.5 ' })).toMatchObject({
      port: 3000,
      webhookAllowHosts: ['hooks.example.org', '10.0.0.5'],
    });
  });
});
