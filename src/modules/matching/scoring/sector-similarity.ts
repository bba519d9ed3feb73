import { SCORING } from './scoring-config.js';

export type SectorRelation = 'same' | 'parentOrChild' | 'ancestorOrDescendant' | 'sibling' | 'cousin';

export interface SectorMatch {
  need: string;
  capability: string;
  relation: SectorRelation;
  credit: number;
  /** True when the need's code was inferred from its text rather than given by the user. */
  inferred?: boolean;
}

/** Parent of a `scheme:code` reference (same scheme), or null at the top or when unknown. */
export type ParentOf = (ref: string) => string | null;

function ancestors(ref: string, parentOf: ParentOf): string[] {
  const out: string[] = [];
  const seen = new Set([ref]);
  for (let p = parentOf(ref); p && !seen.has(p); p = parentOf(p)) {
    out.push(p);
    seen.add(p);
  }
  return out;
}

/** How two references relate in their scheme's tree, or null when they do not (or are in different schemes). */
export function relate(a: string, b: string, parentOf: ParentOf): SectorRelation | null {
  if (a === b) return 'same';
  const ia = a.indexOf(':');
  if (ia < 0 || a.slice(0, ia) !== b.slice(0, b.indexOf(':'))) return null;
  const upA = ancestors(a, parentOf);
  const upB = ancestors(b, parentOf);
  if (upA[0] === b || upB[0] === a) return 'parentOrChild';
  if (upA.includes(b) || upB.includes(a)) return 'ancestorOrDescendant';
  if (upA[0] && upA[0] === upB[0]) return 'sibling';
  if (upA.length && upB.length && upA[upA.length - 1] === upB[upB.length - 1]) return 'cousin';
  return null;
}

export interface SectorScore {
  /** null when either side has no sector: the sector part is then left out of the score. */
  score: number | null;
  matched: SectorMatch[];
}

/**
 * How well the capability's sectors meet the need's: the best credit over the sectors the user gave, blended with
 * the confidence-weighted credit of the sectors inferred from the need's text (which refine, never replace, the
 * given ones). Null when neither side has sectors or no pair shares a scheme.
 */
export function sectorSimilarity(
  needSectors: readonly string[],
  capabilitySectors: readonly string[],
  parentOf: ParentOf,
  inferredNeedSectors: ReadonlyArray<{ ref: string; confidence: number }> = [],
): SectorScore {
  if ((!needSectors.length && !inferredNeedSectors.length) || !capabilitySectors.length) {
    return { score: null, matched: [] };
  }
  const matched: SectorMatch[] = [];
  const schemeOf = (ref: string) => ref.slice(0, ref.indexOf(':'));
  let comparable = false;
  /** The best credit of one need sector against the capability's sectors. */
  const best = (needRef: string, inferred: boolean, weight: number): number => {
    let top = 0;
    for (const capRef of capabilitySectors) {
      if (schemeOf(needRef) === schemeOf(capRef)) comparable = true;
      const relation = relate(needRef, capRef, parentOf);
      if (!relation) continue;
      const credit = SCORING.sector[relation];
      matched.push({
        need: needRef,
        capability: capRef,
        relation,
        credit: round(credit * weight),
        ...(inferred ? { inferred } : {}),
      });
      top = Math.max(top, credit);
    }
    return top;
  };
  const given = needSectors.length ? Math.max(...needSectors.map((ref) => best(ref, false, 1))) : null;
  // Inferred sectors count by their confidence (they sum to at most 1).
  const inferred = inferredNeedSectors.length
    ? Math.min(
        1,
        inferredNeedSectors.reduce((sum, { ref, confidence }) => sum + confidence * best(ref, true, confidence), 0),
      )
    : null;
  // Codes from different schemes (an enterprise's GB/T 4754 industry, a university's 高新技术领域) say nothing either way.
  if (!comparable) return { score: null, matched: [] };
  const blend = SCORING.inference.blend;
  const score = given === null ? inferred! : inferred === null ? given : (1 - blend) * given + blend * inferred;
  matched.sort((x, y) => y.credit - x.credit);
  return { score: round(score), matched: matched.slice(0, 5) };
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
