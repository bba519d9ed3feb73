import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Reference document frequencies (data/reference-df.tsv, made by `npm run build:reference-df` from real
 * achievements): blended with the live catalogue's, they keep IDF meaningful while the catalogue is small.
 */
export interface ReferenceFrequencies {
  documents: number;
  frequency: (term: string) => number;
}

let cached: ReferenceFrequencies | null = null;

export function referenceFrequencies(): ReferenceFrequencies {
  if (cached) return cached;
  const text = readFileSync(fileURLToPath(new URL('./data/reference-df.tsv', import.meta.url)), 'utf8');
  const df = new Map<string, number>();
  let documents = 0;
  for (const line of text.split('\n')) {
    if (!line) continue;
    const [term, n] = line.split('\t');
    if (term === '#docs') documents = Number(n);
    else if (!term.startsWith('#')) df.set(term, Number(n));
  }
  cached = { documents, frequency: (t) => df.get(t) ?? 0 };
  return cached;
}
