import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { JwtKeysService, rotateSigningKey } from '../src/modules/auth/jwt-keys.service.js';
import { createCast, createUser, login, USER_PASSWORD, type Cast } from './factories/cast.js';
import { ADMIN, createTestApp, type TestApp } from './setup/test-app.js';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

describe('sign-in and sessions', () => {
  let t: TestApp;
  let c: Cast;
  beforeAll(async () => {
    t = await createTestApp({
      LOGIN_MAX_FAILURES: '3',
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

  it('refuses expired tokens, tokens signed with another algorithm or none, tampered ones, and well-signed ones without a session', async () => {
    const me = await t.http().get('/api/v1/me').set(auth(c.enterpriseA));
    const sub = me.body.user.id as string;
    // The live session's own id: each forgery below is refused for what it is, not for lacking a session.
    const part = (i: number) => JSON.parse(Buffer.from(c.enterpriseA.split('.')[i], 'base64url').toString());
    const { jti } = part(1) as { jti: string };
    const { kid } = part(0) as { kid: string };
    const secret = t.config.jwt.secret!;
    const jwt = new JwtService({ secret });
    const now = Math.floor(Date.now() / 1000);
    const expired = await jwt.signAsync({ sub, ver: 0, jti, iat: now - 100, exp: now - 10 }, { keyid: kid });
    const hs512 = await jwt.signAsync({ sub, ver: 0, jti }, { algorithm: 'HS512', keyid: kid });
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const none = `${b64({ alg: 'none', typ: 'JWT', kid })}.${b64({ sub, ver: 0, jti, exp: now + 600 })}.`;
    const [h, , s] = c.enterpriseA.split('.');
    const tampered = `${h}.${b64({ sub: c.ids.users['coord@example.org'], ver: 0, jti, exp: now + 600 })}.${s}`;
    // Signed with the right key, but no session was ever opened for it: refused all the same.
    const noSession = await jwt.signAsync({ sub, ver: 0, jti: '00000000-0000-4000-8000-000000000000' }, { keyid: kid });
    for (const token of [expired, hs512, none, tampered, noSession, 'garbage']) {
      const r = await t.http().get('/api/v1/me').set(auth(token));
      expect(r.status).toBe(401);
    }
    expect((await t.http().get('/api/v1/me').set(auth(c.enterpriseA))).status).toBe(200);
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

  it('behind a TLS proxy: the cookie is Secure and the console’s writes count as same-origin', async () => {
    const r = await t
      .http()
      .post('/api/v1/auth/login')
      .set('x-forwarded-proto', 'https')
      .send({ email: 'u@example.org', password: USER_PASSWORD });
    const cookie = ([] as string[])
      .concat(r.headers['set-cookie'] ?? [])
      .find((x) => x.startsWith('techmatch_session='));
    expect(cookie).toMatch(/; Secure/);
    const plain = await t.http().post('/api/v1/auth/login').send({ email: 'u@example.org', password: USER_PASSWORD });
    expect(String(plain.headers['set-cookie'])).not.toMatch(/; Secure/);
    const write = await t
      .http()
      .post('/api/v1/auth/logout')
      .set('cookie', cookie!.split(';')[0])
      .set('x-forwarded-proto', 'https')
      .set('host', 'kj.harbin.example')
      .set('origin', 'https://kj.harbin.example')
      .send({});
    expect(write.status).toBe(200);
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
  it('generates an admin with a random password, so that someone can sign in', async () => {
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
    const t = await createTestApp({ LOGIN_MAX_FAILURES: '100', LOGIN_MAX_FAILURES_PER_ADDRESS: '4' });
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

describe('signing keys of an install without JWT_SECRET', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ JWT_SECRET: '' });
  });
  afterAll(() => t.close());

  const signIn = async (http: TestApp['http']) => {
    const r = await http().post('/api/v1/auth/login').send({ email: ADMIN.email, password: ADMIN.password });
    expect(r.status).toBe(200);
    return r.body.accessToken as string;
  };
  const header = (token: string) =>
    JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()) as { kid: string };

  it('generates one random key, kept in PostgreSQL, and every API process of the install uses it', async () => {
    const keys = await t.app.get(DataSource).query(`SELECT kid, length(secret) AS n FROM jwt_keys`);
    expect(keys).toHaveLength(1);
    expect(keys[0].n).toBeGreaterThanOrEqual(48);
    const token = await signIn(t.http);
    expect(header(token).kid).toBe(keys[0].kid);
    // A second API process (or this one after a restart) accepts the session and signs with the same key.
    const other = await t.startAnotherApi();
    expect((await other.http().get('/api/v1/me').set(auth(token))).status).toBe(200);
    expect(header(await signIn(other.http)).kid).toBe(keys[0].kid);
    expect(await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM jwt_keys`)).toEqual([{ n: 1 }]);
  });

  it('refuses tokens forged with the key that used to be written in the code, and tokens of another install', async () => {
    const me = await t
      .http()
      .get('/api/v1/me')
      .set(auth(await signIn(t.http)));
    const sub = me.body.user.id as string;
    for (const kid of [undefined, 'env', header(await signIn(t.http)).kid]) {
      const forged = await new JwtService({ secret: 'techmatch-development-secret-not-for-production' }).signAsync(
        { sub, ver: 0, jti: '00000000-0000-4000-8000-000000000001' },
        kid ? { keyid: kid } : {},
      );
      expect((await t.http().get('/api/v1/me').set(auth(forged))).status).toBe(401);
    }
    const another = await createTestApp({ JWT_SECRET: '' });
    try {
      const theirs = await signIn(another.http);
      expect((await t.http().get('/api/v1/me').set(auth(theirs))).status).toBe(401);
      expect((await another.http().get('/api/v1/me').set(auth(theirs))).status).toBe(200);
    } finally {
      await another.close();
    }
  });

  it('rotates the key without signing anyone out', async () => {
    const before = await signIn(t.http);
    const kid = await rotateSigningKey(t.app.get(DataSource));
    await t.app.get(JwtKeysService).refresh();
    const after = await signIn(t.http);
    expect(header(after).kid).toBe(kid);
    expect(header(before).kid).not.toBe(kid);
    for (const token of [before, after]) expect((await t.http().get('/api/v1/me').set(auth(token))).status).toBe(200);
  });

  it('accepts at once a token another API process signed with a key made a moment ago', async () => {
    const other = await t.startAnotherApi();
    const kid = await rotateSigningKey(t.app.get(DataSource));
    // The other process has read the new key (its minute came round); this one has not.
    await other.app.get(JwtKeysService).refresh();
    const token = await signIn(other.http);
    expect(header(token).kid).toBe(kid);
    expect((await t.http().get('/api/v1/me').set(auth(token))).status).toBe(200);
  });
});

/** Only the account-wide slow-down can hold these attempts back: after 3 failures, from any number of addresses. */
const SLOWDOWN_AFTER_3 = {
  TRUST_PROXY: '1',
  LOGIN_MAX_FAILURES: '100',
  LOGIN_MAX_FAILURES_PER_ADDRESS: '100',
  LOGIN_SLOWDOWN_AFTER: '3',
};

describe('sign-in throttling that holds and cannot be turned against users', () => {
  it('lets exactly the limit through a burst of parallel wrong passwords (counted before argon2)', async () => {
    const t = await createTestApp({ LOGIN_MAX_FAILURES: '5', LOGIN_MAX_FAILURES_PER_ADDRESS: '1000' });
    try {
      const statuses = await Promise.all(
        Array.from({ length: 50 }, () =>
          t
            .http()
            .post('/api/v1/auth/login')
            .send({ email: ADMIN.email, password: 'wrong-password-1' })
            .then((r) => r.status),
        ),
      );
      expect(statuses.filter((s) => s === 401)).toHaveLength(5);
      expect(statuses.filter((s) => s === 429)).toHaveLength(45);
    } finally {
      await t.close();
    }
  });

  it('ignores a client’s own X-Forwarded-For unless TRUST_PROXY names the proxies', async () => {
    const t = await createTestApp({ LOGIN_MAX_FAILURES: '2' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await t
          .http()
          .post('/api/v1/auth/login')
          .set('x-forwarded-for', `203.0.113.${i + 1}`)
          .send({ email: ADMIN.email, password: 'wrong-password-1' });
        statuses.push(r.status);
      }
      expect(statuses).toEqual([401, 401, 429]);
    } finally {
      await t.close();
    }
  });

  it('spaces out guesses at one account from many addresses, but never keeps its owner out', async () => {
    const t = await createTestApp(SLOWDOWN_AFTER_3);
    const from = (address: string, password: string) =>
      t.http().post('/api/v1/auth/login').set('x-forwarded-for', address).send({ email: ADMIN.email, password });
    try {
      // The owner signs in from home once: that address is known from now on.
      expect((await from('198.51.100.7', ADMIN.password)).status).toBe(200);
      for (let i = 1; i <= 3; i++) expect((await from(`203.0.113.${i}`, 'wrong-password-1')).status).toBe(401);
      // From here on each unknown address gets its first try; after that, one guess per interval from all of them.
      expect((await from('203.0.113.50', 'wrong-password-1')).status).toBe(401);
      expect((await from('203.0.113.50', 'wrong-password-1')).status).toBe(401);
      const held = await from('203.0.113.50', 'wrong-password-1');
      expect(held.status).toBe(429);
      expect(Number(held.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(held.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect((await from('203.0.113.51', 'wrong-password-1')).status).toBe(401);
      expect((await from('203.0.113.51', 'wrong-password-1')).status).toBe(429);
      // The owner on a network never used before still signs in at the first try.
      expect((await from('192.0.2.77', ADMIN.password)).status).toBe(200);
      // The owner, from the known address, is not held back at all.
      expect((await from('198.51.100.7', ADMIN.password)).status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('gives guesses spread over many addresses no more than the account-wide limit, even in one parallel burst', async () => {
    const t = await createTestApp(SLOWDOWN_AFTER_3);
    try {
      const statuses = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          t
            .http()
            .post('/api/v1/auth/login')
            .set('x-forwarded-for', `203.0.113.${i + 1}`)
            .send({ email: ADMIN.email, password: 'wrong-password-1' })
            .then((r) => r.status),
        ),
      );
      // 3 before the slow-down, 3 first tries from new addresses (for the day), 1 spaced slot: 7 reach argon2.
      expect(statuses.filter((s) => s === 401)).toHaveLength(7);
      expect(statuses.filter((s) => s === 429)).toHaveLength(23);
      // The daily first tries are used up: another new address waits for the slot too.
      const next = await t
        .http()
        .post('/api/v1/auth/login')
        .set('x-forwarded-for', '192.0.2.200')
        .send({ email: ADMIN.email, password: ADMIN.password });
      expect(next.status).toBe(429);
      expect(Number(next.headers['retry-after'])).toBeLessThanOrEqual(60);
    } finally {
      await t.close();
    }
  });

  it('never holds an account back at an address it signed in from, whatever others there guess', async () => {
    const t = await createTestApp({ TRUST_PROXY: '1', LOGIN_MAX_FAILURES_PER_ADDRESS: '3' });
    const from = (address: string, email: string, password: string) =>
      t.http().post('/api/v1/auth/login').set('x-forwarded-for', address).send({ email, password });
    try {
      const office = '198.51.100.20';
      expect((await from(office, ADMIN.email, ADMIN.password)).status).toBe(200);
      for (let i = 0; i < 3; i++)
        expect((await from(office, `probe${i}@example.org`, 'x-password-1')).status).toBe(401);
      // The address is used up for everyone else …
      expect((await from(office, 'probe9@example.org', 'x-password-1')).status).toBe(429);
      // … but not for the account that signs in from there.
      expect((await from(office, ADMIN.email, ADMIN.password)).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
