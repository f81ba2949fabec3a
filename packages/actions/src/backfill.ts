import { planBackfillWork, selectAssetKeys, type BackfillRequest, type Plan } from '@baton/planner';
import { launchBackfill as queueBackfill } from '@baton/runner';
import type { BackfillRecord } from '@baton/core';
import { definitionsOf, planWith, snapshotOf, type ActionContext } from './action-context';

/**
 * A backfill request whose selection is text (`'raw/orders+'`) or asset keys; the text is resolved
 * against the context's definitions (unknown key: ASSET_NOT_FOUND, nothing matched: SELECTION_EMPTY).
 */
export type BackfillActionRequest = Omit<BackfillRequest, 'selection' | 'resolveSelection'> & { readonly selection: string | readonly string[] };

/**
 * What a backfill would launch: its runs, the asset partitions per asset and the estimated duration,
 * without launching anything (`baton backfill --dry-run`, the API's backfillPreview).
 *
 * @example
 * const plan = await previewBackfill(ctx, { selection: 'raw/orders+', partitions: { from: '2024-01-01', to: '2024-01-31' } });
 * plan.summary.runCount
 */
export async function previewBackfill(ctx: ActionContext, request: BackfillActionRequest): Promise<Plan> {
  const definitions = definitionsOf(ctx);
  const selection = typeof request.selection === 'string' ? selectAssetKeys(definitions, request.selection) : request.selection;
  const snapshot = await snapshotOf(ctx);
  return planWith(ctx, () => planBackfillWork(definitions, snapshot, { ...request, selection }));
}

/**
 * Plans a backfill (or takes the plan `previewBackfill` just made for this request) and launches it:
 * the backfill is recorded and its first runs queued (at most `maxConcurrentRuns`); a backfill
 * driver queues the rest. Returns the plan too (its summary).
 *
 * @example
 * const { backfill, plan } = await launchBackfill(ctx, { selection: 'raw/orders', partitions: 'all', maxConcurrentRuns: 4 });
 */
export async function launchBackfill(ctx: ActionContext, request: BackfillActionRequest, previewed?: Plan): Promise<{ readonly backfill: BackfillRecord; readonly plan: Plan }> {
  const plan = previewed ?? (await previewBackfill(ctx, request));
  const backfill = await queueBackfill(ctx.storage, plan, request.maxConcurrentRuns !== undefined ? { maxConcurrentRuns: request.maxConcurrentRuns } : {});
  ctx.onChanged?.();
  return { backfill, plan };
}
