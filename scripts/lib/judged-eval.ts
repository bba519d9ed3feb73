// The judged real matches of EVALUATION.md, as data and measures: which (need, achievement) pairs of the technology
// market a coordinator would introduce (data/judged), and how the top 10 the service shows compare with them.
// Pure: `npm run eval` feeds it what the API showed.
import { judgedLabels, techmarketAchievements, type JudgedLabel, type TechmarketAchievement } from './datasets.js';

export type Band = 'high' | 'medium' | 'low';
export const BANDS: readonly Band[] = ['high', 'medium', 'low'];

/** One suggestion as shown to a coordinator, in techmarket ids. */
export interface ShownPair {
  capId: string;
  score: number;
  rank: number;
  band: Band | null;
}

/** Floors on the returned score for the sweep: 0 is the top 10 as shown. */
export const FLOORS = [0, 0.1, 0.2, 0.3, 0.4, 0.5] as const;

const normalised = (s: string) => s.replace(/\s+/g, '');

/**
 * The labels, read as the README asks: an achievement listed twice with the same title and text is one achievement
 * (grouped by normalised title + description), so a judged pair's label holds for the copy too, and a known
 * introduce-worthy pair counts once whichever copy is shown.
 */
export class Judgements {
  private readonly groups = new Map<string, string>();
  private readonly labels = new Map<string, 0 | 1 | 2>();
  /** `need \0 group` of every pair labelled 2. */
  readonly known = new Set<string>();
  readonly needIds: string[];

  constructor(
    labels: readonly JudgedLabel[] = judgedLabels(),
    achievements: readonly Pick<TechmarketAchievement, 'id' | 'title' | 'description'>[] = techmarketAchievements(),
  ) {
    for (const a of achievements) this.groups.set(a.id, `${normalised(a.title)}\0${normalised(a.description)}`);
    for (const l of labels) {
      const key = this.key(l.needId, l.capId);
      const before = this.labels.get(key);
      if (before !== undefined && before !== l.label) {
        throw new Error(`identical achievements labelled differently for ${l.needId}: ${l.capId}`);
      }
      this.labels.set(key, l.label);
      if (l.label === 2) this.known.add(key);
    }
    this.needIds = [...new Set(labels.map((l) => l.needId))];
  }

  /** The achievement's group: the same for every copy of one title and text. */
  group(capId: string): string {
    return this.groups.get(capId) ?? capId;
  }

  private key(needId: string, capId: string): string {
    return `${needId}\0${this.group(capId)}`;
  }

  label(needId: string, capId: string): 0 | 1 | 2 | undefined {
    return this.labels.get(this.key(needId, capId));
  }

  isKnown(needId: string, capId: string): boolean {
    return this.known.has(this.key(needId, capId));
  }
}

export interface JudgedFigures {
  floor: number;
  needs: number;
  /** Shown pairs (top 10 at or above the floor), judged or not. */
  shown: number;
  judged: number;
  /** Of the judged shown pairs: labelled 2, and labelled 1 or 2. */
  introduce: number;
  related: number;
  /** Share of the judged shown pairs labelled 2 (NaN when none is judged). */
  strict: number;
  lenient: number;
  /** Known label-2 pairs (groups) shown, of all known. */
  recalled: number;
  known: number;
  recall: number;
  unjudgedShare: number;
  /** Judged needs with at least one suggestion at or above the floor. */
  withSuggestions: number;
  /** Shown rows repeating an achievement (same title and text) already higher in the same need's list. */
  repeats: number;
}

const ratio = (a: number, b: number) => (b ? a / b : Number.NaN);

/** The measures over the judged needs' shown pairs with a score at or above `floor`. */
export function judgedFigures(
  j: Judgements,
  shown: ReadonlyMap<string, readonly ShownPair[]>,
  floor = 0,
): JudgedFigures {
  let total = 0;
  let judged = 0;
  let introduce = 0;
  let related = 0;
  let withSuggestions = 0;
  let repeats = 0;
  const recalled = new Set<string>();
  for (const needId of j.needIds) {
    const list = (shown.get(needId) ?? []).filter((p) => p.score >= floor);
    if (list.length) withSuggestions++;
    const seen = new Set<string>();
    for (const p of list) {
      total++;
      const g = j.group(p.capId);
      if (seen.has(g)) repeats++;
      seen.add(g);
      const label = j.label(needId, p.capId);
      if (label === undefined) continue;
      judged++;
      if (label === 2) introduce++;
      if (label >= 1) related++;
      if (j.isKnown(needId, p.capId)) recalled.add(`${needId}\0${g}`);
    }
  }
  return {
    floor,
    needs: j.needIds.length,
    shown: total,
    judged,
    introduce,
    related,
    strict: ratio(introduce, judged),
    lenient: ratio(related, judged),
    recalled: recalled.size,
    known: j.known.size,
    recall: ratio(recalled.size, j.known.size),
    unjudgedShare: ratio(total - judged, total),
    withSuggestions,
    repeats,
  };
}

export interface BandFigures {
  band: Band;
  shown: number;
  judged: number;
  strict: number;
  lenient: number;
}

/** What each band means on the judged needs' shown pairs: the share labelled 2 and ≥ 1 (null: no band given). */
export function bandFigures(j: Judgements, shown: ReadonlyMap<string, readonly ShownPair[]>): BandFigures[] | null {
  const all = j.needIds.flatMap((needId) => (shown.get(needId) ?? []).map((p) => ({ needId, p })));
  if (!all.some(({ p }) => p.band)) return null;
  return BANDS.map((band) => {
    const inBand = all.filter(({ p }) => p.band === band);
    const labels = inBand.map(({ needId, p }) => j.label(needId, p.capId)).filter((l) => l !== undefined);
    return {
      band,
      shown: inBand.length,
      judged: labels.length,
      strict: ratio(labels.filter((l) => l === 2).length, labels.length),
      lenient: ratio(labels.filter((l) => l >= 1).length, labels.length),
    };
  });
}

/** The shown pairs of the judged needs that nobody has judged yet, best first per need: material for the next reading. */
export function unjudgedPairs(
  j: Judgements,
  shown: ReadonlyMap<string, readonly ShownPair[]>,
): Array<{ needId: string; pair: ShownPair }> {
  return j.needIds.flatMap((needId) =>
    (shown.get(needId) ?? []).filter((p) => j.label(needId, p.capId) === undefined).map((pair) => ({ needId, pair })),
  );
}
