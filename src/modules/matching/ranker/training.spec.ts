import type { RankerModel } from './ranker.js';
import {
  evaluate,
  HELD_OUT_SHARE,
  installVersion,
  isHeldOut,
  judge,
  MIN_DECISIONS,
  splitByNeed,
  trainCandidate,
  usable,
  type Decision,
} from './training.js';
import { overlapDecisions, overlapModel } from '../../../../test/factories/ranker.js';
import { seededRandom as generator } from '../../../../test/factories/seeded-random.js';

/** A shipped model that reads `overlap` and ignores `stage`. */
const shipped: RankerModel = overlapModel('shipped-test');

/**
 * Coordinators' decisions on `needs` needs, `perNeed` pairs each: approvals follow `overlap` as the shipped model
 * expects, and also `stage` (weight `stageWeight`) which it ignores.
 */
function decisions(needs: number, perNeed: number, stageWeight: number, seed = 7): Decision[] {
  const g = overlapDecisions(seed, stageWeight);
  const out: Decision[] = [];
  for (let n = 0; n < needs; n++) {
    for (let k = 0; k < perNeed; k++) {
      const { features, approved } = g.next();
      out.push({ matchId: `m-${n}-${k}`, needId: `need-${n}`, label: approved ? 1 : 0, features });
    }
  }
  return out;
}

/** The same decisions with the training needs' labels shuffled (the held-out needs keep theirs). */
function shuffledTraining(ds: Decision[], seed = 11): Decision[] {
  const g = generator(seed);
  const train = ds.filter((d) => !isHeldOut(d.needId));
  const labels = train.map((d) => d.label);
  for (let i = labels.length - 1; i > 0; i--) {
    const j = Math.floor(g.uniform() * (i + 1));
    [labels[i], labels[j]] = [labels[j], labels[i]];
  }
  let i = 0;
  return ds.map((d) => (isHeldOut(d.needId) ? d : { ...d, label: labels[i++] }));
}

const AT = new Date('2026-11-30T03:30:00.123Z');

describe('the split of decisions by need', () => {
  it('is a deterministic function of the need id, the same on every call and for every pair of a need', () => {
    const ids = Array.from({ length: 4000 }, (_, i) => `3d1f0c4e-8a2b-4c6d-9e1f-${String(i).padStart(12, '0')}`);
    const first = ids.map((id) => isHeldOut(id));
    expect(ids.map((id) => isHeldOut(id))).toEqual(first);
    const share = first.filter(Boolean).length / ids.length;
    expect(share).toBeGreaterThan(HELD_OUT_SHARE - 0.03);
    expect(share).toBeLessThan(HELD_OUT_SHARE + 0.03);

    const { train, heldOut } = splitByNeed(decisions(80, 6, 0));
    const trainNeeds = new Set(train.map((d) => d.needId));
    expect(heldOut.some((d) => trainNeeds.has(d.needId))).toBe(false);
    expect(heldOut.length + train.length).toBe(480);
  });
});

describe('training a candidate', () => {
  it('promotes an adjustment that learned what the shipped model ignores, and says why', () => {
    const outcome = trainCandidate(shipped, shipped, decisions(160, 6, 1.5), AT);
    if (outcome.kind !== 'judged') throw new Error(outcome.reason);
    expect(outcome.verdict.promote).toBe(true);
    expect(outcome.candidate.version).toBe('install-20261130T033000Z');
    expect(outcome.candidate.adjustment?.features).toEqual(['overlap', 'stage']);
    // It learned to weigh `stage` up, and left the level alone (the intercept is fixed).
    expect(outcome.candidate.adjustment!.fit.weights[1]).toBeGreaterThan(0.5);
    expect(outcome.candidate.adjustment!.fit.bias).toBe(0);
    const m = outcome.metrics;
    expect(m.candidate.logLoss).toBeLessThan(m.current.logLoss);
    expect(m.candidate.auc).toBeGreaterThan(m.current.auc);
    expect(m.aucGainConfidence).toBeGreaterThanOrEqual(0.99);
    expect(m.current.version).toBe('shipped-test');
    expect(m.heldOut.needs + m.training.needs).toBe(160);
    expect(m.verdict).toMatch(/^优于当时的模型.* \/ better than the current model: held-out log loss/);
  });

  it('does not promote a candidate fitted on shuffled labels, judged on the real held-out decisions', () => {
    const outcome = trainCandidate(shipped, shipped, shuffledTraining(decisions(160, 6, 1.5)), AT);
    if (outcome.kind !== 'judged') throw new Error(outcome.reason);
    expect(outcome.verdict.promote).toBe(false);
  });

  it('does not promote a candidate when the decisions hold nothing the current model does not know', () => {
    const outcome = trainCandidate(shipped, shipped, decisions(160, 6, 0), AT);
    if (outcome.kind !== 'judged') throw new Error(outcome.reason);
    expect(outcome.verdict.promote).toBe(false);
  });

  it('is judged against the model in use: a candidate no better than an earlier learned one is not promoted', () => {
    const ds = decisions(160, 6, 1.5);
    const first = trainCandidate(shipped, shipped, ds, AT);
    if (first.kind !== 'judged') throw new Error(first.reason);
    const again = trainCandidate(shipped, first.candidate, ds, new Date('2026-12-01T03:30:00Z'));
    if (again.kind !== 'judged') throw new Error(again.reason);
    expect(again.metrics.current.version).toBe(first.candidate.version);
    expect(again.verdict.promote).toBe(false);
  });

  it('refuses, saying why, with too few decisions, too few of a kind, or a side without both kinds', () => {
    const few = trainCandidate(shipped, shipped, decisions(6, 6, 1.5), AT);
    expect(few).toMatchObject({ kind: 'refused' });
    expect(few.kind === 'refused' && few.reason).toMatch(`at least ${MIN_DECISIONS} are needed`);

    const approvalsOnly = decisions(40, 6, 1.5).map((d, i) => ({
      ...d,
      label: i % 50 === 0 ? (0 as const) : (1 as const),
    }));
    const oneSided = trainCandidate(shipped, shipped, approvalsOnly, AT);
    expect(oneSided.kind === 'refused' && oneSided.reason).toMatch(/at least 10 of each are needed/);

    // Enough of each kind overall, but every approval belongs to a training need.
    const noneHeldOut = decisions(40, 6, 1.5).map((d) => ({
      ...d,
      label: isHeldOut(d.needId) ? (0 as const) : d.label,
    }));
    const unjudgeable = trainCandidate(shipped, shipped, noneHeldOut, AT);
    expect(unjudgeable.kind === 'refused' && unjudgeable.reason).toMatch(/held-out needs hold 0 approvals/);

    const placeholder = { ...shipped, features: [], fit: { mean: [], scale: [], weights: [], bias: 0 } };
    const nothing = trainCandidate(placeholder, placeholder, decisions(160, 6, 1.5), AT);
    expect(nothing.kind === 'refused' && nothing.reason).toMatch(/placeholder/);
  });
});

describe('judging and measuring', () => {
  const current = { logLoss: 0.3, auc: 0.8, precisionAboveFloor: 0.2, aboveFloor: 10 };

  it('needs a lower log loss and a higher AUC in nearly every resample', () => {
    expect(judge({ ...current, logLoss: 0.25, auc: 0.85 }, current, 0.995).promote).toBe(true);
    expect(judge({ ...current, logLoss: 0.2995, auc: 0.85 }, current, 1).promote).toBe(false);
    expect(judge({ ...current, logLoss: 0.25, auc: 0.79 }, current, 1).promote).toBe(false);
    // Lower log loss, higher AUC, but no better than luck on a few held-out needs.
    const lucky = judge({ ...current, logLoss: 0.25, auc: 0.82 }, current, 0.8);
    expect(lucky).toMatchObject({ promote: false });
    expect(lucky.reason).toMatch(/higher in 80% of resamples of the held-out needs, 99% needed/);
  });

  it('measures the precision of the approvals at or above the floor', () => {
    const ds: Decision[] = [
      { matchId: 'a', needId: 'n', label: 1, features: { overlap: 3, stage: 0 } },
      { matchId: 'b', needId: 'n', label: 0, features: { overlap: 2, stage: 0 } },
      { matchId: 'c', needId: 'n', label: 0, features: { overlap: -3, stage: 0 } },
    ];
    expect(evaluate(shipped, ds)).toMatchObject({ aboveFloor: 2, precisionAboveFloor: 0.5, auc: 1 });
  });

  it('keeps only decisions carrying every feature the model reads, as numbers', () => {
    expect(usable({ overlap: 1, stage: 0, extra: 2 }, shipped.features)).toEqual({ overlap: 1, stage: 0 });
    expect(usable({ overlap: 1 }, shipped.features)).toBeNull();
    expect(usable({ overlap: 1, stage: 'x' }, shipped.features)).toBeNull();
    expect(usable(null, shipped.features)).toBeNull();
    expect(usable([1, 2], shipped.features)).toBeNull();
  });

  it('names a learned version by its UTC training time', () => {
    expect(installVersion(new Date('2026-01-02T03:04:05.678Z'))).toBe('install-20260102T030405Z');
  });
});
