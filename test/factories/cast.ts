import type { TestApp } from '../setup/test-app.js';
import { ADMIN } from '../setup/test-app.js';

export const USER_PASSWORD = 'User-Pass-2026!';

export async function login(t: TestApp, email: string, password = USER_PASSWORD): Promise<string> {
  const r = await t.http().post('/api/v1/auth/login').send({ email, password });
  if (r.status !== 200) throw new Error(`login ${email}: ${r.status} ${JSON.stringify(r.body)}`);
  return (r.body as { accessToken: string }).accessToken;
}

export interface Cast {
  admin: string;
  coordinator: string;
  enterpriseA: string;
  enterpriseB: string;
  university: string;
  institute: string;
  ids: { gov: string; entA: string; entB: string; uni: string; inst: string; users: Record<string, string> };
}

export async function createOrganization(
  t: TestApp,
  token: string,
  body: { kind: string; name: string; district: string; [k: string]: unknown },
): Promise<string> {
  const r = await t.http().post('/api/v1/organizations').set('authorization', `Bearer ${token}`).send(body);
  if (r.status !== 201) throw new Error(`create organization: ${r.status} ${JSON.stringify(r.body)}`);
  return (r.body as { id: string }).id;
}

export async function createUser(
  t: TestApp,
  token: string,
  body: { email: string; role: string; organizationId: string; name?: string; password?: string },
): Promise<string> {
  const r = await t
    .http()
    .post('/api/v1/users')
    .set('authorization', `Bearer ${token}`)
    .send({ password: USER_PASSWORD, name: body.email.split('@')[0], ...body });
  if (r.status !== 201) throw new Error(`create user: ${r.status} ${JSON.stringify(r.body)}`);
  return (r.body as { id: string }).id;
}

/** The usual people: a coordinator at the bureau, two enterprises, a university and an institute. */
export async function createCast(t: TestApp): Promise<Cast> {
  const admin = await login(t, ADMIN.email, ADMIN.password);
  const gov = await createOrganization(t, admin, { kind: 'government', name: '示例市科技局', district: '松北' });
  const entA = await createOrganization(t, admin, { kind: 'enterprise', name: '示例甲科技有限公司', district: '平房' });
  const entB = await createOrganization(t, admin, { kind: 'enterprise', name: '示例乙制造有限公司', district: '香坊' });
  const uni = await createOrganization(t, admin, { kind: 'university', name: '示例理工大学', district: '南岗' });
  const inst = await createOrganization(t, admin, {
    kind: 'research_institute',
    name: '示例材料研究所',
    district: 'outside',
  });
  const users: Record<string, string> = {};
  for (const [email, role, org] of [
    ['coord@example.org', 'coordinator', gov],
    ['a@example.org', 'member', entA],
    ['b@example.org', 'member', entB],
    ['u@example.org', 'member', uni],
    ['i@example.org', 'member', inst],
  ] as const) {
    users[email] = await createUser(t, admin, { email, role, organizationId: org });
  }
  return {
    admin,
    coordinator: await login(t, 'coord@example.org'),
    enterpriseA: await login(t, 'a@example.org'),
    enterpriseB: await login(t, 'b@example.org'),
    university: await login(t, 'u@example.org'),
    institute: await login(t, 'i@example.org'),
    ids: { gov, entA, entB, uni, inst, users },
  };
}
