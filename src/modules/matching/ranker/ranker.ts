import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { linearParts, sigmoid, type LogisticFit } from './logistic.js';

export type Band = 'high' | 'medium' | 'low';
export const BANDS: readonly Band[] = ['high', 'medium', 'low'];

/**
 * The re-ranker: a logistic model over a pair's features, whose probability is the suggestion's score. The shipped
 * model is fitted on the judged development set (scripts/train-ranker.ts); an install's own model adds an adjustment
 * fitted on its coordinators' decisions, on top of the shipped one (its logit is the adjustment's offset), so the
 * floor and the bands keep their measured meaning.
 */
export interface RankerModel {
  /** Stored with every suggestion (explanation.ranker.version). */
  version: string;
  /** Feature names, in the order of the fit's weights. */
  features: string[];
  fit: LogisticFit;
  /** Learned from this install's decisions, added to the shipped model's logit. */
  adjustment?: { features: string[]; fit: LogisticFit; decisions: number; trainedAt: string } | null;
  /** Probability below which a pair is not suggested (chosen on the judged set). */
  floor: number;
  /** Probability at or above which a suggestion is in band high / medium (below medium: low). */
  bands: { high: number; medium: number };
  /** What the bands mean, measured: the share of introduce-worthy (and at least related) pairs in each. */
  bandPrecision?: Record<Band, { strict: number; lenient: number; pairs: number }>;
  metrics?: Record<string, number>;
  trainedAt: string;
}

export interface Contribution {
  feature: string;
  value: number;
  /** The feature's part of the logit (positive pushes the pair up). */
  contribution: number;
}

export interface RankerOutput {
  probability: number;
  logit: number;
  /** Each feature's part, largest first: worked out when asked for (only explanations read them). */
  contributions: () => Contribution[];
}

const vector = (names: readonly string[], features: Readonly<Record<string, number>>) =>
  names.map((n) => features[n] ?? 0);

/** The shipped model's logit alone (the offset an adjustment is fitted on). */
export function baseLogit(model: RankerModel, features: Readonly<Record<string, number>>): number {
  return linearParts(model.fit, vector(model.features, features)).logit;
}

export function rankerScore(model: RankerModel, features: Readonly<Record<string, number>>): RankerOutput {
  const base = linearParts(model.fit, vector(model.features, features));
  const adj = model.adjustment ? linearParts(model.adjustment.fit, vector(model.adjustment.features, features)) : null;
  const logit = base.logit + (adj?.logit ?? 0);
  const contributions = () => {
    const byFeature = new Map<string, number>();
    model.features.forEach((f, j) => byFeature.set(f, base.parts[j]));
    model.adjustment?.features.forEach((f, j) => byFeature.set(f, (byFeature.get(f) ?? 0) + adj!.parts[j]));
    return [...byFeature]
      .map(([feature, contribution]) => ({ feature, value: features[feature] ?? 0, contribution }))
      .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
  };
  return { probability: sigmoid(logit), logit, contributions };
}

export function bandOf(model: Pick<RankerModel, 'bands'>, probability: number): Band {
  if (probability >= model.bands.high) return 'high';
  if (probability >= model.bands.medium) return 'medium';
  return 'low';
}

let shipped: RankerModel | null = null;

/** The model shipped with this release (fitted on the judged development set by `npm run train:ranker`). */
export function shippedModel(): RankerModel {
  shipped ??= JSON.parse(
    readFileSync(fileURLToPath(new URL('./data/model.json', import.meta.url)), 'utf8'),
  ) as RankerModel;
  return shipped;
}
