import {
  clusterNeeds,
  fingerprintOf,
  needSimilarity,
  proposeLead,
  sharedTerms,
  type ClusterNeed,
} from './clustering.js';

const parentOf = () => null;

function need(id: string, org: string, terms: Record<string, number>, core: string[], sectors: string[] = []) {
  return { id, organizationId: org, sectors, vector: new Map(Object.entries(terms)), core } satisfies ClusterNeed;
}

describe('common-problem clustering', () => {
  const a = need('a', 'o1', { 脱硝: 20, 低温烟气: 18, 催化剂: 8, 烧结: 6 }, ['脱硝', '低温烟气']);
  const b = need('b', 'o2', { 脱硝: 20, 低温烟气: 15, 催化剂: 10, 锅炉: 5 }, ['脱硝', '催化剂']);
  const c = need('c', 'o3', { 脱硝: 18, 催化剂: 12, 低温烟气: 10, 燃煤: 4 }, ['脱硝']);
  const sameOrg = need('d', 'o1', { 脱硝: 20, 低温烟气: 18, 催化剂: 8 }, ['脱硝']);

  it('links needs that meet each other’s core terms, not needs that share only generic words', () => {
    expect(needSimilarity(a, b, parentOf)).toBeGreaterThan(0.5);
    const generic = need('g', 'o4', { 脱硝: 1, 设备: 30, 提高: 20 }, ['设备']);
    // g holds 脱硝 (a's core) but a does not hold g's core term.
    expect(needSimilarity(a, generic, parentOf)).toBe(0);
  });

  it('needs each to state half of the other’s core terms (深加工 alone is no shared problem)', () => {
    const pipe = need('p', 'o1', { 无缝钢管: 20, 深加工: 12 }, ['无缝钢管', '深加工']);
    const starch = need('s', 'o2', { 淀粉: 15, 衍生物: 15, 深加工: 12 }, ['淀粉', '衍生物', '深加工']);
    expect(needSimilarity(pipe, starch, parentOf)).toBe(0);
    const starch2 = need('t', 'o3', { 淀粉: 15, 衍生物: 12, 改性: 8 }, ['淀粉', '衍生物']);
    expect(needSimilarity(starch, starch2, parentOf)).toBeGreaterThan(0.3);
  });

  it('clusters needs of different organisations only', () => {
    const clusters = clusterNeeds([a, b, c], parentOf);
    expect(clusters).toHaveLength(1);
    expect(clusters[0].needIds).toEqual(['a', 'b', 'c']);
    expect(clusters[0].cohesion).toBeGreaterThan(0.5);
    // Two needs of one organisation are never a common problem.
    expect(clusterNeeds([a, sameOrg], parentOf)).toEqual([]);
  });

  it('does not chain loosely related needs into one cluster (average linkage)', () => {
    // x–y and y–z are alike, x and z are not: the mean over the cluster stays below the threshold.
    const x = need('x', 'o1', { 污泥: 10, 脱水: 10 }, ['污泥']);
    const y = need('y', 'o2', { 污泥: 10, 脱水: 10, 焚烧: 10, 烟气: 10 }, ['污泥', '焚烧']);
    const z = need('z', 'o3', { 焚烧: 10, 烟气: 10 }, ['焚烧']);
    const clusters = clusterNeeds([x, y, z], parentOf, 0.5);
    expect(clusters).toHaveLength(1);
    expect(clusters[0].needIds).toHaveLength(2);
  });

  it('lets the sectors lower the similarity of needs in unrelated fields', () => {
    const same = needSimilarity(
      need('p', 'o1', { 涂层: 10, 防腐: 10 }, ['涂层'], ['h:01']),
      need('q', 'o2', { 涂层: 10, 防腐: 10 }, ['涂层'], ['h:01']),
      parentOf,
    );
    const apart = needSimilarity(
      need('p', 'o1', { 涂层: 10, 防腐: 10 }, ['涂层'], ['h:01']),
      need('q', 'o2', { 涂层: 10, 防腐: 10 }, ['涂层'], ['h:02']),
      parentOf,
    );
    expect(same).toBeCloseTo(1);
    expect(apart).toBeLessThan(same);
  });

  it('names what most members share, compounds before their parts', () => {
    expect(sharedTerms([a, b, c])).toEqual(['脱硝', '低温烟气', '催化剂']);
    const parts = sharedTerms([
      need('a', 'o1', { 烟气脱硝: 10, 脱硝: 5 }, []),
      need('b', 'o2', { 烟气脱硝: 10, 脱硝: 5 }, []),
    ]);
    expect(parts).toEqual(['烟气脱硝']);
  });

  it('proposes the most specific need with the largest budget to lead, and says why', () => {
    const lead = proposeLead([
      { needId: 'a', specificity: 20, specificTerms: ['低温烟气', '脱硝'], budgetMax: 800000 },
      { needId: 'b', specificity: 30, specificTerms: ['SCR', '脱硝', '催化剂'], budgetMax: 3000000 },
      { needId: 'c', specificity: 10, specificTerms: ['脱硝'], budgetMax: null },
    ]);
    expect(lead?.needId).toBe('b');
    expect(lead?.reason).toBe(
      '需求最具体（专门术语「SCR」「脱硝」「催化剂」），预算最高（上限 3000000 元） / ' +
        'the most specific need (SCR, 脱硝, 催化剂), the largest budget (up to CNY 3000000)',
    );
    expect(proposeLead([])).toBeNull();
  });

  it('fingerprints a member set whatever its order', () => {
    expect(fingerprintOf(['b', 'a'])).toBe(fingerprintOf(['a', 'b']));
    expect(fingerprintOf(['a', 'b'])).not.toBe(fingerprintOf(['a', 'c']));
  });
});
