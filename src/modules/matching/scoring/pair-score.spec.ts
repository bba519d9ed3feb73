import { CatalogIndex } from '../index/catalog-index.js';
import { shippedModel } from '../ranker/ranker.js';
import {
  capabilityProfile,
  needProfile,
  needSentences,
  sameListing,
  type CapabilityFields,
  type NeedFields,
} from './profiles.js';

// The engine end to end on small catalogues, as a young install meets it: the shipped re-ranker, its floor, its bands.

let seq = 0;
const cap = (c: Partial<CapabilityFields> & { title: string; description: string }): CapabilityFields => ({
  id: `c${++seq}`,
  version: 1,
  organizationId: 'uni',
  kind: 'achievement',
  status: 'active',
  keywords: [],
  sectors: [],
  cooperationModes: ['license'],
  trl: 6,
  district: '南岗',
  ...c,
});
const need = (n: Partial<NeedFields> & { title: string; description: string }): NeedFields => ({
  id: `n${++seq}`,
  version: 1,
  organizationId: 'ent',
  kind: 'technical_problem',
  status: 'open',
  keywords: [],
  sectors: [],
  cooperationModes: ['license'],
  district: '平房',
  ...n,
});
function indexOf(caps: CapabilityFields[]): CatalogIndex {
  const index = new CatalogIndex();
  for (const c of caps) index.putCapability(capabilityProfile(c));
  return index;
}

const electrolyte = cap({
  title: '耐低温锂离子电池电解液',
  description: '新型电解液配方，零下40摄氏度下锂电池容量保持率85%，适用于寒区储能与电动汽车。',
  keywords: ['电解液', '锂离子电池', '低温'],
});
const thermal = cap({
  kind: 'patent',
  title: 'Thermal management for battery packs in cold climates',
  description: 'Heating film and insulation design keeping lithium battery packs above 0°C at -35°C ambient.',
  keywords: ['battery', 'thermal management', 'cold climate'],
});
const rice = cap({
  title: '寒地水稻抗冷品种选育',
  description: '耐冷水稻新品系，适合黑龙江第一积温带种植。',
  keywords: ['水稻', '耐冷', '育种'],
});
const battery = need({
  title: '储能锂电池冬季低温容量衰减',
  description: '我公司储能电站位于哈尔滨，冬季零下30度时锂电池容量下降40%以上，寻求耐低温电解液或电池热管理方案。',
  keywords: ['锂电池', '低温'],
});

describe('the matching engine (shipped re-ranker)', () => {
  it('suggests what answers the need, best first, and explains why in a sentence', () => {
    const ranked = indexOf([electrolyte, thermal, rice]).rank(needProfile(battery));
    expect(ranked[0]?.capabilityId).toBe(electrolyte.id);
    expect(ranked.map((r) => r.capabilityId)).not.toContain(rice.id);
    const top = ranked[0].explanation;
    expect(top.summary.zh).toMatch(/电解液|锂电池|低温/);
    expect(top.ranker.version).toBe(shippedModel().version);
    expect(top.ranker.probability).toBeGreaterThanOrEqual(shippedModel().floor);
    expect(['high', 'medium', 'low']).toContain(top.band);
    expect(top.ranker.contributions.length).toBeGreaterThan(0);
    expect(top.keyword.terms.map((t) => t.term)).toEqual(expect.arrayContaining(['电解液']));
  });

  it('never suggests a pair that meets on a single character or on the company background only', () => {
    const flashlight = need({
      title: 'LED手电筒红外开关改进',
      description: '现有产品中手电筒的开关是机械式，非常容易损坏。现在需求一种技术，需要设计一款红外控制的LED手电筒。',
    });
    const manipulator = cap({ title: '一种六自由度机械手', description: '六自由度工业机械手，刚度高，定位精确。' });
    expect(indexOf([manipulator]).rank(needProfile(flashlight))).toEqual([]);

    const wastewater = need({
      title: '印染废水脱色处理',
      description: '我公司主要生产汽车零部件和铝合金轮毂。现需要解决印染废水脱色问题，降低COD。',
    });
    const wheels = cap({
      title: '铝合金轮毂旋压成形工艺',
      description: '汽车零部件铝合金轮毂的旋压成形与热处理工艺。',
    });
    expect(indexOf([wheels]).rank(needProfile(wastewater))).toEqual([]);
  });

  it('says when nothing is suitable, and keeps the closest candidates as near misses', () => {
    const welding = need({ title: '焊缝外观缺陷检测', description: '需要对焊缝表面气孔、咬边进行检测。' });
    const index = indexOf([cap({ title: '水质在线检测仪', description: '对水中余氯、浊度进行在线检测。' })]);
    const ranking = index.rankWithNearMisses(needProfile(welding));
    expect(ranking.ranked).toEqual([]);
    expect(ranking.nearMisses.length).toBe(1);
    expect(ranking.nearMisses[0].summary.zh).toMatch(/。$/);
  });

  it('suggests the same listing posted twice once, naming the other', () => {
    const copy = { ...electrolyte, id: 'copy-of-electrolyte' };
    const ranked = indexOf([electrolyte, copy]).rank(needProfile(battery));
    expect(ranked).toHaveLength(1);
    expect(ranked[0].explanation.duplicates).toEqual({ count: 1, capabilityIds: [expect.any(String)] });
  });

  it('ranks every candidate that meets the need on a word when the floor is off (MATCH_FLOOR=0)', () => {
    const flashlight = need({ title: 'LED手电筒红外开关改进', description: '需要设计一款红外控制的LED手电筒。' });
    const lamp = cap({ title: '锅炉燃烧优化系统', description: '锅炉燃烧过程的自动控制与优化。' });
    const index = indexOf([lamp]);
    expect(index.rank(needProfile(flashlight))).toEqual([]);
    index.model = { ...index.model, floor: 0 };
    expect(index.rank(needProfile(flashlight)).map((r) => r.capabilityId)).toEqual([lamp.id]);
  });

  it('counts a character that stands alone (铌) in the ranking, never as a term of its own', () => {
    const niobium = cap({
      title: '阐述了铌及其制品的主要应用情况',
      description: '阐述了铌及其制品的主要应用情况、生产现状及市场供应情况，并对其技术进展进行讨论。',
    });
    const decoys = ['光伏产业', '乡村旅游', '跨境电商', '智慧农业', '冰雪运动', '新能源汽车'].map((topic) =>
      cap({ title: `${topic}综述`, description: `综述${topic}近年的发展动态与发展趋势。` }),
    );
    const index = indexOf([...decoys, niobium]);
    index.model = { ...index.model, floor: 0 };
    const ranked = index.rank(needProfile(need({ title: '世界铌的发展动态', description: '世界铌的发展动态' })));
    expect(ranked[0]?.capabilityId).toBe(niobium.id);
    expect(ranked[0].explanation.keyword.terms.map((t) => t.term)).not.toContain('铌');
  });

  it('tells the same listing posted twice from two listings that differ by a number', () => {
    const listing = (title: string, description: string) => capabilityProfile(cap({ title, description }));
    const text =
      '一种可以用于吸附水中汞离子的复合聚乳酸微球吸附材料，其包括内核和外壳，所述内核为聚乳酸，所述外壳为聚乙烯醇。';
    expect(
      sameListing(
        listing('一种高选择性微球吸附材料', text),
        listing('种高选择性微球吸附材料', `应用领域 环保 ${text}`),
      ),
    ).toBe(true);
    expect(
      sameListing(
        listing('耐低温电解液方案 1', '第1种耐低温锂电池电解液配方，零下21度容量保持良好。'),
        listing('耐低温电解液方案 12', '第12种耐低温锂电池电解液配方，零下32度容量保持良好。'),
      ),
    ).toBe(false);
  });

  it('refuses kinds that cannot match (a technical problem and a testing service)', () => {
    const service = { ...electrolyte, id: 'svc', kind: 'service' as const };
    expect(indexOf([service]).rank(needProfile(battery))).toEqual([]);
  });

  it('reads which sentences of a need ask and which present the company', () => {
    expect(needSentences('我公司主要生产铸件。需要解决铸件气孔问题。').map((s) => s.field)).toEqual([
      'background',
      'ask',
    ]);
  });
});
