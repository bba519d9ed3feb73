import { coreTerms } from './pair-features.js';

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
