import { sqlText } from '@baton/core';
import type { IndexedAsset } from '../internal/asset-index';
import { AssetPartitionsNode, PlanSummary } from '../plan/plan-summary';
import type { RunPlan } from '../plan/run-plan';

/** Counts and per-asset key ranges of a plan. */
export function summarizePlan(targets: readonly { asset: IndexedAsset; indices: Int32Array }[], runs: readonly RunPlan[]): PlanSummary {
  const assets = targets.map(({ asset, indices }) => {
    const ranges: [string, string][] = [];
    if (asset.partitioned) {
      let start = 0;
      for (let k = 1; k <= indices.length; k++) {
        if (k === indices.length || indices[k] !== indices[k - 1]! + 1) {
          ranges.push([asset.keyAt(indices[start]!), asset.keyAt(indices[k - 1]!)]);
          start = k;
        }
      }
    }
    return AssetPartitionsNode.create({
      assetKey: asset.key,
      partitionsDefinitionId: asset.partitioned ? asset.partitions.id : null,
      count: indices.length,
      ranges,
      ...(asset.def.sql ? { sql: sqlText(asset.def.sql) } : {}),
    });
  });
  return PlanSummary.create({
    runCount: runs.length,
    stepCount: runs.reduce((n, r) => n + r.steps.length, 0),
    assetCount: assets.length,
    assetPartitionCount: assets.reduce((n, a) => n + a.count, 0),
    assets,
  });
}
