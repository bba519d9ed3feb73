// Builders for science envoys (科技特派员 / 科技副总) in e2e tests:
//
//   postBody(overrides?)                        → a valid POST /secondment-posts body (科技副总 for 农机智能控制, field
//                                                 hitech:0804, 12 months, 1 position)
//   createPost(t, token, overrides?)             → id of a draft post created as `token`
//   openPost(t, token, overrides?)               → id of an open post (created, then transitions {to: open})
//   nominate(t, token, postId, body)             → nomination id (POST /secondment-posts/:id/nominations)
//   harbinMonth(offset)                          → YYYY-MM of the Harbin month `offset` months from this one
//   lastDayOf(month)                             → YYYY-MM-DD, the month's last day
import type { TestApp } from '../setup/test-app.js';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

export function postBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'vice_president',
    title: '农机智能控制科技副总',
    field: 'hitech:0804',
    tasks:
      '负责企业寒地播种机、收获机的电液控制与智能控制系统研发，指导研发团队完成农机作业监测和自动导航改造，' +
      '每月驻企不少于8天。',
    keywords: ['农机', '智能控制', '电液控制'],
    termMonths: 12,
    address: '哈尔滨市平房区哈南工业新城',
    support: '每月补贴5000元，提供住宿，配备3人研发团队',
    positions: 1,
    ...overrides,
  };
}

export async function createPost(
  t: Pick<TestApp, 'http'>,
  token: string,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const r = await t.http().post('/api/v1/secondment-posts').set(auth(token)).send(postBody(overrides));
  if (r.status !== 201) throw new Error(`POST /secondment-posts: ${r.status} ${JSON.stringify(r.body)}`);
  return (r.body as { id: string }).id;
}

export async function openPost(
  t: Pick<TestApp, 'http'>,
  token: string,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const id = await createPost(t, token, overrides);
  const r = await t.http().post(`/api/v1/secondment-posts/${id}/transitions`).set(auth(token)).send({ to: 'open' });
  if (r.status !== 200) throw new Error(`open post: ${r.status} ${JSON.stringify(r.body)}`);
  return id;
}

export async function nominate(
  t: Pick<TestApp, 'http'>,
  token: string,
  postId: string,
  body: Record<string, unknown>,
): Promise<string> {
  const r = await t
    .http()
    .post(`/api/v1/secondment-posts/${postId}/nominations`)
    .set(auth(token))
    .send({ statement: '长期从事相关研究，主持省重点研发项目。', ...body });
  if (r.status !== 201) throw new Error(`nominate: ${r.status} ${JSON.stringify(r.body)}`);
  return (r.body as { id: string }).id;
}

/** The Harbin month `offset` months from this one, YYYY-MM. */
export function harbinMonth(offset = 0): string {
  const now = new Date(Date.now() + 8 * 3_600_000);
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
  return d.toISOString().slice(0, 7);
}

export function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}
