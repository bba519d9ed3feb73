import { markedPieces } from './marked';

const show = (text: string, marks: number[][]) =>
  markedPieces(text, marks)
    .map((p) => (p.marked ? `[${p.text}]` : p.text))
    .join('');

describe('the halls’ marked text', () => {
  it('marks the spans the server gave, [start, end)', () => {
    expect(
      show('寒地储能锂电池低温衰减', [
        [0, 2],
        [4, 7],
        [7, 9],
      ]),
    ).toBe('[寒地]储能[锂电池][低温]衰减');
    expect(show('无标记', [])).toBe('无标记');
    expect(show('', [[0, 1]])).toBe('');
  });

  it('counts in UTF-16 code units, as the server does', () => {
    // 𠀀 is two code units: the mark after it starts at 2.
    expect(show('𠀀电池', [[2, 4]])).toBe('𠀀[电池]');
  });

  it('takes spans out of order, overlapping, empty or past the end as far as they make sense', () => {
    expect(
      show('锂电池回收利用', [
        [3, 5],
        [0, 3],
      ]),
    ).toBe('[锂电池][回收]利用');
    expect(
      show('锂电池回收利用', [
        [0, 3],
        [1, 5],
      ]),
    ).toBe('[锂电池][回收]利用');
    expect(
      show('锂电池回收利用', [
        [2, 2],
        [5, 99],
      ]),
    ).toBe('锂电池回收[利用]');
    expect(show('锂电池', [[-3, 1]])).toBe('[锂]电池');
  });

  it('never loses or repeats a character', () => {
    const text = 'Thermal 低温 battery 电池';
    const pieces = markedPieces(text, [
      [8, 10],
      [9, 19],
      [0, 3],
    ]);
    expect(pieces.map((p) => p.text).join('')).toBe(text);
  });
});
