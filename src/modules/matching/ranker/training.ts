import { createHash } from 'node:crypto';
import { auc, fitLogistic, logLoss } from './logistic.js';
import { baseLogit, rankerScore, type RankerModel } from './ranker.js';

/**
 * Learning from coordinators (issue 11): an adjustment fitted on this install's review decisions, on top of the
 * shipped model, kept only when it predicts decisions it never saw better than the model in use. Pure: the training
 * job (ranker-training.service.ts) reads the decisions and stores the outcome.
 */

/** One coordinator decision on a suggestion, with the features it was shown with. */
export interface Decision {
  matchId: string;
  needId: string;
  /** 1: approved (or taken further); 0: rejected as not worth an introduction. */
  label: 0 | 1;
  features: Readonly<Record<string, number>>;
}

// The minimums below are constants, not settings: they are about the statistics of a logistic fit with a handful of
// features and of a held-out comparison, not about an install's taste. Fewer decisions than this and the held-out
// figures are mostly noise (one decision moves the log loss by several hundredths).
/** Decisions needed before anything is fitted. */
export const MIN_DECISIONS = 40;
/** Of each kind (approvals, rejections): a class with fewer has no shape to learn. */
export const MIN_PER_CLASS = 10;
/** Of each kind on each side of the split: without both kinds held out there is no AUC to compare. */
export const MIN_PER_CLASS_PER_SIDE = 3;

/** Share of needs whose decisions are held out to judge the candidate. */
export const HELD_OUT_SHARE = 0.25;
/**
 * Salts the split's hash. Fixed, so a need stays on its side from one training to the next: a model learned last
 * month never saw this month's held-out needs, and the comparison with it stays fair.
 */
export const SPLIT_SALT = 'techmatch-ranker-split-1';

/**
 * L2 penalty of the adjustment (on standardised features). Strong: with a few dozen decisions the adjustment should
 * move the shipped model only where the decisions clearly disagree with it, not chase single pairs.
 */
export const ADJUSTMENT_L2 = 20;

/**
 * How much lower the candidate's held-out log loss must be to count as better (nats per decision): below this the
 * difference is rounding, not learning.
 */
export const MIN_LOG_LOSS_GAIN = 0.001;

/** Whether a need's decisions are held out: a deterministic hash of its id, the same in every process and run. */
export function isHeldOut(needId: string, salt = SPLIT_SALT): boolean {
  const h = createHash('sha256').update(`${salt}:${needId}`).digest();
  return h.readUInt32BE(0) / 2 ** 32 < HELD_OUT_SHARE;
}

/** Splits by need, so one need's pairs never sit on both sides (pairs of one need are alike). */
export function splitByNeed(decisions: readonly Decision[]): { train: Decision[]; heldOut: Decision[] } {
  const train: Decision[] = [];
  const heldOut: Decision[] = [];
  for (const d of decisions) (isHeldOut(d.needId) ? heldOut : train).push(d);
  return { train, heldOut };
}

export interface Counts {
  decisions: number;
  approvals: number;
  rejections: number;
  needs: number;
}

export function countsOf(decisions: readonly Decision[]): Counts {
  const approvals = decisions.filter((d) => d.label === 1).length;
  return {
    decisions: decisions.length,
    approvals,
    rejections: decisions.length - approvals,
    needs: new Set(decisions.map((d) => d.needId)).size,
  };
}

/** Why there is not enough to learn from, or null when there is. In words an admin reads in the log. */
export function notEnough(all: Counts, train: Counts, heldOut: Counts): string | null {
  if (all.decisions < MIN_DECISIONS) {
    return `${all.decisions} decisions with features, at least ${MIN_DECISIONS} are needed`;
  }
  if (all.approvals < MIN_PER_CLASS || all.rejections < MIN_PER_CLASS) {
    return `${all.approvals} approvals and ${all.rejections} rejections, at least ${MIN_PER_CLASS} of each are needed`;
  }
  for (const [side, c] of [
    ['training', train],
    ['held-out', heldOut],
  ] as const) {
    if (c.approvals < MIN_PER_CLASS_PER_SIDE || c.rejections < MIN_PER_CLASS_PER_SIDE) {
      return (
        `the ${side} needs hold ${c.approvals} approvals and ${c.rejections} rejections, at least ` +
        `${MIN_PER_CLASS_PER_SIDE} of each are needed on each side`
      );
    }
  }
  return null;
}

/** How a model does on decisions: what the comparison and the console show. */
export interface HeldOutMetrics {
  logLoss: number;
  auc: number;
  /** Of the decisions the model puts at or above its floor, the share approved (null when none is above it). */
  precisionAboveFloor: number | null;
  aboveFloor: number;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

export function evaluate(model: RankerModel, decisions: readonly Decision[]): HeldOutMetrics {
  const p = decisions.map((d) => rankerScore(model, d.features).probability);
  const y = decisions.map((d) => d.label);
  const above = decisions.filter((_, i) => p[i] >= model.floor);
  return {
    logLoss: round(logLoss(p, y)),
    auc: round(auc(p, y)),
    precisionAboveFloor: above.length ? round(above.filter((d) => d.label === 1).length / above.length) : null,
    aboveFloor: above.length,
  };
}

/** `install-20261130T083406Z`: the candidate's version, from when it was trained (UTC). */
export function installVersion(at: Date): string {
  return `install-${at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}`;
}

/**
 * Fits the adjustment on the shipped model's features, with the shipped model's logit as each decision's offset.
 * The intercept is held at 0 (the features are centred, so the adjustment averages out over the decisions): decided
 * pairs are not a sample of all pairs (coordinators see only suggestions above the floor, and decide the ones they
 * choose), so their approval rate is no measure of the model's level. The adjustment re-weighs the evidence; the
 * level, and with it the floor's and the bands' measured meaning, stays the shipped model's.
 */
export function fitCandidate(shipped: RankerModel, train: readonly Decision[], at: Date): RankerModel {
  const X = train.map((d) => shipped.features.map((f) => d.features[f]));
  const y = train.map((d) => d.label);
  const offset = train.map((d) => baseLogit(shipped, d.features));
  const fit = fitLogistic(X, y, { offset, l2: ADJUSTMENT_L2, fixBias: 0 });
  return {
    ...shipped,
    version: installVersion(at),
    adjustment: { features: [...shipped.features], fit, decisions: train.length, trainedAt: at.toISOString() },
  };
}

export interface Verdict {
  promote: boolean;
  /** Why, in words an admin reads on the console. */
  reason: string;
}

/** Resamples of the held-out needs behind the AUC comparison's confidence. */
export const BOOTSTRAP_RESAMPLES = 500;
/**
 * Share of resamples in which the candidate must rank better for its AUC gain to count. Measured on the judged set's
 * decisions (label 2 approved, label 0 rejected, 300 random splits): with "lower log loss and an AUC no lower", an
 * adjustment fitted on shuffled labels was promoted about one time in four (it lowers the log loss by being less
 * sure of itself); at 0.95 about one in sixty; at 0.99 one in three hundred.
 */
export const AUC_CONFIDENCE = 0.99;

/** A small seeded generator (mulberry32): the bootstrap gives the same answer for the same decisions. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * In what share of resamples of the held-out needs (with replacement, a need's decisions together) the candidate's
 * AUC is above the current model's. A held-out set is a few dozen needs: an AUC a hundredth higher on it is as
 * likely luck as learning, and this says which.
 */
export function aucGainConfidence(
  candidate: RankerModel,
  current: RankerModel,
  heldOut: readonly Decision[],
  resamples = BOOTSTRAP_RESAMPLES,
): number {
  const byNeed = new Map<string, Array<{ a: number; b: number; y: number }>>();
  for (const d of heldOut) {
    const list = byNeed.get(d.needId) ?? [];
    list.push({
      a: rankerScore(candidate, d.features).probability,
      b: rankerScore(current, d.features).probability,
      y: d.label,
    });
    byNeed.set(d.needId, list);
  }
  const needs = [...byNeed.keys()].sort();
  const random = seeded(heldOut.length * 7919 + needs.length);
  let better = 0;
  for (let r = 0; r < resamples; r++) {
    const rows = [];
    for (let i = 0; i < needs.length; i++) rows.push(...byNeed.get(needs[Math.floor(random() * needs.length)])!);
    const y = rows.map((x) => x.y);
    // A resample without both kinds says nothing about ordering: it counts against the candidate.
    if (y.every((v) => v === y[0])) continue;
    if (
      auc(
        rows.map((x) => x.a),
        y,
      ) >
      auc(
        rows.map((x) => x.b),
        y,
      )
    )
      better++;
  }
  return better / resamples;
}

/**
 * Better: a lower held-out log loss (by more than rounding) and a higher AUC in at least AUC_CONFIDENCE of the
 * resamples of the held-out needs. The adjustment exists to re-weigh the evidence (its intercept is fixed), so its
 * gain must show in how it orders decisions, and not only in log loss, which a model also lowers by merely becoming
 * less sure of itself, as one fitted on noise does when the current model's level is off.
 */
export function judge(candidate: HeldOutMetrics, current: HeldOutMetrics, confidence: number): Verdict {
  const gain = current.logLoss - candidate.logLoss;
  const ll = `${candidate.logLoss.toFixed(4)}`;
  const llNow = `${current.logLoss.toFixed(4)}`;
  const a = candidate.auc.toFixed(4);
  const aNow = current.auc.toFixed(4);
  const pct = Math.round(confidence * 100);
  const needed = Math.round(AUC_CONFIDENCE * 100);
  if (!Number.isFinite(candidate.logLoss) || !Number.isFinite(candidate.auc)) {
    return { promote: false, reason: '拟合未收敛 / the fit did not converge' };
  }
  if (gain < MIN_LOG_LOSS_GAIN) {
    return {
      promote: false,
      reason: `留出验证的对数损失 ${ll} 未低于当时模型的 ${llNow} / held-out log loss ${ll} is not below the current ${llNow}`,
    };
  }
  if (candidate.auc < current.auc || confidence < AUC_CONFIDENCE) {
    return {
      promote: false,
      reason:
        `留出验证的 AUC ${a}（当时模型 ${aNow}）只在 ${pct}% 的重抽样中更高，需要 ${needed}% / held-out AUC ${a} ` +
        `against the current ${aNow}: higher in ${pct}% of resamples of the held-out needs, ${needed}% needed`,
    };
  }
  return {
    promote: true,
    reason:
      `优于当时的模型：对数损失 ${ll} < ${llNow}，AUC ${a} > ${aNow}（${pct}% 的重抽样中更高） / better than the ` +
      `current model: held-out log loss ${ll} < ${llNow}, AUC ${a} > ${aNow} (higher in ${pct}% of resamples)`,
  };
}

/** What a training run produces: a candidate judged against the current model, or why nothing was fitted. */
export type TrainingOutcome =
  | { kind: 'refused'; reason: string; counts: { all: Counts; training: Counts; heldOut: Counts } }
  | {
      kind: 'judged';
      candidate: RankerModel;
      verdict: Verdict;
      metrics: TrainingMetrics;
    };

/** Stored with the candidate's row (ranker_models.metrics). */
export interface TrainingMetrics {
  /** The shipped model the adjustment sits on: a candidate may only be active with that release's model. */
  base: string;
  split: { salt: string; heldOutShare: number };
  training: Counts;
  heldOut: Counts;
  candidate: HeldOutMetrics;
  current: HeldOutMetrics & { version: string };
  /** Share of resamples of the held-out needs in which the candidate's AUC is above the current model's. */
  aucGainConfidence: number;
  verdict: string;
}

/** The whole selection: split, check, fit, compare with the model in use. */
export function trainCandidate(
  shipped: RankerModel,
  current: RankerModel,
  decisions: readonly Decision[],
  at: Date,
): TrainingOutcome {
  const { train, heldOut } = splitByNeed(decisions);
  const counts = { all: countsOf(decisions), training: countsOf(train), heldOut: countsOf(heldOut) };
  if (!shipped.features.length) {
    return { kind: 'refused', reason: 'the shipped model has no features (a placeholder)', counts };
  }
  const refusal = notEnough(counts.all, counts.training, counts.heldOut);
  if (refusal) return { kind: 'refused', reason: refusal, counts };
  const candidate = fitCandidate(shipped, train, at);
  const candidateMetrics = evaluate(candidate, heldOut);
  const currentMetrics = evaluate(current, heldOut);
  const confidence = aucGainConfidence(candidate, current, heldOut);
  const verdict = judge(candidateMetrics, currentMetrics, confidence);
  return {
    kind: 'judged',
    candidate,
    verdict,
    metrics: {
      base: shipped.version,
      split: { salt: SPLIT_SALT, heldOutShare: HELD_OUT_SHARE },
      training: counts.training,
      heldOut: counts.heldOut,
      candidate: candidateMetrics,
      current: { version: current.version, ...currentMetrics },
      aucGainConfidence: confidence,
      verdict: verdict.reason,
    },
  };
}

/** Keeps decisions that carry every feature the model reads, as finite numbers (older releases computed others). */
export function usable(features: unknown, names: readonly string[]): Record<string, number> | null {
  if (!features || typeof features !== 'object' || Array.isArray(features)) return null;
  const f = features as Record<string, unknown>;
  const out: Record<string, number> = {};
  for (const n of names) {
    const v = f[n];
    if (typeof v !== 'number' || !Number.isFinite(v)) return null;
    out[n] = v;
  }
  return out;
}
