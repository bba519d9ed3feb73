// 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character alphabet, the last a check character.
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type CreditCodeProblem = 'length' | 'characters' | 'region' | 'check';

export const CREDIT_CODE_MESSAGES: Record<CreditCodeProblem, string> = {
  length: '统一社会信用代码应为18位 / a unified social credit code has 18 characters',
  characters:
    '统一社会信用代码只能包含数字和除 I、O、Z、S、V 以外的大写字母 / only digits and capital letters other than I, O, Z, S, V are allowed',
  region: '统一社会信用代码第3至8位应为行政区划码 / characters 3-8 must be an administrative division code',
  check: '统一社会信用代码校验位错误 / the check character (GB 32100-2015) does not match',
};

/** The check character for the first 17 characters of a code. */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i]) * WEIGHTS[i];
  return ALPHABET[(31 - (sum % 31)) % 31];
}

/** Returns what is wrong with a code, or null when it is valid. Lower-case letters are accepted. */
export function creditCodeProblem(raw: string): CreditCodeProblem | null {
  const code = raw.trim().toUpperCase();
  if (code.length !== 18) return 'length';
  for (const ch of code) if (!ALPHABET.includes(ch)) return 'characters';
  if (!/^\d{6}$/.test(code.slice(2, 8))) return 'region';
  return creditCodeCheckChar(code.slice(0, 17)) === code[17] ? null : 'check';
}

export function normalizeCreditCode(raw: string): string {
  return raw.trim().toUpperCase();
}
