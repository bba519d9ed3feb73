import { stemmer } from 'stemmer';
import { lexicon } from './lexicon.js';
import { segmenter } from './segmenter.js';

const HAN = /\p{Script=Han}/u;
const GREEK = /^\p{Script=Greek}+$/u;
const LATIN_WORD = /^[a-z][a-z0-9+#.-]*$/;
const ALNUM_CODE = /^[a-z0-9]*[a-z][a-z0-9]*$/; // 5g, 3d, co2: letters and digits mixed
const ONLY_DIGITS_OR_PUNCT = /^[\p{N}\p{P}\p{S}\s]+$/u;

/** Full-width forms to half-width, compatibility characters folded, English lower-cased. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

const phrasePatterns = new Map<string, RegExp>();

function phrasePattern(phrase: string): RegExp {
  let re = phrasePatterns.get(phrase);
  if (!re) {
    re = new RegExp(`(?<![a-z0-9])${phrase.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}(?![a-z0-9])`, 'g');
    phrasePatterns.set(phrase, re);
  }
  return re;
}

/** Takes multi-word English phrases (thermal management, lithium battery) out of the text as canonical terms. */
export function takePhrases(text: string): { rest: string; terms: string[] } {
  let rest = text;
  const terms: string[] = [];
  for (const [phrase, canonical] of lexicon().phrases) {
    if (!rest.includes(phrase)) continue;
    rest = rest.replace(phrasePattern(phrase), () => {
      terms.push(canonical);
      return ' ';
    });
  }
  return { rest, terms };
}

/** Where the lexicon's English phrases stand in a normalised text: [start, end) and the term each stands for. */
export function phraseSpans(text: string): Array<{ start: number; end: number; term: string }> {
  const out: Array<{ start: number; end: number; term: string }> = [];
  let rest = text;
  for (const [phrase, canonical] of lexicon().phrases) {
    if (!rest.includes(phrase)) continue;
    rest = rest.replace(phrasePattern(phrase), (found: string, at: number) => {
      out.push({ start: at, end: at + found.length, term: canonical });
      return ' '.repeat(found.length);
    });
  }
  return out;
}

// A line such as "来源：某技术市场" or "Source: …" says where a listing came from, not what it is about.
const SOURCE_LINE = /^[ \t]*(来源|数据来源|出处|source)[^\n:：]{0,20}[:：].*$/gim;

export function withoutSourceLines(text: string): string {
  return text.replace(SOURCE_LINE, ' ');
}

/** One token to its index term, or null when it carries no meaning for matching. */
export function termOf(token: string): string | null {
  const t = token.trim();
  if (!t || ONLY_DIGITS_OR_PUNCT.test(t)) return null;
  const { stopwords, aliases } = lexicon();
  const alias = aliases.get(t);
  if (alias) return alias;
  if (stopwords.has(t)) return null;
  if (HAN.test(t)) return t; // one-character function words (的, 或) are in the stopword list; 铌, 锂, 酶 stay
  if (GREEK.test(t)) return t; // α-淀粉酶, β分泌酶: the letter tells enzymes and phases apart
  if (LATIN_WORD.test(t) || ALNUM_CODE.test(t)) {
    if (t.length < 2) return null;
    if (!/^[a-z]+$/.test(t)) return t; // keep codes such as 5g, c++, 304l as written
    const stem = stemmer(t);
    return aliases.get(stem) ?? (stopwords.has(stem) ? null : stem);
  }
  return null;
}

/**
 * The analysis every part of the service shares (API, worker, eval, bench): normalise, map English phrases to
 * canonical terms, segment with jieba in search mode (compounds and their parts), then drop stopwords,
 * numbers and single characters, stem English and map aliases. Returns terms in text order, repeats kept.
 */
export function analyze(text: string): string[] {
  if (!text) return [];
  const { rest, terms: out } = takePhrases(normalizeText(withoutSourceLines(text)));
  for (const token of segmenter().cutForSearch(rest, true)) {
    const term = termOf(token);
    if (term) out.push(term);
  }
  return out;
}

/** A single Han character that is not a function word (的, 和) and so may stand for something. */
export function isMeaningfulCharacter(ch: string): boolean {
  return HAN.test(ch) && !lexicon().stopwords.has(ch);
}

/** Term frequencies of a text. */
export function termCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of analyze(text)) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}
