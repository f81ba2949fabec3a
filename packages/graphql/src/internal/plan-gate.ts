import { runPlanWork, type PlanWork } from '@baton/planner';
import type { RequestBudget } from './request-budget';

/** How a plan that got its turn ended: computed, or stopped by its request's budget or its client leaving. */
export interface PlanOutcome {
  /** The code the plan was stopped with, null when it was computed (or failed otherwise). */
  readonly stopped: 'TIME_BUDGET_EXCEEDED' | 'REQUEST_ABORTED' | null;
  /** Time from getting the slot to the end (ms). */
  readonly ms: number;
}

/** Lets a few plans (previews, launches) run at once across all requests; the others wait their turn. */
export interface PlanGate {
  /**
   * Waits for a slot, checks the request's budget (and that its client is still there), then runs
   * `work`. When `work` returns a planner `PlanWork` (e.g. `planBackfillWork(…)`), it runs in slices
   * with the event loop turning in between, and stops mid-way once the budget runs out or the client leaves.
   */
  run<T>(budget: RequestBudget, work: () => PlanWork<T> | T | Promise<T>): Promise<T>;
}

/**
 * A first-come first-served gate of `concurrency` slots. Plans hold tens of MB until their response
 * is sent: running them one after another bounds the server's memory, and a request that waited past
 * its time budget is stopped before it plans. `onPlanDone` runs after each (e.g. a garbage
 * collection: plans leave hundreds of MB of garbage behind), saying whether the plan was stopped.
 *
 * @example
 * const gate = createPlanGate(1);
 * const plan = await gate.run(ctx.budget, () => planBackfillWork(defs, snapshot, request));
 */
export function createPlanGate(concurrency: number, onPlanDone: (outcome: PlanOutcome) => void = () => {}): PlanGate {
  let active = 0;
  const waiting: (() => void)[] = [];
  return {
    async run(budget, work) {
      if (active < concurrency) active++;
      else await new Promise<void>((resolve) => waiting.push(resolve)); // the slot is handed over on release
      const start = performance.now();
      let stopped: PlanOutcome['stopped'] = null;
      try {
        await budget.pause();
        const result = work();
        return isPlanWork(result) ? await runPlanWork(result, { pause: () => budget.pause() }) : await result;
      } catch (error) {
        stopped = stopCode(error);
        throw error;
      } finally {
        const next = waiting.shift();
        if (next) next();
        else active--;
        onPlanDone({ stopped, ms: performance.now() - start });
      }
    },
  };
}

function isPlanWork<T>(value: PlanWork<T> | T | Promise<T>): value is PlanWork<T> {
  const v = value as { next?: unknown; [Symbol.iterator]?: unknown } | null;
  return typeof v === 'object' && v !== null && typeof v.next === 'function' && typeof v[Symbol.iterator] === 'function';
}

function stopCode(error: unknown): PlanOutcome['stopped'] {
  const code = (error as { extensions?: { code?: unknown } } | null)?.extensions?.code;
  return code === 'TIME_BUDGET_EXCEEDED' || code === 'REQUEST_ABORTED' ? code : null;
}
