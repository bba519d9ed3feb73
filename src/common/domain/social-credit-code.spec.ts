import { creditCodeCheckChar, creditCodeProblem } from './social-credit-code.js';

describe('统一社会信用代码 (GB 32100-2015)', () => {
  it('accepts published codes', () => {
    expect(creditCodeProblem('91350100M000100Y43')).toBeNull();
    expect(creditCodeProblem('91110000802100433B')).toBeNull();
    expect(creditCodeProblem(' 91110000802100433b ')).toBeNull();
  });

  it('computes the check character over the 31-character alphabet', () => {
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
    expect(creditCodeCheckChar('91110000802100433')).toBe('B');
  });

  it('says what is wrong', () => {
    expect(creditCodeProblem('91350100M000100Y4')).toBe('length');
    expect(creditCodeProblem('91350100M000100Y4I')).toBe('characters');
    expect(creditCodeProblem('91AB0100M000100Y43')).toBe('region');
    expect(creditCodeProblem('91350100M000100Y44')).toBe('check');
  });
});
