import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { createCast, createUser, login, USER_PASSWORD, type Cast } from './factories/cast.js';
import { ADMIN, createTestApp, type TestApp } from './setup/test-app.js';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

describe('sign-in and sessions', () => {
  let t: TestApp;
  let c: Cast;
  beforeAll(async () => {
    t = await createTestApp({
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
      LOGIN_MAX_FAILURES_PER_ADDRESS: '1000',
      LOGIN_LOCKOUT_SECONDS: '60',
    });
    c = await createCast(t);
  });
  afterAll(() => t.close());

  it('creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD, and signs in with a bearer token', async () => {
    const r = await t.http().post('/api/v1/auth/login').send({ email: 'ADMIN@example.org', password: ADMIN.password });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ tokenType: 'Bearer', user: { email: ADMIN.email, role: 'admin' } });
    expect(r.body.expiresIn).toBeGreaterThan(0);
    const me = await t.http().get('/api/v1/me').set(auth(r.body.accessToken));
    expect(me.status).toBe(200);
    expect(me.body.user.role).toBe('admin');
  });

  it('gives an unknown e-mail and a wrong password the same 401 answer', async () => {
    const unknown = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'nobody@example.org', password: 'whatever-123' });
    const wrong = await t.http().post('/api/v1/auth/login').send({ email: 'b@example.org', password: 'whatever-123' });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
    expect(strip(unknown.body)).toEqual(strip(wrong.body));
  });

  it('takes about as long for an unknown e-mail as for a wrong password (no account probing by timing)', async () => {
    const time = async (email: string) => {
      const start = process.hrtime.bigint();
      await t.http().post('/api/v1/auth/login').send({ email, password: 'not-the-password' });
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    const emails = ['t1@example.org', 't2@example.org'];
    for (const e of emails) await createUser(t, c.admin, { email: e, role: 'member', organizationId: c.ids.entA });
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 4; i++) {
      known.push(await time(emails[i % 2]));
      unknown.push(await time(`ghost${i}@example.org`));
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    // Without the equaliser an unknown e-mail answers in about 1 ms against about 15 ms for an argon2 check.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.4);
  });

  it('locks an account out with 429 after repeated failures, even for the right password, and says when to retry', async () => {
    await createUser(t, c.admin, { email: 'locked@example.org', role: 'member', organizationId: c.ids.entB });
    for (let i = 0; i < 3; i++) {
      expect(
        (await t.http().post('/api/v1/auth/login').send({ email: 'locked@example.org', password: 'wrong-password' }))
          .status,
      ).toBe(401);
    }
    const r = await t.http().post('/api/v1/auth/login').send({ email: 'locked@example.org', password: USER_PASSWORD });
    expect(r.status).toBe(429);
    expect(r.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    // Other accounts are not affected.
    expect(
      (await t.http().post('/api/v1/auth/login').send({ email: 'b@example.org', password: USER_PASSWORD })).status,
    ).toBe(200);
  });

  it('never holds back successful sign-ins', async () => {
    for (let i = 0; i < 12; i++) {
      expect(
        (await t.http().post('/api/v1/auth/login').send({ email: 'u@example.org', password: USER_PASSWORD })).status,
      ).toBe(200);
    }
  });

  it('refuses expired tokens, tokens signed with another algorithm or none, and tampered ones', async () => {
    const me = await t.http().get('/api/v1/me').set(auth(c.enterpriseA));
    const sub = me.body.user.id as string;
    const jwt = new JwtService({ secret: t.config.jwt.secret });
    const now = Math.floor(Date.now() / 1000);
    const expired = await jwt.signAsync({ sub, ver: 0, jti: 'x1', iat: now - 100, exp: now - 10 });
    const hs512 = await jwt.signAsync({ sub, ver: 0, jti: 'x2' }, { algorithm: 'HS512' });
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub, ver: 0, jti: 'x3', exp: now + 600 })}.`;
    const [h, , s] = c.enterpriseA.split('.');
    const tampered = `${h}.${b64({ sub: c.ids.users['coord@example.org'], ver: 0, jti: 'x4', exp: now + 600 })}.${s}`;
    for (const token of [expired, hs512, none, tampered, 'garbage']) {
      const r = await t.http().get('/api/v1/me').set(auth(token));
      expect(r.status).toBe(401);
    }
    const good = await jwt.signAsync({ sub, ver: 0, jti: 'x5' }, { expiresIn: 60 });
    expect((await t.http().get('/api/v1/me').set(auth(good))).status).toBe(200);
  });

  it('ends the session on sign-out: the same token is refused afterwards', async () => {
    const token = await login(t, 'b@example.org');
    expect((await t.http().post('/api/v1/auth/logout').set(auth(token))).status).toBe(200);
    expect((await t.http().get('/api/v1/me').set(auth(token))).status).toBe(401);
    expect((await t.http().get('/api/v1/me').set(auth(c.enterpriseB))).status).toBe(200);
  });

  it('accepts the session cookie set at sign-in, HttpOnly and SameSite=Strict', async () => {
    const r = await t.http().post('/api/v1/auth/login').send({ email: 'u@example.org', password: USER_PASSWORD });
    const cookie = ([] as string[])
      .concat(r.headers['set-cookie'] ?? [])
      .find((x) => x.startsWith('techmatch_session='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const me = await t.http().get('/api/v1/me').set('cookie', cookie!.split(';')[0]);
    expect(me.status).toBe(200);
    expect(me.body.organization.name).toBe('示例理工大学');
  });

  it('signs in from the console’s HTML form with a redirect, and refuses a form posted from another site', async () => {
    const form = (body: string, origin?: string) =>
      t
        .http()
        .post('/api/v1/auth/login')
        .set('content-type', 'application/x-www-form-urlencoded')
        .set(origin ? { origin } : {})
        .send(body);
    const ok = await form(`email=u%40example.org&password=${encodeURIComponent(USER_PASSWORD)}`);
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe('/');
    expect(String(ok.headers['set-cookie'])).toMatch(/techmatch_session=.+HttpOnly.+SameSite=Strict/);
    const bad = await form('email=u%40example.org&password=nope-nope-1');
    expect(bad.status).toBe(303);
    expect(bad.headers.location).toBe('/login?error=invalid&email=u%40example.org');
    expect(bad.headers['set-cookie']).toBeUndefined();
    const crossSite = await form(
      `email=u%40example.org&password=${encodeURIComponent(USER_PASSWORD)}`,
      'https://evil.example',
    );
    expect(crossSite.status).toBe(403);
  });

  it('refuses a cookie-authenticated write from another site', async () => {
    const r = await t.http().post('/api/v1/auth/login').send({ email: 'u@example.org', password: USER_PASSWORD });
    const cookie = String(r.headers['set-cookie']).split(';')[0];
    const write = (origin: string) =>
      t.http().post('/api/v1/auth/logout').set('cookie', cookie).set('origin', origin).send({});
    expect((await write('https://evil.example')).status).toBe(403);
    expect((await t.http().get('/api/v1/me').set('cookie', cookie)).status).toBe(200);
  });

  it('never sends a password hash', async () => {
    const responses = [
      await t.http().post('/api/v1/auth/login').send({ email: 'u@example.org', password: USER_PASSWORD }),
      await t.http().get('/api/v1/me').set(auth(c.university)),
      await t.http().get('/api/v1/users?pageSize=100').set(auth(c.admin)),
      await t
        .http()
        .patch(`/api/v1/users/${c.ids.users['u@example.org']}`)
        .set(auth(c.admin))
        .send({ name: '大学用户' }),
    ];
    for (const r of responses) {
      expect(r.status).toBe(200);
      expect(JSON.stringify(r.body)).not.toMatch(/argon2|password/i);
    }
  });
});

describe('first start without ADMIN_EMAIL / ADMIN_PASSWORD', () => {
  it('generates an admin outside production, so that someone can sign in', async () => {
    const t = await createTestApp({ ADMIN_EMAIL: '', ADMIN_PASSWORD: '' });
    try {
      const rows = await t.app.get(DataSource).query(`SELECT email, role FROM users`);
      expect(rows).toEqual([{ email: 'admin@techmatch.local', role: 'admin' }]);
    } finally {
      await t.close();
    }
  });
});

describe('sign-in throttling per address', () => {
  it('answers 429 to an address after repeated failures across accounts', async () => {
    const t = await createTestApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '100', LOGIN_MAX_FAILURES_PER_ADDRESS: '4' });
    try {
      for (let i = 0; i < 4; i++) {
        expect(
          (
            await t
              .http()
              .post('/api/v1/auth/login')
              .send({ email: `probe${i}@example.org`, password: 'x-password' })
          ).status,
        ).toBe(401);
      }
      expect(
        (await t.http().post('/api/v1/auth/login').send({ email: 'probe9@example.org', password: 'x-password' }))
          .status,
      ).toBe(429);
    } finally {
      await t.close();
    }
  });
});
