import { deepFreeze } from '@baton/core';
import type { RunPartitionTarget } from '@baton/core';
import { isKind, type StepPlan } from './step-plan';

/**
 * One run of a plan. Runs are independent units the runner queues; `dependsOnRuns` lists the run
 * keys (same plan) that must finish successfully first — partition dependencies across runs, e.g.
 * a self-dependent asset's previous partition, or a daily run waiting for its 24 hourly runs.
 */
export interface RunPlan {
  readonly kind: 'RunPlan';
  /** Unique in the plan, e.g. `run-0001`. */
  readonly key: string;
  readonly assetKeys: readonly string[];
  /** The run's partition target (the target of its partitioned steps; `none` when all are unpartitioned). */
  readonly partition: RunPartitionTarget;
  /** The partitions definition of `partition` (null when `none`). */
  readonly partitionsDefinitionId: string | null;
  /** Steps in dependency order. */
  readonly steps: readonly StepPlan[];
  readonly dependsOnRuns: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
}

export const RunPlan = {
  /**
   * @example
   * RunPlan.create({ key: 'run-0001', assetKeys: ['a'], partition: { kind: 'none' }, partitionsDefinitionId: null, steps: [], dependsOnRuns: [], tags: {} })
   */
  create(fields: Omit<RunPlan, 'kind'>): RunPlan {
    return deepFreeze({ kind: 'RunPlan', ...fields });
  },
  /** @example RunPlan.is(node) */
  is(node: unknown): node is RunPlan {
    return isKind(node, 'RunPlan');
  },
};
