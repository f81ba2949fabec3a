import type { BackfillRecord, RunRecord } from '@baton/core';
import { cancelBackfill as cancelBackfillRuns, cancelRun as cancelRunNow } from '@baton/runner';
import type { ActionContext } from './action-context';
import { findRun } from './find-run';

/**
 * Cancels a run given its id or a unique prefix: a queued run at once, a running one is asked to
 * stop (RUN_CANCELING). A run that already ended is refused with RUN_STATE_CONFLICT, an unknown id
 * with RUN_NOT_FOUND, wherever the request comes from. Returns the run before and after.
 *
 * @example
 * const { run } = await cancelRun(ctx, 'b774c88a'); // run.status: 'canceled' or 'canceling'
 */
export async function cancelRun(ctx: ActionContext, idOrPrefix: string): Promise<{ readonly run: RunRecord; readonly previous: RunRecord }> {
  const previous = await findRun(ctx.storage, idOrPrefix);
  const run = await cancelRunNow(ctx.storage, previous.id);
  ctx.onChanged?.();
  return { run, previous };
}

/**
 * Cancels a backfill: its queued runs are dropped, its running runs asked to stop, nothing more is
 * queued. A backfill that already ended is returned as it is; an unknown id is BACKFILL_NOT_FOUND.
 *
 * @example
 * const backfill = await cancelBackfill(ctx, backfillId);
 */
export async function cancelBackfill(ctx: ActionContext, id: string): Promise<BackfillRecord> {
  const backfill = await cancelBackfillRuns(ctx.storage, id);
  ctx.onChanged?.();
  return backfill;
}

/**
 * `baton cancel <id>`: a backfill when the id is one, else a run (id or unique prefix).
 *
 * @example
 * const cancelled = await cancel(ctx, 'b774c88a');
 * if (cancelled.kind === 'run') cancelled.run.status;
 */
export async function cancel(
  ctx: ActionContext,
  id: string,
): Promise<{ readonly kind: 'backfill'; readonly backfill: BackfillRecord } | { readonly kind: 'run'; readonly run: RunRecord; readonly previous: RunRecord }> {
  if (await ctx.storage.getBackfill(id)) return { kind: 'backfill', backfill: await cancelBackfill(ctx, id) };
  return { kind: 'run', ...(await cancelRun(ctx, id)) };
}
