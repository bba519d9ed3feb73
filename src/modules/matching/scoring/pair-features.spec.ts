import type { QueryTerm } from './bm25.js';
import { coreTerms, pairEvidence } from './pair-features.js';
import { SCORING } from './scoring-config.js';

const title = (pairs: Array<[string, number]>, keywords: string[] = []) =>
  pairs.map(([term, idf]) => ({ term, idf, keyword: keywords.includes(term) }));

describe("a need's core terms", () => {
  it('are the most specific title terms, not the form of what is wanted (成套, 装备)', () => {
    // 高性能纤维预成型体三维立体编织成套装备研制: 成套 is rarer than 编织 in the catalogue, but it is not the ask.
    const terms = title([
      ['成套', 5.57],
      ['编织', 5.48],
      ['立体', 4.76],
      ['成型', 3.77],
      ['三维', 3.59],
      ['装备', 2.38],
    ]);
    expect(coreTerms(terms)).toEqual(['编织', '立体', '成型']);
  });

  it('take a whole compound, not a rarer piece the segmenter cut out of it (氧化铁, not 化铁)', () => {
    const terms = title([
      ['化铁', 7.18],
      ['氧化铁', 6.81],
      ['高纯', 5.66],
      ['氧化', 2.67],
    ]);
    expect(coreTerms(terms)).toEqual(['氧化铁', '高纯']);
  });

  it('fall back on form words when the title holds nothing else', () => {
    expect(
      coreTerms(
        title([
          ['高效', 3.1],
          ['设备', 2.2],
        ]),
      ),
    ).toEqual(['高效', '设备']);
  });

  it("put the user's own keywords first, whatever their IDF", () => {
    expect(
      coreTerms(
        title(
          [
            ['编织', 5.48],
            ['复合材料', 2.1],
          ],
          ['复合材料'],
        ),
      ),
    ).toEqual(['复合材料', '编织']);
  });
});

describe('keyword agreement (bm)', () => {
  // A listing that holds the need's title terms, and nothing of its description.
  const held = new Set(['氧化铁', '高纯', '脱硫剂']);
  const doc = {
    title: '高纯氧化铁脱硫剂',
    titleTerms: [...held],
    tf: (t: string) => (held.has(t) ? 1 : 0),
    length: 12,
  };
  const query = (descriptionTerms: number): QueryTerm[] => [
    ...[...held].map((term) => ({ term, weight: 3, idf: 6, field: 'title' as const })),
    ...Array.from({ length: descriptionTerms }, (_, i) => ({
      term: `背景词${i}`,
      weight: 1,
      idf: 5 - i * 0.1,
      field: 'desc' as const,
    })),
  ];
  const bm = (q: QueryTerm[]) => pairEvidence('高纯氧化铁脱硫剂', ['氧化铁'], q, doc, 12, 0).features.bm;

  it("is not lowered by a long description's terms beyond the query's head", () => {
    const head = SCORING.bmHeadTerms - held.size;
    expect(bm(query(29))).toBeCloseTo(bm(query(head)), 10);
    // Within the head, a term the listing does not hold still counts against it.
    expect(bm(query(head))).toBeLessThan(bm(query(0)));
  });
});
