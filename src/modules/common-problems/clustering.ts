import { createHash } from 'node:crypto';
import { sectorSimilarity, type ParentOf } from '../matching/scoring/sector-similarity.js';

/**
 * Finding needs of different organisations that state the same problem: a need × need similarity on the matching
 * analyzer's weighted terms, then average-linkage agglomerative clustering with a threshold. Pure: the job
 * (common-problems.detector.ts) gives it the needs as the worker's catalogue index holds them.
 */

/** What the clustering reads of an open need. */
export interface ClusterNeed {
  id: string;
  organizationId: string;
  sectors: readonly string[];
  /** Term → the need's weight for it (title and keywords count most, background least) × its IDF among needs. */
  vector: ReadonlyMap<string, number>;
  /** The need's core terms (matching's `coreTerms`: its most specific title or keyword terms). */
  core: readonly string[];
}

export const CLUSTERING = {
  /** Two needs are linked at this similarity or more, and a merged cluster keeps at least this average. */
  threshold: 0.3,
  /** Each need of a linked pair states at least this share of the other's core terms. */
  coreShare: 0.5,
  /** How much the sectors can lower the similarity: × (1 − sector + sector × credit). */
  sectorWeight: 0.3,
  /** Credit when either need has no sector. */
  unknownSectorCredit: 0.5,
  /** A core term held by more needs than this is too common to find candidate pairs by. */
  maxBlock: 400,
  /** At most this many needs in one common problem. */
  maxSize: 30,
} as const;

function norm(v: ReadonlyMap<string, number>): number {
  let s = 0;
  for (const w of v.values()) s += w * w;
  return Math.sqrt(s);
}

/** The share of `a`'s core terms that `b` states. */
const coreMet = (a: ClusterNeed, b: ClusterNeed) =>
  a.core.length ? a.core.filter((t) => b.vector.has(t)).length / a.core.length : 0;

/**
 * How alike two needs are, 0–1: the cosine of their weighted term vectors, scaled by how their sectors relate; 0
 * unless each states at least half of the other's core terms (sharing 设备 and 提高 is no common problem, nor is
 * sharing 深加工 alone between 无缝钢管深加工 and 淀粉衍生物深加工).
 */
export function needSimilarity(a: ClusterNeed, b: ClusterNeed, parentOf: ParentOf): number {
  if (Math.min(coreMet(a, b), coreMet(b, a)) < CLUSTERING.coreShare) return 0;
  const [small, large] = a.vector.size <= b.vector.size ? [a.vector, b.vector] : [b.vector, a.vector];
  let dot = 0;
  for (const [t, w] of small) dot += w * (large.get(t) ?? 0);
  const na = norm(a.vector);
  const nb = norm(b.vector);
  if (!na || !nb) return 0;
  const cosine = dot / (na * nb);
  const sector = sectorSimilarity(a.sectors, b.sectors, parentOf).score;
  const w = CLUSTERING.sectorWeight;
  return cosine * (1 - w + w * (sector ?? CLUSTERING.unknownSectorCredit));
}

export interface Cluster {
  needIds: string[];
  /** Mean similarity over every pair of members. */
  cohesion: number;
}

/** The needs' candidate pairs (they share a term that is core to one of them), with their similarity. */
export function similarPairs(
  needs: readonly ClusterNeed[],
  parentOf: ParentOf,
  threshold: number = CLUSTERING.threshold,
): Array<{ a: string; b: string; similarity: number }> {
  const byTerm = new Map<string, number[]>();
  needs.forEach((n, i) => {
    for (const t of n.vector.keys()) {
      let list = byTerm.get(t);
      if (!list) byTerm.set(t, (list = []));
      list.push(i);
    }
  });
  const seen = new Set<string>();
  const out: Array<{ a: string; b: string; similarity: number }> = [];
  needs.forEach((n, i) => {
    for (const t of n.core) {
      const list = byTerm.get(t) ?? [];
      if (list.length > CLUSTERING.maxBlock) continue;
      for (const j of list) {
        const m = needs[j];
        // Needs of one organisation are not a problem shared by several.
        if (j === i || m.organizationId === n.organizationId) continue;
        const key = i < j ? `${i}|${j}` : `${j}|${i}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const similarity = needSimilarity(n, m, parentOf);
        if (similarity >= threshold) out.push({ a: n.id, b: m.id, similarity });
      }
    }
  });
  return out.sort((x, y) => y.similarity - x.similarity || (x.a + x.b < y.a + y.b ? -1 : 1));
}

/**
 * Average-linkage agglomerative clustering over the linked pairs: the strongest links first, two clusters merge only
 * when the mean similarity over all their cross pairs (unlinked pairs count 0) stays at the threshold or more, so a
 * chain of loosely related needs never grows into one cluster. Only clusters of needs of at least two organisations
 * are returned, most cohesive first.
 */
export function clusterNeeds(
  needs: readonly ClusterNeed[],
  parentOf: ParentOf,
  threshold: number = CLUSTERING.threshold,
): Cluster[] {
  const pairs = similarPairs(needs, parentOf, threshold);
  const sim = new Map<string, number>();
  const key = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);
  for (const p of pairs) sim.set(key(p.a, p.b), p.similarity);
  const clusterOf = new Map<string, string[]>();
  for (const n of needs) clusterOf.set(n.id, [n.id]);
  const linkage = (x: string[], y: string[]) => {
    let s = 0;
    for (const a of x) for (const b of y) s += sim.get(key(a, b)) ?? 0;
    return s / (x.length * y.length);
  };
  for (const p of pairs) {
    const x = clusterOf.get(p.a)!;
    const y = clusterOf.get(p.b)!;
    if (x === y || x.length + y.length > CLUSTERING.maxSize) continue;
    if (linkage(x, y) < threshold) continue;
    const merged = [...x, ...y];
    for (const id of merged) clusterOf.set(id, merged);
  }
  const org = new Map(needs.map((n) => [n.id, n.organizationId]));
  const out: Cluster[] = [];
  for (const members of new Set(clusterOf.values())) {
    if (members.length < 2 || new Set(members.map((id) => org.get(id))).size < 2) continue;
    out.push({ needIds: [...members].sort(), cohesion: meanSimilarity(members, (a, b) => sim.get(key(a, b)) ?? 0) });
  }
  return out.sort((a, b) => b.cohesion - a.cohesion || (a.needIds[0] < b.needIds[0] ? -1 : 1));
}

/** Mean of `similarity` over every pair of `ids` (0 for fewer than two). */
export function meanSimilarity(ids: readonly string[], similarity: (a: string, b: string) => number): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      s += similarity(ids[i], ids[j]);
      n++;
    }
  }
  return n ? s / n : 0;
}

/** A member set's fingerprint: the sha-256 of its sorted need ids. */
export function fingerprintOf(needIds: readonly string[]): string {
  return createHash('sha256')
    .update([...needIds].sort().join(','))
    .digest('hex');
}

/**
 * The terms most members state, most widespread and most specific first: held by at least 60 % of the members (and
 * two), at most `limit`.
 */
export function sharedTerms(members: readonly ClusterNeed[], limit = 8): string[] {
  const min = Math.max(2, Math.ceil(members.length * 0.6));
  const stats = new Map<string, { count: number; weight: number }>();
  for (const m of members) {
    for (const [t, w] of m.vector) {
      const s = stats.get(t) ?? { count: 0, weight: 0 };
      stats.set(t, { count: s.count + 1, weight: s.weight + w });
    }
  }
  const kept = [...stats]
    .filter(([, s]) => s.count >= min)
    .sort(([a, x], [b, y]) => y.count - x.count || y.weight - x.weight || (a < b ? -1 : 1))
    .map(([t]) => t);
  // A part of a kept compound says nothing more (烟气脱硝 holds 脱硝).
  return kept.filter((t) => !kept.some((u) => u !== t && u.includes(t))).slice(0, limit);
}

export interface LeadCandidate {
  needId: string;
  /** Σ IDF of its specific terms (title, keywords and the sentence that asks). */
  specificity: number;
  specificTerms: string[];
  budgetMax: number | null;
}

/**
 * The need proposed to lead (精选龙头企业牵头): the most specific need with the largest budget, each measured against
 * the best of the cluster and weighed equally; with the reason, in Chinese and English.
 */
export function proposeLead(candidates: readonly LeadCandidate[]): { needId: string; reason: string } | null {
  if (!candidates.length) return null;
  const maxSpec = Math.max(...candidates.map((c) => c.specificity)) || 1;
  const maxBudget = Math.max(0, ...candidates.map((c) => c.budgetMax ?? 0)) || 1;
  const score = (c: LeadCandidate) => c.specificity / maxSpec + (c.budgetMax ?? 0) / maxBudget;
  const best = [...candidates].sort((a, b) => score(b) - score(a) || (a.needId < b.needId ? -1 : 1))[0];
  const mostSpecific = best.specificity >= maxSpec;
  const largest = (best.budgetMax ?? 0) >= maxBudget && best.budgetMax !== null;
  const terms = best.specificTerms
    .slice(0, 3)
    .map((t) => `「${t}」`)
    .join('');
  const zh = [
    mostSpecific ? `需求最具体（专门术语${terms}）` : `需求较具体（专门术语${terms}）`,
    largest
      ? `预算最高（上限 ${best.budgetMax} 元）`
      : best.budgetMax !== null
        ? `预算上限 ${best.budgetMax} 元`
        : '预算未注明',
  ].join('，');
  const en = [
    `${mostSpecific ? 'the most specific need' : 'a specific need'} (${best.specificTerms.slice(0, 3).join(', ')})`,
    largest
      ? `the largest budget (up to CNY ${best.budgetMax})`
      : best.budgetMax !== null
        ? `a budget of up to CNY ${best.budgetMax}`
        : 'no budget stated',
  ].join(', ');
  return { needId: best.needId, reason: `${zh} / ${en}` };
}
