import type { Contribution, Explanation } from '../api/types';

/**
 * The ranker's features that moved the verdict most, either way (largest first). Explanations are stored JSON from
 * several engine versions: entries without a finite contribution are skipped rather than trusted.
 */
export function topContributions(e: Pick<Explanation, 'ranker'>, n: number): Contribution[] {
  const all = Array.isArray(e.ranker?.contributions) ? e.ranker.contributions : [];
  return all
    .filter((c) => c && typeof c.feature === 'string' && Number.isFinite(c.contribution) && c.contribution !== 0)
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
    .slice(0, n);
}

/**
 * The share of pairs in this band found worth introducing, when the explanation records it (a fraction in [0, 1]);
 * null otherwise: the console then shows the band alone rather than a figure it cannot vouch for.
 */
export function bandPrecision(e: Pick<Explanation, 'bandPrecision' | 'ranker'>): number | null {
  const strict = e.bandPrecision?.strict ?? e.ranker?.bandPrecision?.strict;
  return typeof strict === 'number' && Number.isFinite(strict) && strict >= 0 && strict <= 1 ? strict : null;
}
