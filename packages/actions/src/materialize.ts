import { planRequestWork, type Plan, type PlanRequest } from '@baton/planner';
import { definitionsOf, planWith, snapshotOf, type ActionContext } from './action-context';
import { launchPlan, type Launched, type LaunchPlanOptions } from './launch-plan';

/**
 * What to materialize: a selection (every asset when absent) or only what is stale, over one
 * partition key, an inclusive `{ from, to }` range, `'all'` or `'latest'` (the default: each
 * partitioned asset's latest partition, plus the upstream partitions those read). A range over a mix
 * of partitioned and unpartitioned assets runs the unpartitioned ones once.
 */
export type MaterializeRequest = PlanRequest;

/**
 * The plan of a materialize request (the planner's `planRequest` over the context's stored state),
 * as `baton materialize`, `baton plan`, the API's materialize mutations and automation plan it.
 * Throws SELECTION_SYNTAX_ERROR, SELECTION_EMPTY, ASSET_NOT_FOUND, PARTITION_KEY_INVALID,
 * PARTITION_RANGE_INVALID for bad input.
 *
 * @example
 * const plan = await planMaterialization(ctx, { select: 'raw/orders+', partitions: { from: '2024-01-01', to: '2024-01-31' } });
 */
export async function planMaterialization(ctx: ActionContext, request: MaterializeRequest): Promise<Plan> {
  const definitions = definitionsOf(ctx);
  const snapshot = await snapshotOf(ctx);
  return planWith(ctx, () => planRequestWork(definitions, snapshot, request));
}

/**
 * Plans a materialize request and launches it (`launchPlan`): queued by default, or executed here.
 *
 * @example
 * const { plan, runs } = await materialize(ctx, { select: 'raw/orders', partitions: '2024-01-02' });
 */
export async function materialize(ctx: ActionContext, request: MaterializeRequest, options: LaunchPlanOptions = {}): Promise<Launched & { readonly plan: Plan }> {
  const plan = await planMaterialization(ctx, request);
  const launched = await launchPlan(ctx, plan, options);
  return { ...launched, plan };
}
