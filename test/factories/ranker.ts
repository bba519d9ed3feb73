import { sigmoid } from '../../src/modules/matching/ranker/logistic.js';
import type { RankerModel } from '../../src/modules/matching/ranker/ranker.js';
import { seededRandom } from './seeded-random.js';

/** A release's model that reads `overlap` and ignores `stage` (the real one is fitted on the judged set). */
export function overlapModel(version: string): RankerModel {
  return {
    version,
    features: ['overlap', 'stage'],
    fit: { mean: [0, 0], scale: [1, 1], weights: [1.5, 0], bias: -1.5 },
    adjustment: null,
    floor: 0.1,
    bands: { high: 0.5, medium: 0.25 },
    trainedAt: '2026-11-30T00:00:00Z',
  };
}

/**
 * Simulated coordinators' decisions, seeded: each draws the pair's features and whether it was approved, following
 * `overlap` as `overlapModel` expects and also `stage` (weight `stageWeight`), which that model ignores.
 */
export function overlapDecisions(seed: number, stageWeight: number) {
  const g = seededRandom(seed);
  return {
    next(): { features: { overlap: number; stage: number }; approved: boolean } {
      const features = { overlap: g.normal(), stage: g.normal() };
      return {
        features,
        approved: g.uniform() < sigmoid(-1.5 + 1.5 * features.overlap + stageWeight * features.stage),
      };
    },
    uniform: g.uniform,
  };
}
