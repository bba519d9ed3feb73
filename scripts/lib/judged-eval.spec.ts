import { replaceSection } from './doc-section.js';
import { bandFigures, judgedFigures, Judgements, unjudgedPairs, type ShownPair } from './judged-eval.js';

const achievements = [
  { id: 'a1', title: '低温电池', description: '耐低温电解液' },
  // a1 listed twice: same title and text, spaced differently
  { id: 'a1b', title: '低温电池 ', description: '耐低温 电解液' },
  { id: 'a2', title: '电池管理', description: '热管理系统' },
  { id: 'a3', title: '机械手', description: '搬运' },
  { id: 'a4', title: '手电筒', description: 'LED' },
];
const labels = [
  { needId: 'n1', capId: 'a1', label: 2 as const, why: '' },
  { needId: 'n1', capId: 'a2', label: 1 as const, why: '' },
  { needId: 'n1', capId: 'a3', label: 0 as const, why: '' },
  { needId: 'n2', capId: 'a4', label: 2 as const, why: '' },
  { needId: 'n3', capId: 'a3', label: 0 as const, why: '' },
];
const pair = (capId: string, score: number, rank: number, band: ShownPair['band'] = null): ShownPair => ({
  capId,
  score,
  rank,
  band,
});

describe('judged measures', () => {
  const j = new Judgements(labels, achievements);

  it('counts an achievement listed twice once, shown or known', () => {
    const shown = new Map([
      ['n1', [pair('a1b', 0.6, 1), pair('a1', 0.5, 2), pair('a2', 0.4, 3), pair('x', 0.2, 4)]],
      ['n2', []],
      ['n3', [pair('a3', 0.05, 1)]],
    ]);
    const f = judgedFigures(j, shown);
    expect(f).toMatchObject({ shown: 5, judged: 4, introduce: 2, related: 3, recalled: 1, known: 2, repeats: 1 });
    expect(f.strict).toBeCloseTo(0.5);
    expect(f.lenient).toBeCloseTo(0.75);
    expect(f.recall).toBeCloseTo(0.5);
    expect(f.unjudgedShare).toBeCloseTo(0.2);
    expect(f.withSuggestions).toBe(2);
    expect(unjudgedPairs(j, shown)).toEqual([{ needId: 'n1', pair: pair('x', 0.2, 4) }]);

    const floored = judgedFigures(j, shown, 0.45);
    expect(floored).toMatchObject({ shown: 2, judged: 2, introduce: 2, recalled: 1, withSuggestions: 1 });
    expect(bandFigures(j, shown)).toBeNull();
  });

  it('leaves precision undefined when nothing judged is shown', () => {
    const f = judgedFigures(j, new Map());
    expect(f.strict).toBeNaN();
    expect(f.recall).toBe(0);
    expect(f.withSuggestions).toBe(0);
  });

  it('measures each band when the matches carry one', () => {
    const shown = new Map([
      ['n1', [pair('a1', 0.9, 1, 'high'), pair('a2', 0.5, 2, 'medium'), pair('a3', 0.1, 3, 'low')]],
    ]);
    expect(bandFigures(j, shown)).toEqual([
      { band: 'high', shown: 1, judged: 1, strict: 1, lenient: 1 },
      { band: 'medium', shown: 1, judged: 1, strict: 0, lenient: 1 },
      { band: 'low', shown: 1, judged: 1, strict: 0, lenient: 0 },
    ]);
  });

  it('refuses identical achievements labelled differently', () => {
    expect(() => new Judgements([...labels, { needId: 'n1', capId: 'a1b', label: 1, why: '' }], achievements)).toThrow(
      /labelled differently/,
    );
  });
});

describe('generated document sections', () => {
  it('rewrites only the text between its markers', () => {
    const doc = '# T\n\nhand\n\n<!-- x:start -->\nold\n<!-- x:end -->\n\nafter\n';
    expect(replaceSection(doc, 'x', 'new\n', 'X')).toBe(
      '# T\n\nhand\n\n<!-- x:start -->\nnew\n<!-- x:end -->\n\nafter\n',
    );
  });

  it('appends the section under a heading when the markers are missing', () => {
    expect(replaceSection('# T\n', 'y', 'body', 'Y')).toBe('# T\n\n## Y\n\n<!-- y:start -->\nbody\n<!-- y:end -->\n');
  });
});
