import type { AssetDefinition } from '@baton/core';
import type { StepPlan } from '@baton/planner';

/**
 * True when an asset reads its own earlier partitions (an input or dep on itself, which
 * `definitions()` allows only through a time-window mapping into the past).
 *
 * @example
 * isSelfDependent(cumulativeRevenue) // true: previous: input('rollups/cumulative_revenue', { mapping: timeWindowMapping({ startOffset: -1, endOffset: -1 }) })
 */
export function isSelfDependent(def: AssetDefinition): boolean {
  return def.inputs.some((i) => i.assetKey === def.key) || def.deps.some((d) => d.assetKey === def.key);
}

/**
 * True when a step calls its asset function once per partition: it covers several partitions and
 * its asset did not opt in to ranged execution (`ranged: true`, one call for the whole range).
 *
 * @example
 * runsPerPartition(step, [daily]) // true for a step over ['2024-01-01', '2024-01-02'] of a non-ranged asset
 */
export function runsPerPartition(step: Pick<StepPlan, 'partitionKeys'>, defs: readonly AssetDefinition[]): boolean {
  return step.partitionKeys.length > 1 && !defs.some((d) => d.ranged === true);
}
