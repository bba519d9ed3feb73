/**
 * A small, readable logistic regression: standardised features, L2 penalty, fitted by Newton's method (IRLS), which
 * converges in a handful of steps on the few dozen features and few thousand pairs it is used for. An optional
 * per-sample offset (a logit fixed in advance) lets a model learn an adjustment on top of another model's score.
 */

export interface LogisticFit {
  /** Per feature, the mean and scale used to standardise it. */
  mean: number[];
  scale: number[];
  /** Weights of the standardised features, and the intercept. */
  weights: number[];
  bias: number;
}

export interface FitOptions {
  /** L2 penalty on the weights (not on the intercept). */
  l2?: number;
  /** A fixed logit added to each sample's linear predictor. */
  offset?: readonly number[];
  /** Per-sample weights (e.g. to balance classes). */
  sampleWeight?: readonly number[];
  iterations?: number;
  /** Fit no intercept (an adjustment on top of an offset may be asked to keep the offset's base rate). */
  fixBias?: number;
}

export const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

export function standardiser(X: readonly (readonly number[])[]): { mean: number[]; scale: number[] } {
  const d = X[0]?.length ?? 0;
  const mean = new Array<number>(d).fill(0);
  const scale = new Array<number>(d).fill(1);
  if (!X.length) return { mean, scale };
  for (const row of X) for (let j = 0; j < d; j++) mean[j] += row[j] / X.length;
  for (let j = 0; j < d; j++) {
    let v = 0;
    for (const row of X) v += (row[j] - mean[j]) ** 2 / X.length;
    scale[j] = Math.sqrt(v) || 1;
  }
  return { mean, scale };
}

/** Solves A x = b for a small symmetric positive definite A (Gaussian elimination with partial pivoting). */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    [M[c], M[p]] = [M[p], M[c]];
    const pivot = M[c][c] || 1e-12;
    for (let r = c + 1; r < n; r++) {
      const f = M[r][c] / pivot;
      if (f === 0) continue;
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r][n];
    for (let k = r + 1; k < n; k++) s -= M[r][k] * x[k];
    x[r] = s / (M[r][r] || 1e-12);
  }
  return x;
}

/** Fits y ∈ {0, 1} on X; deterministic (no random start). */
export function fitLogistic(
  X: readonly (readonly number[])[],
  y: readonly number[],
  options: FitOptions = {},
): LogisticFit {
  const { mean, scale } = standardiser(X);
  const d = mean.length;
  const l2 = options.l2 ?? 1;
  const Z = X.map((row) => row.map((v, j) => (v - mean[j]) / scale[j]));
  // Parameters: weights 0..d-1, intercept d (left out of the solve when fixed).
  const fitBias = options.fixBias === undefined;
  const p = d + (fitBias ? 1 : 0);
  const theta = new Array<number>(p).fill(0);
  let bias = options.fixBias ?? 0;
  for (let it = 0; it < (options.iterations ?? 25); it++) {
    const grad = new Array<number>(p).fill(0);
    const H = Array.from({ length: p }, () => new Array<number>(p).fill(0));
    for (let i = 0; i < Z.length; i++) {
      const z = Z[i];
      let eta = (options.offset?.[i] ?? 0) + (fitBias ? theta[d] : bias);
      for (let j = 0; j < d; j++) eta += theta[j] * z[j];
      const mu = sigmoid(eta);
      const w = options.sampleWeight?.[i] ?? 1;
      const r = w * (y[i] - mu);
      const h = w * Math.max(mu * (1 - mu), 1e-9);
      const xi = fitBias ? [...z, 1] : z;
      for (let a = 0; a < p; a++) {
        grad[a] += r * xi[a];
        if (h === 0) continue;
        for (let b = a; b < p; b++) H[a][b] += h * xi[a] * xi[b];
      }
    }
    for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) H[a][b] = H[b][a];
    for (let j = 0; j < d; j++) {
      grad[j] -= l2 * theta[j];
      H[j][j] += l2;
    }
    if (fitBias) H[d][d] += 1e-6;
    const step = solve(H, grad);
    let moved = 0;
    for (let a = 0; a < p; a++) {
      theta[a] += step[a];
      moved = Math.max(moved, Math.abs(step[a]));
    }
    if (moved < 1e-7) break;
  }
  if (fitBias) bias = theta[d];
  return { mean, scale, weights: theta.slice(0, d), bias };
}

/** Each feature's share of the linear predictor (standardised value × weight), and the predictor itself. */
export function linearParts(fit: LogisticFit, x: readonly number[]): { logit: number; parts: number[] } {
  const parts = fit.weights.map((w, j) => (w * (x[j] - fit.mean[j])) / fit.scale[j]);
  return { logit: fit.bias + parts.reduce((s, v) => s + v, 0), parts };
}

/** Area under the ROC curve (ties count half): how well scores order positives above negatives. */
export function auc(scores: readonly number[], y: readonly number[]): number {
  const order = scores.map((s, i) => ({ s, y: y[i] })).sort((a, b) => a.s - b.s);
  let rankSum = 0;
  let positives = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j < order.length && order[j].s === order[i].s) j++;
    const avgRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) {
      if (order[k].y !== 1) continue;
      rankSum += avgRank;
      positives++;
    }
    i = j;
  }
  const negatives = order.length - positives;
  if (!positives || !negatives) return 0.5;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Mean negative log-likelihood of probabilities p for outcomes y. */
export function logLoss(p: readonly number[], y: readonly number[]): number {
  if (!p.length) return 0;
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const q = Math.min(1 - 1e-9, Math.max(1e-9, p[i]));
    s -= y[i] ? Math.log(q) : Math.log(1 - q);
  }
  return s / p.length;
}
