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
