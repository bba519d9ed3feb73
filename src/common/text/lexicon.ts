import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { stemmer } from 'stemmer';

// The analyser's data (stopwords, aliases, domain words) lives in data/ as plain files, loaded once per process.

function dataFile(name: string): string {
  return readFileSync(fileURLToPath(new URL(`./data/${name}`, import.meta.url)), 'utf8');
}

export interface Lexicon {
  stopwords: Set<string>;
  /** Words that name the form or a quality of what a need wants (设备, 成套, 高效): never its core terms if it has others. */
  formWords: Set<string>;
  /** Single tokens (lower-cased, and English stems) → canonical term. */
  aliases: Map<string, string>;
  /** Multi-word English phrases (lower-case) → canonical term, longest first. */
  phrases: Array<[string, string]>;
  /** Extra words for jieba's dictionary, in its `word freq tag` format. */
  userDict: string;
}

let cached: Lexicon | null = null;

/** A word list: whitespace-separated words, `#` lines are comments. */
function wordList(name: string): Set<string> {
  return new Set(
    dataFile(name)
      .split('\n')
      .filter((l) => !l.startsWith('#'))
      .flatMap((l) => l.split(/\s+/))
      .filter(Boolean)
      .map((w) => w.toLowerCase()),
  );
}

export function lexicon(): Lexicon {
  if (cached) return cached;
  const stopwords = wordList('stopwords.txt');
  const formWords = wordList('form-words.txt');
  const { groups } = JSON.parse(dataFile('aliases.json')) as { groups: string[][] };
  const aliases = new Map<string, string>();
  const phrases: Array<[string, string]> = [];
  for (const [canonical, ...variants] of groups) {
    for (const v of [canonical, ...variants]) {
      const lower = v.toLowerCase();
      if (/^[a-z0-9-]+( [a-z0-9-]+)+$/.test(lower)) phrases.push([lower, canonical]);
      else {
        aliases.set(lower, canonical);
        if (/^[a-z]+$/.test(lower)) aliases.set(stemmer(lower), canonical);
      }
    }
  }
  phrases.sort((a, b) => b[0].length - a[0].length);
  const userDict = [
    dataFile('user-dict.txt'),
    // Chinese alias variants become dictionary words, so jieba keeps them whole.
    ...groups
      .flat()
      .filter((w) => /\p{Script=Han}/u.test(w) && w.length > 1)
      .map((w) => `${w} 3000 n`),
  ].join('\n');
  cached = { stopwords, formWords, aliases, phrases, userDict };
  return cached;
}
