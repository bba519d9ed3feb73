import type { ParentOf } from './sector-similarity.js';
import { SCORING } from './scoring-config.js';

export interface InferredSector {
  ref: string;
  confidence: number;
}

/**
 * The fine sectors a need most likely belongs to, from the sectors of its nearest capabilities (a weighted vote).
 * When the need gave sectors, only sectors at or under them count: inference refines a coarse sector, never
 * overrides it. Pure: the neighbours come from the index's keyword ranking.
 */
export function inferSectors(
  given: readonly string[],
  neighbours: ReadonlyArray<{ score: number; sectors: readonly string[] }>,
  parentOf: ParentOf,
): InferredSector[] {
  const { neighbours: k, sharpness, minConfidence, maxSectors } = SCORING.inference;
  const top = neighbours.slice(0, k);
  if (!top.length || top[0].score <= 0) return [];
  const within = (ref: string): boolean => {
    if (!given.length) return true;
    for (let r: string | null = ref; r; r = parentOf(r)) if (given.includes(r)) return true;
    return false;
  };
  const votes = new Map<string, number>();
  let total = 0;
  for (const n of top) {
    const w = (n.score / top[0].score) ** sharpness;
    const refs = n.sectors.filter(within);
    for (const ref of refs) votes.set(ref, (votes.get(ref) ?? 0) + w / refs.length);
    if (refs.length) total += w;
  }
  if (!total) return [];
  return [...votes]
    .map(([ref, v]) => ({ ref, confidence: Math.round((v / total) * 1000) / 1000 }))
    .filter((x) => x.confidence >= minConfidence && !given.includes(x.ref))
    .sort((a, b) => b.confidence - a.confidence || (a.ref < b.ref ? -1 : 1))
    .slice(0, maxSectors);
}
