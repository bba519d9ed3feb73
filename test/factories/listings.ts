import type { TestApp } from '../setup/test-app.js';

// Builders for needs and capabilities with overrides; sectors use the shipped hitech scheme.

export function needBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'technical_problem',
    title: '寒地储能锂电池低温容量衰减',
    description: '我公司储能电站位于哈尔滨，冬季零下30度时锂电池容量下降40%以上，寻求耐低温电解液或电池热管理方案。',
    sectors: ['hitech:0603'],
    keywords: ['锂电池', '低温'],
    cooperationModes: ['joint_development', 'license'],
    budget: { min: 500000, max: 2000000 },
    district: '平房',
    visibility: 'public',
    ...overrides,
  };
}

export function capabilityBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'achievement',
    title: '耐低温锂离子电池电解液',
    description: '新型电解液配方，零下40摄氏度下锂电池容量保持率85%，适用于寒区储能与电动汽车。',
    sectors: ['hitech:0603'],
    keywords: ['电解液', '锂离子电池', '低温'],
    trl: 6,
    ipStatus: 'patent_granted',
    cooperationModes: ['license', 'transfer'],
    district: '南岗',
    ...overrides,
  };
}

/** Posts a need (`needBody` with `overrides`) as the holder of `token`; returns its id, once created. */
export async function postNeed(
  t: Pick<TestApp, 'http'>,
  token: string,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const r = await t.http().post('/api/v1/needs').set('authorization', `Bearer ${token}`).send(needBody(overrides));
  if (r.status !== 201) throw new Error(`POST /needs: ${r.status} ${JSON.stringify(r.body)}`);
  return (r.body as { id: string }).id;
}

/** Posts a capability (`capabilityBody` with `overrides`) as the holder of `token`; returns its id, once created. */
export async function postCapability(
  t: Pick<TestApp, 'http'>,
  token: string,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const r = await t
    .http()
    .post('/api/v1/capabilities')
    .set('authorization', `Bearer ${token}`)
    .send(capabilityBody(overrides));
  if (r.status !== 201) throw new Error(`POST /capabilities: ${r.status} ${JSON.stringify(r.body)}`);
  return (r.body as { id: string }).id;
}
