import { deepFreeze } from '@baton/core';
import { isKind } from './step-plan';

/** How much history backs an estimate: high ≥ 10 samples, medium ≥ 3, low ≥ 1, none = default used. */
export type EstimateConfidence = 'high' | 'medium' | 'low' | 'none';

/** The estimate of one asset's work in a plan. */
export interface AssetEstimate {
  readonly assetKey: string;
  /** Median of the asset's recent step durations, or the default when there is no history. */
  readonly perPartitionMs: number;
  readonly sampleCount: number;
  readonly confidence: EstimateConfidence;
  /** Partitions (1 for unpartitioned) the plan materializes for this asset. */
  readonly partitionCount: number;
  readonly totalMs: number;
}

/** A duration estimate: wall-clock ≈ max(critical path, total work / maxConcurrentRuns). */
export interface PlanEstimate {
  readonly kind: 'PlanEstimate';
  /** Sum of all step durations. */
  readonly totalWorkMs: number;
  /** Longest chain of dependent work (steps within a run run sequentially along dependencies; runs after their dependsOnRuns). */
  readonly criticalPathMs: number;
  readonly maxConcurrentRuns: number;
  readonly wallClockMs: number;
  /** The weakest confidence among assets that carry work. */
  readonly confidence: EstimateConfidence;
  /** Duration assumed for an asset partition with no history. */
  readonly defaultStepMs: number;
  readonly assets: readonly AssetEstimate[];
  /** Plain-words caveats, e.g. "3 assets have no history; assumed 60 s per partition". */
  readonly notes: readonly string[];
}

export const PlanEstimate = {
  /** @example PlanEstimate.create({ totalWorkMs: 0, criticalPathMs: 0, maxConcurrentRuns: 1, wallClockMs: 0, confidence: 'none', defaultStepMs: 60000, assets: [], notes: [] }) */
  create(fields: Omit<PlanEstimate, 'kind'>): PlanEstimate {
    return deepFreeze({ kind: 'PlanEstimate', ...fields });
  },
  /** @example PlanEstimate.is(node) */
  is(node: unknown): node is PlanEstimate {
    return isKind(node, 'PlanEstimate');
  },
};
