import type { RequestBudget } from './request-budget';

/** Lets a few plans (previews, launches) run at once across all requests; the others wait their turn. */
export interface PlanGate {
  /** Waits for a slot, checks the request's budget (and that its client is still there), then runs `work`. */
  run<T>(budget: RequestBudget, work: () => T | Promise<T>): Promise<T>;
}

/**
 * A first-come first-served gate of `concurrency` slots. Plans are synchronous and each holds tens of
 * MB until its response is sent: running them one after another bounds the server's memory, and a
 * request that waited past its time budget is stopped before it plans. `onPlanDone` runs after each
 * (e.g. a garbage collection: plans leave hundreds of MB of garbage behind).
 *
 * @example
 * const gate = createPlanGate(1);
 * const plan = await gate.run(ctx.budget, () => planBackfill(defs, snapshot, request));
 */
export function createPlanGate(concurrency: number, onPlanDone: () => void = () => {}): PlanGate {
  let active = 0;
  const waiting: (() => void)[] = [];
  return {
    async run(budget, work) {
      if (active < concurrency) active++;
      else await new Promise<void>((resolve) => waiting.push(resolve)); // the slot is handed over on release
      try {
        await budget.pause();
        return await work();
      } finally {
        const next = waiting.shift();
        if (next) next();
        else active--;
        onPlanDone();
      }
    },
  };
}
