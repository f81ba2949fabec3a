import type { ActionContext } from '@baton/actions';
import type { BatonContext } from '../context';

/**
 * A request's context as @baton/actions sees it: the request's cached planner state, its plan gate
 * and time budget, and the wake-ups after a change (planner cache, run coordinator, live queries).
 *
 * @example
 * const { runs } = await materialize(actionContext(ctx), { select: 'raw/orders' });
 */
export function actionContext(ctx: BatonContext): ActionContext {
  return {
    storage: ctx.storage,
    definitions: () => ctx.definitions(),
    snapshot: async () => (await ctx.plannerState()).snapshot,
    plan: (work) => ctx.plan(work),
    onChanged: () => {
      ctx.stateCache.invalidate();
      ctx.onRunsCreated();
      ctx.signal.notify();
    },
    ...(ctx.ioManagers ? { ioManagers: ctx.ioManagers } : {}),
  };
}
