import { SCORING } from './scoring-config.js';
import { relate, sectorSimilarity } from './sector-similarity.js';

// hitech-like tree: 01 > 0101, 0102; 01 > 0103 > 010301; 02 > 0201
const parents: Record<string, string> = {
  'h:0101': 'h:01',
  'h:0102': 'h:01',
  'h:0103': 'h:01',
  'h:010301': 'h:0103',
  'h:0201': 'h:02',
};
const parentOf = (ref: string) => parents[ref] ?? null;

describe('sector similarity', () => {
  it('relates codes by the tree, in decreasing credit', () => {
    expect(relate('h:0101', 'h:0101', parentOf)).toBe('same');
    expect(relate('h:01', 'h:0101', parentOf)).toBe('parentOrChild');
    expect(relate('h:010301', 'h:0103', parentOf)).toBe('parentOrChild');
    expect(relate('h:01', 'h:010301', parentOf)).toBe('ancestorOrDescendant');
    expect(relate('h:0101', 'h:0102', parentOf)).toBe('sibling');
    expect(relate('h:0101', 'h:010301', parentOf)).toBe('cousin');
    expect(relate('h:0101', 'h:0201', parentOf)).toBeNull();
    expect(relate('h:0101', 'g:0101', parentOf)).toBeNull();
  });

  it('credits the best pair and names it', () => {
    const s = sectorSimilarity(['h:0101', 'h:0201'], ['h:0102', 'h:0201'], parentOf);
    expect(s.score).toBe(1);
    expect(s.matched[0]).toMatchObject({ need: 'h:0201', capability: 'h:0201', relation: 'same' });
    expect(sectorSimilarity(['h:01'], ['h:0102'], parentOf).score).toBe(SCORING.sector.parentOrChild);
    expect(sectorSimilarity(['h:0101'], ['h:0102'], parentOf).score).toBe(SCORING.sector.sibling);
    const { same, parentOrChild, ancestorOrDescendant, sibling, cousin } = SCORING.sector;
    expect([same, parentOrChild, ancestorOrDescendant, sibling, cousin]).toEqual(
      [...[same, parentOrChild, ancestorOrDescendant, sibling, cousin]].sort((a, b) => b - a),
    );
    expect(sectorSimilarity(['h:0101'], ['h:0201'], parentOf).score).toBe(0);
  });

  it('leaves the sector part out when a side has no sector or the schemes differ', () => {
    expect(sectorSimilarity([], ['h:01'], parentOf).score).toBeNull();
    expect(sectorSimilarity(['h:01'], [], parentOf).score).toBeNull();
    expect(sectorSimilarity(['g:C'], ['h:01'], parentOf).score).toBeNull();
  });

  it('counts inferred sectors by their confidence, marks them, and blends them with the given ones', () => {
    const only = sectorSimilarity([], ['h:0102'], parentOf, [{ ref: 'h:0102', confidence: 0.5 }]);
    expect(only.score).toBe(0.5);
    expect(only.matched[0]).toMatchObject({ inferred: true, relation: 'same' });
    // Given 01 (coarse), inferred 0102: the capability in 0102 beats its sibling in 0101.
    const inferred = [{ ref: 'h:0102', confidence: 1 }];
    const right = sectorSimilarity(['h:01'], ['h:0102'], parentOf, inferred).score!;
    const sibling = sectorSimilarity(['h:01'], ['h:0101'], parentOf, inferred).score!;
    expect(right).toBeGreaterThan(sibling);
    expect(sibling).toBeGreaterThan(sectorSimilarity(['h:01'], ['h:0201'], parentOf, inferred).score!);
  });
});
