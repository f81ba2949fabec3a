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
  const perAsset = new Map<string, { perPartitionMs: number; sampleCount: number; partitionCount: number }>();
  const costOf = (assetKey: string) => {
    let entry = perAsset.get(assetKey);
    if (!entry) {
      const samples = index.get(assetKey).state.recentDurationsMs;
      entry = { perPartitionMs: samples.length > 0 ? median(samples) : defaultStepMs, sampleCount: samples.length, partitionCount: 0 };
      perAsset.set(assetKey, entry);
    }
    return entry;
  };
  const runMs = new Map<string, number>();
  let totalWorkMs = 0;
  for (const run of runs) {
    const finish = new Map<string, number>();
    let longest = 0;
    for (const step of run.steps) {
      const partitions = Math.max(1, step.partitionKeys.length);
      let ms = 0;
      for (const key of step.assetKeys) {
        const cost = costOf(key);
        cost.partitionCount += partitions;
        ms = Math.max(ms, cost.perPartitionMs * partitions);
      }
      let start = 0;
      for (const dep of step.dependsOn) start = Math.max(start, finish.get(dep) ?? 0);
      finish.set(step.key, start + ms);
      longest = Math.max(longest, start + ms);
    }
    runMs.set(run.key, longest);
    totalWorkMs += longest;
  }
  // runs are in launch order: dependencies come first
  const runFinish = new Map<string, number>();
  let criticalPathMs = 0;
  for (const run of runs) {
    let start = 0;
    for (const dep of run.dependsOnRuns) start = Math.max(start, runFinish.get(dep) ?? 0);
    const end = start + runMs.get(run.key)!;
    runFinish.set(run.key, end);
    criticalPathMs = Math.max(criticalPathMs, end);
  }
  const assets: AssetEstimate[] = [...perAsset].map(([assetKey, e]) => ({
    assetKey,
    perPartitionMs: e.perPartitionMs,
    sampleCount: e.sampleCount,
    confidence: confidenceFor(e.sampleCount),
    partitionCount: e.partitionCount,
    totalMs: e.perPartitionMs * e.partitionCount,
  }));
  const confidence = assets.reduce<EstimateConfidence>((worst, a) => (RANK[a.confidence] < RANK[worst] ? a.confidence : worst), 'high');
  const noHistory = assets.filter((a) => a.sampleCount === 0).length;
  const notes: string[] = [];
  if (noHistory > 0) notes.push(`${noHistory} asset(s) have no recent step durations; assumed ${defaultStepMs / 1000} s per partition`);
  const thin = assets.filter((a) => a.sampleCount > 0 && a.sampleCount < 3).length;
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
