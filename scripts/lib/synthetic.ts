// Synthetic catalogues for the bench (EVALUATION.md): capabilities made by recombining sentences of CSL abstracts
// within one discipline, needs from record titles. Deterministic for a given seed.
import { cslDistractors, cslRecords, usableKeywords } from './datasets.js';
import { neutralTitle } from './csl-eval.js';

export interface SyntheticCapability {
  title: string;
  description: string;
  keywords: string[];
  sectors: string[];
  discipline: string;
}

/** A seeded xorshift32 generator in [0, 1): the scripts' figures are the same on every run. */
export function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    // xorshift32
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x100000000;
  };
}

export function syntheticCatalogue(n: number, seed = 42): SyntheticCapability[] {
  const rand = rng(seed);
  const byDiscipline = new Map<string, { sentences: string[]; keywords: string[]; category: string }>();
  const add = (discipline: string, category: string, abstract: string, keywords: string[]) => {
    const d = byDiscipline.get(discipline) ?? { sentences: [], keywords: [], category };
    d.sentences.push(
      ...abstract
        .split(/(?<=[。；;.!?！？])/)
        .map((s) => s.trim())
        .filter((s) => s.length >= 8),
    );
    d.keywords.push(...usableKeywords(keywords));
    byDiscipline.set(discipline, d);
  };
  for (const r of cslRecords()) add(r.discipline, r.category, r.abstract, r.keywords);
  for (const d of cslDistractors()) add(d.discipline, d.category, d.abstract, []);
  const disciplines = [...byDiscipline.entries()];
  const weights = disciplines.map(([, d]) => d.sentences.length);
  const total = weights.reduce((a, b) => a + b, 0);
  const pickDiscipline = () => {
    let r = rand() * total;
    for (let i = 0; i < disciplines.length; i++) if ((r -= weights[i]) < 0) return disciplines[i];
    return disciplines[disciplines.length - 1];
  };
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const out: SyntheticCapability[] = [];
  for (let i = 0; i < n; i++) {
    const [discipline, d] = pickDiscipline();
    const sentences = Array.from({ length: 3 + Math.floor(rand() * 4) }, () => pick(d.sentences));
    const description = sentences.join('');
    const keywords = d.keywords.length
      ? [...new Set(Array.from({ length: 2 + Math.floor(rand() * 3) }, () => pick(d.keywords)))]
      : [];
    out.push({
      title: neutralTitle(description),
      description,
      keywords,
      sectors: [`csl:${discipline === d.category ? d.category : discipline}`],
      discipline,
    });
  }
  return out;
}

/** Need titles for queries: the CSL record titles, shuffled. */
export function syntheticNeedTitles(count: number, seed = 7): string[] {
  const rand = rng(seed);
  const titles = cslRecords().map((r) => r.title);
  for (let i = titles.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [titles[i], titles[j]] = [titles[j], titles[i]];
  }
  return Array.from({ length: count }, (_, i) => titles[i % titles.length]);
}
