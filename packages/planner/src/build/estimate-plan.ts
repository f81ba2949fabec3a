import type { AssetIndex } from '../internal/asset-index';
import { PlanEstimate, type AssetEstimate, type EstimateConfidence } from '../plan/plan-estimate';
import type { RunPlan } from '../plan/run-plan';

export interface EstimateOptions {
  /** Runs the backfill may run at once (default 1). */
  readonly maxConcurrentRuns?: number;
  /** Duration assumed per asset partition with no history (default 60,000 ms). */
  readonly defaultStepMs?: number;
}

export const DEFAULT_STEP_MS = 60_000;

/**
 * Confidence by number of recent samples: ≥ 10 high, ≥ 3 medium, ≥ 1 low, none → default duration.
 *
 * @example
 * confidenceFor(0); // 'none'
 * confidenceFor(4); // 'medium'
 */
export function confidenceFor(samples: number): EstimateConfidence {
  return samples >= 10 ? 'high' : samples >= 3 ? 'medium' : samples >= 1 ? 'low' : 'none';
}

function median(values: readonly number[]): number {
  // a typed array sorts numerically without calling a comparator (in a one-partition plan's cold code
  // the comparator calls were most of the estimate)
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const RANK: Record<EstimateConfidence, number> = { none: 0, low: 1, medium: 2, high: 3 };

/**
 * Estimates a plan's duration from each asset's recent step durations (median per asset partition).
 * A step costs the partitions it covers × the per-partition median (a multi-asset step: the slowest
 * output); a run costs its longest chain of steps; wall-clock ≈ max(critical path over run
 * dependencies, total run time / maxConcurrentRuns).
 */
export function estimatePlan(index: AssetIndex, runs: readonly RunPlan[], options: EstimateOptions): PlanEstimate {
  const maxConcurrentRuns = Math.max(1, Math.floor(options.maxConcurrentRuns ?? 1));
  const defaultStepMs = options.defaultStepMs ?? DEFAULT_STEP_MS;
  // indexed loops and no closures: a one-partition run estimates one step per plan, in code V8 rarely
  // optimizes, where each `for…of` allocates an iterator and its results
  const perAsset = new Map<string, { perPartitionMs: number; sampleCount: number; partitionCount: number }>();
  const runMs = new Float64Array(runs.length);
  let totalWorkMs = 0;
  for (let r = 0; r < runs.length; r++) {
    const steps = runs[r]!.steps;
    const finish = new Map<string, number>();
    let longest = 0;
    for (let k = 0; k < steps.length; k++) {
      const step = steps[k]!;
      const partitions = Math.max(1, step.partitionKeys.length);
      let ms = 0;
      for (let a = 0; a < step.assetKeys.length; a++) {
        const assetKey = step.assetKeys[a]!;
        let cost = perAsset.get(assetKey);
        if (!cost) {
          const samples = index.get(assetKey).state.recentDurationsMs;
          cost = { perPartitionMs: samples.length > 0 ? median(samples) : defaultStepMs, sampleCount: samples.length, partitionCount: 0 };
          perAsset.set(assetKey, cost);
        }
        cost.partitionCount += partitions;
        ms = Math.max(ms, cost.perPartitionMs * partitions);
      }
      let start = 0;
      for (let d = 0; d < step.dependsOn.length; d++) start = Math.max(start, finish.get(step.dependsOn[d]!) ?? 0);
      finish.set(step.key, start + ms);
      longest = Math.max(longest, start + ms);
    }
    runMs[r] = longest;
    totalWorkMs += longest;
  }
  // runs are in launch order: dependencies come first
  const runFinish = new Map<string, number>();
  let criticalPathMs = 0;
  for (let r = 0; r < runs.length; r++) {
    const run = runs[r]!;
    let start = 0;
    for (let d = 0; d < run.dependsOnRuns.length; d++) start = Math.max(start, runFinish.get(run.dependsOnRuns[d]!) ?? 0);
    const end = start + runMs[r]!;
    runFinish.set(run.key, end);
    criticalPathMs = Math.max(criticalPathMs, end);
  }
  const assets: AssetEstimate[] = [];
  let confidence: EstimateConfidence = 'high';
  let noHistory = 0;
  let thin = 0;
  perAsset.forEach((e, assetKey) => {
    const asset: AssetEstimate = {
      assetKey,
      perPartitionMs: e.perPartitionMs,
      sampleCount: e.sampleCount,
      confidence: confidenceFor(e.sampleCount),
      partitionCount: e.partitionCount,
      totalMs: e.perPartitionMs * e.partitionCount,
    };
    assets.push(asset);
    if (RANK[asset.confidence] < RANK[confidence]) confidence = asset.confidence;
    if (e.sampleCount === 0) noHistory++;
    else if (e.sampleCount < 3) thin++;
  });
  const notes: string[] = [];
  if (noHistory > 0) notes.push(`${noHistory} asset(s) have no recent step durations; assumed ${defaultStepMs / 1000} s per partition`);
  if (thin > 0) notes.push(`${thin} asset(s) have fewer than 3 recent durations; their estimates are rough`);
  return PlanEstimate.create({
    totalWorkMs,
    criticalPathMs,
    maxConcurrentRuns,
    wallClockMs: Math.max(criticalPathMs, totalWorkMs / maxConcurrentRuns),
    confidence: assets.length === 0 ? 'none' : confidence,
    defaultStepMs,
    assets,
    notes,
  });
}
