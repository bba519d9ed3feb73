import { createCast, createUser, login, USER_PASSWORD, type Cast } from './factories/cast.js';
import { ADMIN, createTestApp, type TestApp } from './setup/test-app.js';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

describe('users and roles', () => {
  let t: TestApp;
  let c: Cast;
  beforeAll(async () => {
    t = await createTestApp();
    c = await createCast(t);
  });
  afterAll(() => t.close());

  const newUser = (token: string, body: Record<string, unknown>) =>
    t
      .http()
      .post('/api/v1/users')
      .set(auth(token))
      .send({ password: USER_PASSWORD, name: '新用户', ...body });

  it('lets an admin create users of any role, and coordinators members only', async () => {
    expect(
      (await newUser(c.admin, { email: 'c2@example.org', role: 'coordinator', organizationId: c.ids.gov })).status,
    ).toBe(201);
    expect(
      (await newUser(c.coordinator, { email: 'm2@example.org', role: 'member', organizationId: c.ids.entA })).status,
    ).toBe(201);
    expect(
      (await newUser(c.coordinator, { email: 'c3@example.org', role: 'coordinator', organizationId: c.ids.gov }))
        .status,
    ).toBe(403);
    expect(
      (await newUser(c.coordinator, { email: 'a2@example.org', role: 'admin', organizationId: c.ids.gov })).status,
    ).toBe(403);
  });

  it('does not let members create or list users', async () => {
    expect(
      (await newUser(c.enterpriseA, { email: 'x@example.org', role: 'member', organizationId: c.ids.entA })).status,
    ).toBe(403);
    expect((await t.http().get('/api/v1/users').set(auth(c.enterpriseA))).status).toBe(403);
  });

  it('checks the input: password length, e-mail, role, organisation, duplicates', async () => {
    const short = await newUser(c.admin, {
      email: 'short@example.org',
      role: 'member',
      organizationId: c.ids.entA,
      password: 'short-pw',
    });
    expect(short.status).toBe(400);
    expect(short.body.details[0].field).toBe('password');
    expect((await newUser(c.admin, { email: 'not-an-email', role: 'member', organizationId: c.ids.entA })).status).toBe(
      400,
    );
    expect((await newUser(c.admin, { email: 'r@example.org', role: 'boss', organizationId: c.ids.entA })).status).toBe(
      400,
    );
    const noOrg = await newUser(c.admin, {
      email: 'o@example.org',
      role: 'member',
      organizationId: '00000000-0000-4000-8000-000000000000',
    });
    expect(noOrg.status).toBe(400);
    expect(noOrg.body.details[0].field).toBe('organizationId');
    const dup = await newUser(c.admin, { email: 'A@example.org', role: 'member', organizationId: c.ids.entA });
    expect(dup.status).toBe(409);
  });

  it('does not let a member change its own role or organisation, but lets it change its name and password', async () => {
    const me = c.ids.users['a@example.org'];
    const role = await t.http().patch(`/api/v1/users/${me}`).set(auth(c.enterpriseA)).send({ role: 'admin' });
    expect(role.status).toBe(403);
    const org = await t
      .http()
      .patch(`/api/v1/users/${me}`)
      .set(auth(c.enterpriseA))
      .send({ organizationId: c.ids.entB });
    expect(org.status).toBe(403);
    const check = await t.http().get('/api/v1/me').set(auth(c.enterpriseA));
    expect(check.body.user).toMatchObject({ role: 'member', organizationId: c.ids.entA });
    const name = await t.http().patch(`/api/v1/users/${me}`).set(auth(c.enterpriseA)).send({ name: '甲公司联系人' });
    expect(name.status).toBe(200);
    const noCurrent = await t
      .http()
      .patch(`/api/v1/users/${me}`)
      .set(auth(c.enterpriseA))
      .send({ password: 'Another-Pass-2026' });
    expect(noCurrent.status).toBe(400);
    const changed = await t
      .http()
      .patch(`/api/v1/users/${me}`)
      .set(auth(c.enterpriseA))
      .send({ password: 'Another-Pass-2026', currentPassword: USER_PASSWORD });
    expect(changed.status).toBe(200);
    // Changing the password ends older sessions.
    expect((await t.http().get('/api/v1/me').set(auth(c.enterpriseA))).status).toBe(401);
    c.enterpriseA = await login(t, 'a@example.org', 'Another-Pass-2026');
  });

  it('does not let a member see or change other users (404)', async () => {
    const other = c.ids.users['b@example.org'];
    expect((await t.http().patch(`/api/v1/users/${other}`).set(auth(c.enterpriseA)).send({ name: 'x' })).status).toBe(
      404,
    );
  });

  it('lets coordinators manage members but not coordinators; role changes take effect at once', async () => {
    const coord2 = await createUser(t, c.admin, {
      email: 'coord9@example.org',
      role: 'coordinator',
      organizationId: c.ids.gov,
    });
    expect((await t.http().patch(`/api/v1/users/${coord2}`).set(auth(c.coordinator)).send({ name: 'x' })).status).toBe(
      403,
    );
    const member = await createUser(t, c.admin, {
      email: 'promote@example.org',
      role: 'member',
      organizationId: c.ids.gov,
    });
    const token = await login(t, 'promote@example.org');
    expect(
      (await t.http().patch(`/api/v1/users/${member}`).set(auth(c.coordinator)).send({ role: 'coordinator' })).status,
    ).toBe(403);
    expect(
      (await t.http().patch(`/api/v1/users/${member}`).set(auth(c.admin)).send({ role: 'coordinator' })).status,
    ).toBe(200);
    // The old token carried the old role: it no longer works.
    expect((await t.http().get('/api/v1/me').set(auth(token))).status).toBe(401);
    const fresh = await login(t, 'promote@example.org');
    expect((await t.http().get('/api/v1/users').set(auth(fresh))).status).toBe(200);
  });

  it('disabling a user ends its sessions and its sign-ins', async () => {
    const id = await createUser(t, c.admin, { email: 'gone@example.org', role: 'member', organizationId: c.ids.entB });
    const token = await login(t, 'gone@example.org');
    expect((await t.http().patch(`/api/v1/users/${id}`).set(auth(c.coordinator)).send({ active: false })).status).toBe(
      200,
    );
    expect((await t.http().get('/api/v1/me').set(auth(token))).status).toBe(401);
    expect(
      (await t.http().post('/api/v1/auth/login').send({ email: 'gone@example.org', password: USER_PASSWORD })).status,
    ).toBe(401);
  });

  it('keeps at least one admin', async () => {
    const me = (await t.http().get('/api/v1/me').set(auth(c.admin))).body.user.id;
    expect((await t.http().patch(`/api/v1/users/${me}`).set(auth(c.admin)).send({ role: 'member' })).status).toBe(409);
  });

  it('shows coordinators the members and themselves only, never admins or their e-mails; admins see everyone', async () => {
    const users = async (token: string, query = '') =>
      (await t.http().get(`/api/v1/users?pageSize=100${query}`).set(auth(token))).body as {
        items: Array<{ id: string; email: string; role: string }>;
        total: number;
      };
    const self = c.ids.users['coord@example.org'];
    const seen = await users(c.coordinator);
    expect(seen.items.length).toBeGreaterThan(0);
    expect(seen.items.every((u) => u.role === 'member' || u.id === self)).toBe(true);
    expect(seen.items.some((u) => u.id === self)).toBe(true);
    expect(seen.items.map((u) => u.email)).not.toContain('admin@example.org');
    expect(seen.total).toBe(seen.items.length);
    expect(await users(c.coordinator, '&role=admin')).toMatchObject({ items: [], total: 0 });
    expect((await users(c.coordinator, '&role=coordinator')).items.map((u) => u.id)).toEqual([self]);
    const all = await users(c.admin);
    expect(all.items.map((u) => u.email)).toContain('admin@example.org');
    expect(all.items.some((u) => u.role === 'coordinator' && u.id !== self)).toBe(true);
  });

  it('does not count a disabled admin as the one left', async () => {
    const me = (await t.http().get('/api/v1/me').set(auth(c.admin))).body.user.id;
    const dormant = await createUser(t, c.admin, {
      email: 'dormant@example.org',
      role: 'admin',
      organizationId: c.ids.gov,
    });
    expect((await t.http().patch(`/api/v1/users/${dormant}`).set(auth(c.admin)).send({ active: false })).status).toBe(
      200,
    );
    const r = await t.http().patch(`/api/v1/users/${me}`).set(auth(c.admin)).send({ role: 'member' });
    expect(r.status).toBe(409);
    expect((await t.http().get('/api/v1/me').set(auth(c.admin))).body.user.role).toBe('admin');
  });

  it('leaves an active admin when two admins demote each other at the same moment', async () => {
    // A race shows only sometimes: three rounds, each between the admin left by the last and a new one.
    let left = { email: ADMIN.email, token: c.admin, password: ADMIN.password };
    for (let round = 1; round <= 3; round++) {
      const leftId = (await t.http().get('/api/v1/me').set(auth(left.token))).body.user.id as string;
      const email = `admin-round${round}@example.org`;
      const other = await createUser(t, left.token, { email, role: 'admin', organizationId: c.ids.gov });
      const otherToken = await login(t, email);
      const [a, b] = await Promise.all([
        t.http().patch(`/api/v1/users/${other}`).set(auth(left.token)).send({ role: 'member' }),
        t.http().patch(`/api/v1/users/${leftId}`).set(auth(otherToken)).send({ role: 'member' }),
      ]);
      // One wins; the other is refused: 409 (the last admin), or 401/403 when the winner's change came first.
      expect([a.status, b.status].filter((s) => s === 200)).toHaveLength(1);
      if (b.status === 200) left = { email, token: '', password: USER_PASSWORD };
      left.token = await login(t, left.email, left.password);
      const admins = (await t.http().get('/api/v1/users?role=admin').set(auth(left.token))).body.items as Array<{
        active: boolean;
      }>;
      expect(admins.filter((u) => u.active).length).toBeGreaterThanOrEqual(1);
    }
  });
});
