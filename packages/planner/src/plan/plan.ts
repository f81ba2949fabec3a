import { deepFreeze } from '@baton/core';
import type { PlanEstimate } from './plan-estimate';
import type { PlanSummary } from './plan-summary';
import type { PlanWarning } from './plan-warning';
import type { RunPlan } from './run-plan';
import { isKind } from './step-plan';

export type PlanPurpose = 'materialize' | 'materialize-stale' | 'backfill';

/**
 * A frozen, JSON-serialisable plan: runs → steps → asset partitions, with a summary and an estimate.
 * Runs are listed in a valid launch order (every run after the runs it depends on).
 */
export interface Plan {
  readonly kind: 'Plan';
  readonly purpose: PlanPurpose;
  /** The snapshot's `now` the plan was made at (epoch ms). */
  readonly createdAt: number;
  /** Asset keys the plan materializes, in dependency order. */
  readonly assetKeys: readonly string[];
  readonly runs: readonly RunPlan[];
  readonly summary: PlanSummary;
  readonly estimate: PlanEstimate;
  /** The request that produced the plan (backfill request, partitions), as plain data. */
  readonly request: Readonly<Record<string, unknown>>;
  /** What a preview must show before launching: clamped ranges, inputs that will be missing, batching advice. */
  readonly warnings: readonly PlanWarning[];
}

export const Plan = {
  /** @example Plan.create({ purpose: 'materialize', createdAt: 0, assetKeys: [], runs: [], summary, estimate, request: {} }) */
  create(fields: Omit<Plan, 'kind' | 'warnings'> & { readonly warnings?: readonly PlanWarning[] }): Plan {
    return deepFreeze({ kind: 'Plan', ...fields, warnings: fields.warnings ?? [] });
  },
  /** @example Plan.is(node) */
  is(node: unknown): node is Plan {
    return isKind(node, 'Plan');
  },
};
