import type { Explanation } from '../api/types';
import { bandPrecision, topContributions } from './explanation';

const ranker = (contributions: unknown[]): Pick<Explanation, 'ranker'> =>
  ({ ranker: { version: 'rk', probability: 0.5, contributions } }) as Pick<Explanation, 'ranker'>;

describe('reading an explanation for the console', () => {
  it('lists the factors that moved the verdict most, up or down, and skips malformed ones', () => {
    const top = topContributions(
      ranker([
        { feature: 'keyword', labelZh: '关键词', value: 0.6, contribution: 1.2 },
        { feature: 'trl', labelZh: '技术就绪度', value: 0.3, contribution: -1.5 },
        { feature: 'sector', value: 1, contribution: 0.4 },
        { feature: 'zero', value: 0, contribution: 0 },
        { feature: 'broken', value: 1, contribution: null },
        null,
      ]),
      2,
    );
    expect(top.map((c) => c.feature)).toEqual(['trl', 'keyword']);
    expect(topContributions({}, 5)).toEqual([]);
  });

  it('gives a band’s measured meaning only when the explanation records one', () => {
    expect(bandPrecision({ bandPrecision: { strict: 0.72 } })).toBe(0.72);
    expect(bandPrecision({ ranker: { version: 'rk', probability: 0.8, bandPrecision: { strict: 0.4 } } })).toBe(0.4);
    expect(bandPrecision({})).toBeNull();
    expect(bandPrecision({ bandPrecision: { strict: 72 } })).toBeNull();
  });
});
