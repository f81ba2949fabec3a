import { deepFreeze } from '@baton/core';

/** Why a step is in a plan. */
export type StepReasonCategory =
  /** the user asked for it explicitly (materialize, backfill with reprocess 'all') */
  | 'requested'
  /** never materialized */
  | 'missing'
  /** materialized, but out of date (see the staleness causes) */
  | 'stale'
  /** the most recent attempt failed */
  | 'failed'
  /** fresh now, but an upstream in the same plan is rebuilt, which makes it stale */
  | 'upstream-rebuilt';

export interface StepReason {
  readonly category: StepReasonCategory;
  /** A readable sentence, e.g. `"raw/orders" has a new code version (v1 → v2)`. */
  readonly message: string;
}

/**
 * One step of a run: one asset (or every output of one multi-asset) over one or more partitions.
 * `dependsOn` lists step keys of the same run that must succeed first.
 */
export interface StepPlan {
  readonly kind: 'StepPlan';
  /** Unique in its run, e.g. `clean/users` or `clean/users[2024-01-01]` or `clean/users[2024-01-01...2024-01-31]`. */
  readonly key: string;
  readonly assetKeys: readonly string[];
  /** Every partition key the step materializes (empty for unpartitioned assets). */
  readonly partitionKeys: readonly string[];
  /** The partitions definition id of `partitionKeys` (null when unpartitioned). */
  readonly partitionsDefinitionId: string | null;
  readonly dependsOn: readonly string[];
  readonly reasons: readonly StepReason[];
  /**
   * True when every asset partition of the step is fresh now and only in the plan because an
   * upstream in the plan is rebuilt: when the rebuilt upstreams keep their data versions (same
   * content), its inputs are unchanged and the runner skips it. Absent otherwise.
   */
  readonly skipIfInputsUnchanged?: boolean;
}

export const StepPlan = {
  /**
   * @example
   * StepPlan.create({ key: 'clean/users', assetKeys: ['clean/users'], partitionKeys: [], partitionsDefinitionId: null, dependsOn: [], reasons: [] })
   */
  create(fields: Omit<StepPlan, 'kind'>): StepPlan {
    return deepFreeze({ kind: 'StepPlan', ...fields });
  },
  /** @example StepPlan.is(node) */
  is(node: unknown): node is StepPlan {
    return isKind(node, 'StepPlan');
  },
};

/** @internal */
export function isKind(node: unknown, kind: string): boolean {
  return typeof node === 'object' && node !== null && (node as { kind?: unknown }).kind === kind;
}
