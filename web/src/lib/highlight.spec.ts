import { highlight, withVariants } from './highlight';

const marked = (text: string, terms: string[]) =>
  highlight(text, terms)
    .map((s) => (s.term ? `[${s.text}]` : s.text))
    .join('');

describe('highlighting matched terms', () => {
  it('marks every occurrence, longest term first, without overlaps', () => {
    expect(marked('锂离子电池的电池管理与电解液', ['电池', '锂离子电池', '电解液'])).toBe(
      '[锂离子电池]的[电池]管理与[电解液]',
    );
  });

  it('ignores case and marks the word a stemmed English term starts', () => {
    expect(marked('Thermal insulation for Battery packs', ['insul', 'battery'])).toBe(
      'Thermal [insulation] for [Battery] packs',
    );
  });

  it('leaves text alone when nothing meets, and keeps it whole', () => {
    expect(highlight('没有共同的词', ['电解液'])).toEqual([{ text: '没有共同的词' }]);
    expect(highlight('', ['x'])).toEqual([]);
    expect(
      highlight('a+b (c)', ['(c)', 'a+b'])
        .map((s) => s.text)
        .join(''),
    ).toBe('a+b (c)');
  });

  it('shows the text’s own spellings of canonical terms', () => {
    expect(marked('寒地锂电池', withVariants(['锂离子电池', '低温']))).toBe('[寒地][锂电池]');
  });
});
