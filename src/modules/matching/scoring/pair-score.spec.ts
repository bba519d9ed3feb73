import { idf } from './bm25.js';
import { pairScore, scorePair, scoringContext } from './pair-score.js';
import type { CapabilityMeta, NeedProfile } from './profiles.js';
import { SCORING } from './scoring-config.js';

const need: NeedProfile = {
  id: 'n1',
  version: 1,
  organizationId: 'o1',
  kind: 'technical_problem',
  status: 'open',
  sectors: ['h:0603'],
  cooperationModes: ['license'],
  district: '平房',
  terms: new Map([['电解液', 3]]),
  keywordTerms: new Set(['电解液']),
};
const cap: CapabilityMeta = {
  id: 'c1',
  version: 1,
  organizationId: 'o2',
  kind: 'achievement',
  status: 'active',
  sectors: ['h:0603'],
  cooperationModes: ['license', 'transfer'],
  trl: 7,
  district: '南岗',
};
const query = [
  { term: '电解液', weight: 2, idf: idf(100, 3) },
  { term: '低温', weight: 1, idf: idf(100, 20) },
];
const doc = (tfs: Record<string, number>, profile: CapabilityMeta = cap) => ({
  profile,
  tf: (t: string) => tfs[t] ?? 0,
  length: 20,
});
const ctx = scoringContext(query, 20, () => null);

describe('pair score', () => {
  it('is in [0, 1], rises with the terms that meet, and explains them', () => {
    const one = scorePair(need, doc({ 电解液: 3 }), ctx)!;
    const both = scorePair(need, doc({ 电解液: 3, 低温: 3 }), ctx)!;
    expect(one.score).toBeGreaterThan(0);
    expect(both.score).toBeGreaterThan(one.score);
    expect(both.score).toBeLessThanOrEqual(1);
    expect(both.explanation.keyword.terms.map((t) => t.term)).toEqual(['电解液', '低温']);
    expect(both.explanation.sector).toMatchObject({
      score: 1,
      matched: [{ need: 'h:0603', capability: 'h:0603', relation: 'same' }],
    });
    expect(both.explanation.algorithmVersion).toMatch(/^tm-/);
    expect(both.explanation.factors.location.value).toBe(1);
  });

  it('refuses kinds that cannot match (a technical problem and a testing service)', () => {
    expect(scorePair(need, doc({ 电解液: 3 }, { ...cap, kind: 'service' }), ctx)).toBeNull();
    expect(
      scorePair({ ...need, kind: 'testing' }, doc({ 电解液: 3 }, { ...cap, kind: 'service' }), ctx),
    ).not.toBeNull();
  });

  it('applies the factors: other city, no shared cooperation mode, early TRL', () => {
    const base = scorePair(need, doc({ 电解液: 3 }), ctx)!.score;
    const far = scorePair(need, doc({ 电解液: 3 }, { ...cap, district: 'outside' }), ctx)!;
    expect(far.score).toBeCloseTo(base * 0.9, 3);
    expect(far.explanation.factors.location.reason).toMatch(/哈尔滨/);
    expect(scorePair(need, doc({ 电解液: 3 }, { ...cap, cooperationModes: ['equity'] }), ctx)!.score).toBeLessThan(
      base,
    );
    expect(scorePair(need, doc({ 电解液: 3 }, { ...cap, trl: 2 }), ctx)!.score).toBeLessThan(base);
  });

  it('counts sectors: same beats unknown beats unrelated, each scaling the keyword score', () => {
    const same = scorePair(need, doc({ 电解液: 3 }), ctx)!;
    const other = scorePair(need, doc({ 电解液: 3 }, { ...cap, sectors: ['h:0101'] }), ctx)!;
    const none = scorePair(need, doc({ 电解液: 3 }, { ...cap, sectors: [] }), ctx)!;
    expect(same.score).toBeGreaterThan(none.score);
    expect(none.score).toBeGreaterThan(other.score);
    const ws = SCORING.weights.sector;
    const unknown = 1 - ws + ws * SCORING.unknownSectorCredit;
    expect(none.explanation.sector).toMatchObject({ score: null });
    expect(none.explanation.sector.factor).toBeCloseTo(unknown, 4);
    expect(same.explanation.sector.factor).toBe(1);
    expect(other.explanation.sector.factor).toBeCloseTo(1 - ws, 4);
    // No location, cooperation or TRL penalty here apart from TRL 7 (1.0): the score is keyword × sector factor.
    expect(none.score).toBeCloseTo(none.explanation.keyword.score * unknown, 3);
  });
});

describe('keyword yardstick', () => {
  it('does not give a one-word need full keyword marks for meeting its one word', () => {
    const oneWord = scoringContext([{ term: '检测', weight: 1, idf: 2.5 }], 20, () => null);
    const s = scorePair({ ...need, sectors: [] }, doc({ 检测: 9 }), oneWord)!;
    expect(s.explanation.keyword.score).toBeLessThan(0.5);
  });
});

describe('score without explanation', () => {
  it('is exactly the explained score, for every kind of pairing ranking meets', () => {
    const inferredCtx = {
      ...scoringContext(query, 20, (r: string) => (r === 'h:0603' ? 'h:06' : null), [
        { ref: 'h:0603', confidence: 0.8 },
      ]),
      topKeywordScore: 5,
    };
    const variants: CapabilityMeta[] = [
      cap,
      { ...cap, sectors: [] },
      { ...cap, sectors: ['h:0101'] },
      { ...cap, kind: 'service' },
      { ...cap, cooperationModes: ['equity'], trl: 2, district: 'outside' },
    ];
    let compared = 0;
    for (const c of [ctx, inferredCtx]) {
      for (const profile of variants) {
        for (const tfs of [{ 电解液: 3 }, { 低温: 1 }, { 电解液: 1, 低温: 7 }, {}] as Array<Record<string, number>>) {
          for (const n of [need, { ...need, sectors: [] }]) {
            const full = scorePair(n, doc(tfs, profile), c);
            expect(pairScore(n, doc(tfs, profile), c)).toBe(full ? full.score : null);
            compared++;
          }
        }
      }
    }
    expect(compared).toBe(80);
  });
});
